import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, type AuditPlanContent, auditPlanSchema } from '@rapport/schemas';
import { Type } from 'typebox';
import { errors, Id, InstitutionParams, Timestamp } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import type { AuditPlanDoc } from './model.js';
import { nextTriggers } from './plans.js';
import { PlanParams, RevBody } from './route-kit.js';

// Audit plans: previews, schedules, triggers. Their runs are in run-routes.ts, the audits in inspection-routes.ts.

const Content = Type.Unsafe<AuditPlanContent>(auditPlanSchema);
const { code: _code, ...editable } = auditPlanSchema.properties;
const Changes = Type.Unsafe<Omit<AuditPlanContent, 'code'> & { rev: number }>({
  ...auditPlanSchema,
  required: ['rev', ...auditPlanSchema.required.filter((k) => k !== 'code')],
  properties: { ...editable, rev: { type: 'integer', minimum: 1 } },
});

/** A plan as its document schema says, with where it stands. */
const PlanView = Type.Unsafe<
  AuditPlanContent & {
    id: string;
    status: 'active' | 'paused';
    rev: number;
    createdAt: string;
    updatedAt: string;
  }
>({
  type: 'object',
  required: [...auditPlanSchema.required, 'id', 'status', 'rev', 'createdAt', 'updatedAt'],
  properties: {
    ...auditPlanSchema.properties,
    id: Id,
    status: Type.Enum(['active', 'paused']),
    rev: Type.Integer(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
});

function planView(p: AuditPlanDoc) {
  const { _id, institutionId: _i, createdAt, updatedAt, ...rest } = p;
  return {
    ...rest,
    id: _id.toHexString(),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const inspectors = app.requireRole('platform_admin', 'institution_admin', 'auditor');
  const tags = ['audits'];

  app.get(
    '/:institutionId/audit-plans',
    {
      preHandler: inspectors,
      schema: {
        tags,
        summary: 'Audit plans',
        params: InstitutionParams,
        response: { 200: Type.Object({ items: Type.Array(PlanView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({
      items: (await app.audits.plans.list(request.institutionId)).map(planView),
    }),
  );

  app.post(
    '/:institutionId/audit-plans/preview',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'How many managers a plan covers now, how many a run samples, and when it next triggers',
        params: InstitutionParams,
        body: Content,
        response: {
          200: Type.Object({
            population: Type.Integer(),
            sampleSize: Type.Integer(),
            nextTriggers: Type.Array(Timestamp),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const preview = await app.audits.plans.preview(institutionId, request.body);
      return { ...preview, nextTriggers: nextTriggers(request.body, 3).map((d) => d.toISOString()) };
    },
  );

  app.post(
    '/:institutionId/audit-plans',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Create an audit plan (its scheduler starts at once)',
        params: InstitutionParams,
        body: Content,
        response: { 201: PlanView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const plan = await app.audits.plans.create(institutionId, request.body, request.actor);
      return reply.status(201).send(planView(plan));
    },
  );

  app.get(
    '/:institutionId/audit-plans/:planId',
    {
      preHandler: inspectors,
      schema: {
        tags,
        summary: 'One audit plan',
        params: PlanParams,
        response: { 200: PlanView, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      planView(await app.audits.plans.get(request.institutionId, idOf(request.params.planId))),
  );

  app.put(
    '/:institutionId/audit-plans/:planId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Change a plan (its scheduler is upserted)',
        params: PlanParams,
        body: Changes,
        response: { 200: PlanView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, ...content } = request.body;
      return planView(
        await app.audits.plans.update(
          institutionId,
          idOf(request.params.planId),
          rev,
          content,
          request.actor,
        ),
      );
    },
  );

  for (const [path, status] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const) {
    app.post(
      `/:institutionId/audit-plans/:planId/${path}`,
      {
        preHandler: admins,
        schema: {
          tags,
          summary: status === 'paused' ? 'Pause a plan (its scheduler is removed)' : 'Resume a paused plan',
          params: PlanParams,
          body: RevBody,
          response: { 200: PlanView, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        planView(
          await app.audits.plans.setStatus(
            request.institutionId,
            idOf(request.params.planId),
            request.body.rev,
            status,
            request.actor,
          ),
        ),
    );
  }

  app.delete(
    '/:institutionId/audit-plans/:planId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Delete a plan and its scheduler (its runs and audits stay)',
        params: PlanParams,
        querystring: RevBody,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await app.audits.plans.remove(
        request.institutionId,
        idOf(request.params.planId),
        request.query.rev,
        request.actor,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:institutionId/audit-plans/:planId/run',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Run a plan now, outside its schedule',
        params: PlanParams,
        response: { 202: Type.Object({ occurrence: Type.String() }), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await app.audits.plans.runNow(
        request.institutionId,
        idOf(request.params.planId),
        request.actor,
      );
      return reply.status(202).send(result);
    },
  );
};

export default routes;
