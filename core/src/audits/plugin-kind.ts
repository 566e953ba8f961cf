import fp from 'fastify-plugin';
import { ObjectId } from 'mongodb';
import type { PluginKind } from '../plugins/kinds.js';

/**
 * Audit plans from a plugin's templates, given the institution's auditors and installed paused: the
 * institution starts its spot checks when it is ready. Without auditors a template is skipped, said why.
 */
export default fp(
  async (app) => {
    const plansOf = async (institutionId: ObjectId, ids: string[]) => {
      const plans = await Promise.all(
        ids.map((id) => app.audits.plans.get(institutionId, new ObjectId(id)).catch(() => null)),
      );
      return plans.filter((plan) => plan !== null);
    };

    const kind: PluginKind<{ auditPlans: string[] }> = {
      key: 'audit-plans',
      after: ['forms', 'people'],
      async install(step) {
        const { institutionId, actor } = step;
        const state = { auditPlans: [] as string[] };
        const auditors = (await app.users.list(institutionId)).filter(
          (u) => u.role === 'auditor' && !u.disabled,
        );
        for (const template of step.plugin.content.auditPlans) {
          if (auditors.length === 0) {
            step.report.skipped.push({
              what: `audit plan ${template.code}`,
              reason: {
                en: 'the institution has no auditors yet; add one and create the plan from the template',
                zh: '本机构尚无稽核人员，添加后再依模板创建检查计划',
              },
            });
            continue;
          }
          const plan = await app.audits.plans.create(
            institutionId,
            { ...template, auditorIds: auditors.map((a) => a._id.toHexString()) },
            actor,
          );
          state.auditPlans.push(plan._id.toHexString());
          await step.save(state);
          await app.audits.plans.setStatus(institutionId, plan._id, plan.rev, 'paused', actor);
        }
        step.report.created.auditPlans = state.auditPlans.length;
        return state;
      },
      async dependents(institutionId, state) {
        const ids = state.auditPlans.map((id) => new ObjectId(id));
        return { audits: await app.audits.runs.countAudits(institutionId, ids) };
      },
      async archive(institutionId, state, actor) {
        for (const plan of await plansOf(institutionId, state.auditPlans))
          if (plan.status === 'active')
            await app.audits.plans.setStatus(institutionId, plan._id, plan.rev, 'paused', actor);
      },
      async remove(institutionId, state = { auditPlans: [] }, _snapshot, actor) {
        for (const plan of await plansOf(institutionId, state.auditPlans))
          await app.audits.plans.remove(institutionId, plan._id, plan.rev, actor);
      },
    };
    app.pluginKinds.register(kind);
  },
  { name: 'audit-plans-plugin-kind', dependencies: ['plugin-kinds', 'audits-service', 'users-service'] },
);
