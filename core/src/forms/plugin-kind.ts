import type { FormContent } from '@rapport/schemas';
import fp from 'fastify-plugin';
import { ObjectId } from 'mongodb';
import { contentHashOf, type KindStep, type PluginKind } from '../plugins/kinds.js';

/** A form a plugin installed: `hash` of the plugin's content, `draftHash` of the institution's copy then. */
interface InstalledForm {
  key: string;
  id: string;
  hash: string;
  draftHash: string;
}

/** Forms and audit checklists: copied in and published, with their source; upgraded as new versions. */
export default fp(
  async (app) => {
    const contentOf = (step: KindStep<InstalledForm[]>): FormContent[] => [
      ...step.plugin.content.forms,
      ...step.plugin.content.checklists,
    ];
    const add = async (step: KindStep<InstalledForm[]>, form: FormContent): Promise<InstalledForm> => {
      const { institutionId, actor, source } = step;
      const created = await app.forms.create(institutionId, form, actor, source);
      const published = await app.forms.publish(institutionId, created._id, created.rev, actor);
      return {
        key: form.key,
        id: published._id.toHexString(),
        hash: contentHashOf(form),
        draftHash: published.draftHash,
      };
    };
    const ids = (forms: InstalledForm[]) => forms.map((f) => new ObjectId(f.id));

    const kind: PluginKind<InstalledForm[]> = {
      key: 'forms',
      async check(institutionId, plugin) {
        const taken = new Set((await app.forms.list(institutionId, {})).map((f) => f.key));
        return [...plugin.content.forms, ...plugin.content.checklists]
          .filter((form) => taken.has(form.key))
          .map((form) => ({
            file: 'forms',
            path: `/${form.key}`,
            message: {
              en: `the institution already has a form "${form.key}"`,
              zh: `本机构已有表单 "${form.key}"`,
            },
          }));
      },
      async install(step) {
        const installed: InstalledForm[] = [];
        for (const form of contentOf(step)) {
          installed.push(await add(step, form));
          await step.save(installed);
        }
        step.report.created.forms = installed.length;
        return installed;
      },
      async upgrade(step, state) {
        const { institutionId, actor, source } = step;
        const outcome = {
          added: [] as string[],
          updated: [] as string[],
          changedByInstitution: [] as string[],
        };
        for (const form of contentOf(step)) {
          const known = state.find((f) => f.key === form.key);
          const current = known
            ? await app.forms.get(institutionId, new ObjectId(known.id)).catch(() => null)
            : null;
          if (!known || !current) {
            state.push(await add(step, form));
            outcome.added.push(form.key);
            continue;
          }
          if (known.hash === contentHashOf(form)) continue;
          if (current.draftHash !== known.draftHash) outcome.changedByInstitution.push(form.key);
          const { key: _key, ...changes } = form;
          const saved = await app.forms.update(
            institutionId,
            current._id,
            current.rev,
            changes,
            actor,
            source,
          );
          const published = await app.forms.publish(institutionId, saved._id, saved.rev, actor);
          Object.assign(known, { hash: contentHashOf(form), draftHash: published.draftHash });
          outcome.updated.push(form.key);
        }
        return { state, ...outcome };
      },
      async dependents(institutionId, state) {
        return { submissions: await app.submissions.countOf(institutionId, ids(state)) };
      },
      async archive(institutionId, state, actor) {
        for (const id of ids(state)) {
          const form = await app.forms.get(institutionId, id).catch(() => null);
          if (form && form.status !== 'archived') await app.forms.archive(institutionId, id, form.rev, actor);
        }
      },
      async remove(institutionId, state = []) {
        await app.forms.removeMany(institutionId, ids(state));
      },
    };
    app.pluginKinds.register(kind);
  },
  { name: 'forms-plugin-kind', dependencies: ['plugin-kinds', 'forms-service', 'submissions-service'] },
);
