import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auditPlanSchema, type SamplingDesign } from '@rapport/schemas';
import { Type } from 'typebox';
import { errors, Id, Timestamp } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import type { AuditRunDoc } from './model.js';
import { PlanParams, planFields, RunParams } from './route-kit.js';

// Audit runs: a plan's draws with their samples, and the check of a closed run against its commitment.

const RunView = Type.Object({
  id: Id,
  planId: Id,
  occurrence: Type.String(),
  plan: planFields(['code', 'name', 'kind', 'mode', 'announced']),
  design: Type.Unsafe<SamplingDesign>(auditPlanSchema.properties.sampling),
  populationSize: Type.Integer(),
  n: Type.Integer(),
  picked: Type.Array(Id),
  strata: Type.Optional(
    Type.Array(
      Type.Object({
        key: Type.String(),
        size: Type.Integer(),
        weight: Type.Number(),
        allocated: Type.Integer(),
      }),
    ),
  ),
  certain: Type.Optional(Type.Array(Id)),
  commitment: Type.String(),
  /** Null until every audit of the run is closed. */
  seed: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(['open', 'closed']),
  createdAt: Timestamp,
  closedAt: Type.Union([Timestamp, Type.Null()]),
});

function runView(r: AuditRunDoc) {
  return {
    id: r._id.toHexString(),
    planId: r.planId.toHexString(),
    occurrence: r.occurrence,
    plan: r.plan,
    design: r.design,
    populationSize: r.population.length,
    n: r.n,
    picked: r.picked,
    ...(r.strata ? { strata: r.strata } : {}),
    ...(r.certain ? { certain: r.certain } : {}),
    commitment: r.commitment,
    seed: r.seedRevealedAt ? r.seed : null,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const inspectors = app.requireRole('platform_admin', 'institution_admin', 'auditor');
  const tags = ['audits'];

  app.get(
    '/:institutionId/audit-plans/:planId/runs',
    {
      preHandler: inspectors,
      schema: {
        tags,
        summary: "A plan's runs with their samples, newest first",
        params: PlanParams,
        response: { 200: Type.Object({ items: Type.Array(RunView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      // Another institution's plan (or none) is 404, not an empty list.
      const plan = await app.audits.plans.get(institutionId, idOf(request.params.planId));
      return { items: (await app.audits.runs.listRuns(institutionId, plan._id)).map(runView) };
    },
  );

  app.get(
    '/:institutionId/audit-runs/:runId',
    {
      preHandler: inspectors,
      schema: {
        tags,
        summary: 'One run',
        params: RunParams,
        response: { 200: RunView, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      runView(await app.audits.runs.getRun(request.institutionId, idOf(request.params.runId))),
  );

  app.get(
    '/:institutionId/audit-runs/:runId/verify',
    {
      preHandler: inspectors,
      schema: {
        tags,
        summary:
          "Recompute a closed run's selection from its revealed seed and check it against the commitment",
        params: RunParams,
        response: {
          200: Type.Object({
            seed: Type.String(),
            commitment: Type.String(),
            recomputedCommitment: Type.String(),
            picked: Type.Array(Id),
            recomputedPicked: Type.Array(Id),
            valid: Type.Boolean(),
          }),
          ...errors(401, 403, 404, 409),
        },
      },
    },
    async (request) => app.audits.runs.verify(request.institutionId, idOf(request.params.runId)),
  );
};

export default routes;
