import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, CYCLE_STATUSES, type CycleContent, cycleSchema, GRADES, ROLES } from '@rapport/schemas';
import { type TUnsafe, Type } from 'typebox';
import { userOf } from '../../auth/guard.js';
import { errors, Id, InstitutionParams, Message, Rev, Timestamp } from '../../infra/schemas.js';
import { idOf } from '../../infra/tenant.js';
import type { CycleDoc } from './model.js';

const Content = Type.Unsafe<CycleContent>(cycleSchema);
const { code: _code, ...editable } = cycleSchema.properties;
const Changes = Type.Unsafe<Omit<CycleContent, 'code'> & { rev: number }>({
  ...cycleSchema,
  required: ['rev', ...cycleSchema.required.filter((k) => k !== 'code')],
  properties: { ...editable, rev: { type: 'integer', minimum: 1 } },
});
/** Each field of the cycle's content, as the cycle schema gives it. */
const contentProperties = Object.fromEntries(
  Object.entries(cycleSchema.properties).map(([key, schema]) => [key, Type.Unsafe(schema)]),
) as { [K in keyof CycleContent]-?: TUnsafe<CycleContent[K]> };

const CycleView = Type.Object({
  id: Id,
  ...contentProperties,
  status: Type.Enum(CYCLE_STATUSES),
  /** The workflow each grade's appraisals run (set at launch). */
  workflows: Type.Object(Object.fromEntries(GRADES.map((g) => [g, Type.Optional(Type.String())]))),
  launchedAt: Type.Union([Timestamp, Type.Null()]),
  publishedAt: Type.Union([Timestamp, Type.Null()]),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

function cycleView(c: CycleDoc) {
  const { _id, institutionId: _i, launchedAt, publishedAt, createdAt, updatedAt, ...rest } = c;
  return {
    ...rest,
    id: _id.toHexString(),
    launchedAt: launchedAt?.toISOString() ?? null,
    publishedAt: publishedAt?.toISOString() ?? null,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

export const CycleParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), cycleId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

/** Routes under /api/institutions: the cycles (appraisals: appraisal-routes.ts). */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const members = app.requireRole(...ROLES);
  const tags = ['appraisal cycles'];

  app.get(
    '/:institutionId/cycles',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'Appraisal cycles, newest first',
        params: InstitutionParams,
        response: { 200: Type.Object({ items: Type.Array(CycleView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({
      items: (await app.cycles.lifecycle.list(request.institutionId)).map(cycleView),
    }),
  );

  app.post(
    '/:institutionId/cycles',
    {
      preHandler: admins,
      schema: {
        tags,
        summary:
          'Plan a cycle (a draft): period, population, indicator sets, source weights, committee, levels',
        params: InstitutionParams,
        body: Content,
        response: { 201: CycleView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const cycle = await app.cycles.lifecycle.create(institutionId, request.body, request.actor);
      return reply.status(201).send(cycleView(cycle));
    },
  );

  app.get(
    '/:institutionId/cycles/:cycleId',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'One cycle',
        params: CycleParams,
        response: { 200: CycleView, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      cycleView(await app.cycles.lifecycle.get(request.institutionId, idOf(request.params.cycleId))),
  );

  app.put(
    '/:institutionId/cycles/:cycleId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: "Revise a draft cycle's plan",
        params: CycleParams,
        body: Changes,
        response: { 200: CycleView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, ...content } = request.body;
      return cycleView(
        await app.cycles.lifecycle.update(
          institutionId,
          idOf(request.params.cycleId),
          rev,
          content,
          request.actor,
        ),
      );
    },
  );

  app.post(
    '/:institutionId/cycles/:cycleId/clone',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: "A new draft from this cycle's plan, for the next period",
        params: CycleParams,
        body: Type.Object(
          {
            code: Type.String({ pattern: cycleSchema.properties.code.pattern }),
            name: Message,
            period: Type.Unsafe<CycleContent['period']>(cycleSchema.properties.period),
          },
          { additionalProperties: false },
        ),
        response: { 201: CycleView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const { code, name, period } = request.body;
      const cycle = await app.cycles.lifecycle.clone(
        institutionId,
        idOf(request.params.cycleId),
        { code, name, period },
        request.actor,
      );
      return reply.status(201).send(cycleView(cycle));
    },
  );

  app.post(
    '/:institutionId/cycles/:cycleId/launch',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Launch: generate the forms and workflows, create one appraisal per manager and start it',
        params: CycleParams,
        body: Type.Object({ rev: Rev }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            appraisals: Type.Integer(),
            created: Type.Integer(),
            skipped: Type.Array(Type.Object({ managerId: Id, name: Type.String(), reason: Message })),
          }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) =>
      app.cycles.lifecycle.launch(
        request.institutionId,
        idOf(request.params.cycleId),
        request.body.rev,
        userOf(request),
      ),
  );

  app.post(
    '/:institutionId/cycles/:cycleId/publish',
    {
      preHandler: admins,
      schema: {
        tags,
        summary:
          'Publish the results: levels assigned, each manager sees theirs (refused while any is not calibrated)',
        params: CycleParams,
        body: Type.Object({ rev: Rev }, { additionalProperties: false }),
        response: { 200: CycleView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      cycleView(
        await app.cycles.lifecycle.publish(
          request.institutionId,
          idOf(request.params.cycleId),
          request.body.rev,
          userOf(request),
        ),
      ),
  );
};

export default routes;
