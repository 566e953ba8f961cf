import { withSelectionDefaults } from '@rapport/schemas';
import fp from 'fastify-plugin';
import { ObjectId } from 'mongodb';
import type { PluginKind } from '../plugins/kinds.js';

/**
 * A plugin's selection design: its drive (positions, eligibility, weights) opened in the institution.
 * Once it has candidates they are data the institution depends on.
 */
export default fp(
  async (app) => {
    const drivesOf = async (institutionId: ObjectId, ids: string[]) => {
      const drives = await Promise.all(
        ids.map((id) => app.selection.getDrive(institutionId, new ObjectId(id)).catch(() => null)),
      );
      return drives.filter((drive) => drive !== null);
    };

    const kind: PluginKind<{ drives: string[] }> = {
      key: 'selection',
      async check(institutionId, plugin) {
        const code = plugin.content.selection?.drive.code;
        const taken = (await app.selection.listDrives(institutionId)).some((d) => d.code === code);
        if (!taken) return [];
        return [
          {
            file: plugin.manifest.contributes.selection ?? 'selection',
            path: '/drive/code',
            message: {
              en: `the institution already has a selection drive "${code}"`,
              zh: `本机构已有选拔 "${code}"`,
            },
          },
        ];
      },
      async install(step) {
        const design = step.plugin.content.selection;
        const state = { drives: [] as string[] };
        if (design) {
          const drive = await app.selection.createDrive(
            step.institutionId,
            withSelectionDefaults(design.drive),
            step.actor,
          );
          state.drives.push(drive._id.toHexString());
        }
        step.report.created.selectionDrives = state.drives.length;
        return state;
      },
      async dependents(institutionId, state) {
        const counts = await Promise.all(
          state.drives.map(
            async (id) => (await app.selection.listCandidates(institutionId, new ObjectId(id))).length,
          ),
        );
        return { candidates: counts.reduce((a, b) => a + b, 0) };
      },
      async remove(institutionId, state = { drives: [] }, _snapshot, actor) {
        for (const drive of await drivesOf(institutionId, state.drives))
          await app.selection.removeDrive(institutionId, drive._id, drive.rev, actor);
      },
    };
    app.pluginKinds.register(kind);
  },
  { name: 'selection-plugin-kind', dependencies: ['plugin-kinds', 'selection-service'] },
);
