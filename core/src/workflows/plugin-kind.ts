import type { WorkflowContent } from '@rapport/schemas';
import fp from 'fastify-plugin';
import { ObjectId } from 'mongodb';
import { contentHashOf, type KindStep, type PluginKind } from '../plugins/kinds.js';

/** A workflow a plugin installed: `hash` of the plugin's content, `rev` of the institution's copy then. */
interface InstalledWorkflow {
  key: string;
  id: string;
  hash: string;
  rev: number;
}

/** Workflows: copied in and published; upgraded as new versions (running instances keep theirs). */
export default fp(
  async (app) => {
    const add = async (step: KindStep<InstalledWorkflow[]>, workflow: WorkflowContent) => {
      const { institutionId, actor } = step;
      const created = await app.workflows.create(institutionId, workflow, actor);
      const published = await app.workflows.publish(institutionId, created._id, created.rev, actor);
      return {
        key: workflow.key,
        id: published._id.toHexString(),
        hash: contentHashOf(workflow),
        rev: published.rev,
      };
    };
    const ids = (workflows: InstalledWorkflow[]) => workflows.map((w) => new ObjectId(w.id));

    const kind: PluginKind<InstalledWorkflow[]> = {
      key: 'workflows',
      after: ['forms'],
      async check(institutionId, plugin) {
        const taken = new Set((await app.workflows.list(institutionId)).map((w) => w.key));
        return plugin.content.workflows
          .filter((w) => taken.has(w.key))
          .map((w) => ({
            file: 'workflows',
            path: `/${w.key}`,
            message: {
              en: `the institution already has a workflow "${w.key}"`,
              zh: `本机构已有流程 "${w.key}"`,
            },
          }));
      },
      async install(step) {
        const installed: InstalledWorkflow[] = [];
        for (const workflow of step.plugin.content.workflows) {
          installed.push(await add(step, workflow));
          await step.save(installed);
        }
        step.report.created.workflows = installed.length;
        return installed;
      },
      async upgrade(step, state) {
        const { institutionId, actor } = step;
        const outcome = {
          added: [] as string[],
          updated: [] as string[],
          changedByInstitution: [] as string[],
        };
        for (const workflow of step.plugin.content.workflows) {
          const known = state.find((w) => w.key === workflow.key);
          const current = known
            ? await app.workflows.get(institutionId, new ObjectId(known.id)).catch(() => null)
            : null;
          if (!known || !current) {
            state.push(await add(step, workflow));
            outcome.added.push(workflow.key);
            continue;
          }
          if (known.hash === contentHashOf(workflow)) continue;
          if (current.rev !== known.rev) outcome.changedByInstitution.push(workflow.key);
          const saved = await app.workflows.update(institutionId, current._id, current.rev, workflow, actor);
          const published = await app.workflows.publish(institutionId, saved._id, saved.rev, actor);
          Object.assign(known, { hash: contentHashOf(workflow), rev: published.rev });
          outcome.updated.push(workflow.key);
        }
        return { state, ...outcome };
      },
      async dependents(institutionId, state) {
        return { instances: await app.workflows.countInstances(institutionId, ids(state)) };
      },
      async remove(institutionId, state = []) {
        await app.workflows.removeMany(institutionId, ids(state));
      },
    };
    app.pluginKinds.register(kind);
  },
  { name: 'workflows-plugin-kind', dependencies: ['plugin-kinds', 'workflows-service'] },
);
