import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, type CycleContent, cycleSchema, GRADES, RESULT_LEVELS, ROLES } from '@rapport/schemas';
import { Type } from 'typebox';
import { userOf } from '../../auth/guard.js';
import { actorView } from '../../forms/views.js';
import { errors, Id, InstitutionParams, Message, Rev, Timestamp } from '../../infra/schemas.js';
import { idOf } from '../../infra/tenant.js';
import type { AppraisalDetail, CycleDoc, EvaluationLinkDoc } from './service.js';

const Content = Type.Unsafe<CycleContent>(cycleSchema);
const { code: _code, ...editable } = cycleSchema.properties;
const Changes = Type.Unsafe<Omit<CycleContent, 'code'> & { rev: number }>({
  ...cycleSchema,
  required: ['rev', ...cycleSchema.required.filter((k) => k !== 'code')],
  properties: { ...editable, rev: { type: 'integer', minimum: 1 } },
});
const Any = Type.Unknown();
const Level = Type.Union([Type.Enum(RESULT_LEVELS), Type.Null()]);

const CycleView = Type.Object({
  id: Id,
  code: Type.String(),
  name: Message,
  period: Any,
  regularity: Type.String(),
  scope: Type.String(),
  plan: Any,
  population: Any,
  indicatorSets: Any,
  sourceWeights: Any,
  customerSample: Any,
  committee: Type.Array(Id),
  levelRule: Any,
  phases: Any,
  status: Type.String(),
  workflows: Any,
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

const AppraisalSummary = Type.Object({
  id: Id,
  manager: Type.Object({ id: Id, name: Type.String(), email: Type.String() }),
  grade: Type.Enum(GRADES),
  setCode: Type.String(),
  instanceId: Type.Union([Id, Type.Null()]),
  /** Where the appraisal's workflow stands (null before it started). */
  state: Type.Union([Type.String(), Type.Null()]),
  finalTotal: Type.Union([Type.Number(), Type.Null()]),
  level: Level,
  publishedAt: Type.Union([Timestamp, Type.Null()]),
  rev: Type.Integer(),
});

const AppraisalView = Type.Object({
  ...AppraisalSummary.properties,
  cycleId: Id,
  /** How the score was made; null for the manager until results are published. */
  score: Type.Union([Any, Type.Null()]),
  calibrations: Type.Array(
    Type.Object({
      at: Timestamp,
      by: Type.Object({ id: Id, name: Type.String(), email: Type.String() }),
      from: Type.Union([Type.Number(), Type.Null()]),
      to: Type.Number(),
      reason: Type.String(),
    }),
  ),
  feedback: Type.String(),
  sample: Type.Union([
    Type.Object({
      drawnAt: Timestamp,
      seed: Type.String(),
      populationHash: Type.String(),
      populationSize: Type.Integer(),
      picked: Type.Array(Type.String()),
    }),
    Type.Null(),
  ]),
  customerAnswers: Type.Object({ asked: Type.Integer(), answered: Type.Integer() }),
});

function summaryOf({
  appraisal: a,
  manager,
  state,
}: Pick<AppraisalDetail, 'appraisal' | 'manager' | 'state'>) {
  return {
    id: a._id.toHexString(),
    manager: { id: manager._id.toHexString(), name: manager.name, email: manager.email },
    grade: a.grade,
    setCode: a.setCode,
    instanceId: a.instanceId?.toHexString() ?? null,
    state,
    finalTotal: a.publishedAt ? a.finalTotal : null,
    level: a.publishedAt ? a.level : null,
    publishedAt: a.publishedAt?.toISOString() ?? null,
    rev: a.rev,
  };
}

function appraisalView(detail: AppraisalDetail) {
  const a = detail.appraisal;
  return {
    ...summaryOf(detail),
    cycleId: a.cycleId.toHexString(),
    score: detail.score,
    calibrations: a.calibrations.map((c) => ({ ...c, at: c.at.toISOString(), by: actorView(c.by) })),
    feedback: a.feedback,
    sample: a.sample ? { ...a.sample, drawnAt: a.sample.drawnAt.toISOString() } : null,
    customerAnswers: detail.customerAnswers,
  };
}

const CycleParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), cycleId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
const AppraisalParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), appraisalId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
const Reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' });

/** Routes under /api/institutions: cycles and appraisals. */
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
      items: (await app.cycles.list(request.institutionId)).map(cycleView),
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
      const cycle = await app.cycles.create(institutionId, request.body, request.actor);
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
    async (request) => cycleView(await app.cycles.get(request.institutionId, idOf(request.params.cycleId))),
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
        await app.cycles.update(institutionId, idOf(request.params.cycleId), rev, content, request.actor),
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
      const cycle = await app.cycles.clone(
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
      app.cycles.launch(
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
        await app.cycles.publish(
          request.institutionId,
          idOf(request.params.cycleId),
          request.body.rev,
          userOf(request),
        ),
      ),
  );

  app.get(
    '/:institutionId/cycles/:cycleId/appraisals',
    {
      preHandler: members,
      schema: {
        tags,
        summary: "A cycle's appraisals you may see (totals and levels once published)",
        params: CycleParams,
        response: { 200: Type.Object({ items: Type.Array(AppraisalSummary) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const items = await app.cycles.listAppraisals(
        institutionId,
        idOf(request.params.cycleId),
        userOf(request),
      );
      return { items: items.map(summaryOf) };
    },
  );

  app.get(
    '/:institutionId/appraisals/:appraisalId',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'One appraisal: where it stands and how its score is made',
        params: AppraisalParams,
        response: { 200: AppraisalView, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      appraisalView(
        await app.cycles.read(request.institutionId, idOf(request.params.appraisalId), userOf(request)),
      ),
  );

  app.post(
    '/:institutionId/appraisals/:appraisalId/calibrations',
    {
      preHandler: members,
      schema: {
        tags,
        summary: "The committee changes a score, with a written reason kept in the appraisal's history",
        params: AppraisalParams,
        body: Type.Object(
          {
            rev: Rev,
            total: Type.Number({ minimum: 0, maximum: 100 }),
            reason: Reason,
            feedback: Type.Optional(Type.String({ maxLength: 4000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AppraisalView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const id = idOf(request.params.appraisalId);
      await app.cycles.calibrate(institutionId, id, userOf(request), request.body);
      return appraisalView(await app.cycles.read(institutionId, id, userOf(request)));
    },
  );

  app.get(
    '/:institutionId/appraisals/:appraisalId/links',
    {
      preHandler: app.requireRole('platform_admin', 'institution_admin', 'supervisor'),
      schema: {
        tags,
        summary: "The sampled customers' one-time evaluation links, to send them",
        params: AppraisalParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                customerId: Type.String(),
                customerName: Type.String(),
                expiresAt: Timestamp,
                answeredAt: Type.Union([Timestamp, Type.Null()]),
                url: Type.String(),
              }),
            ),
          }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const id = idOf(request.params.appraisalId);
      await app.cycles.read(institutionId, id, userOf(request));
      const links = await app.cycles.linksOf(institutionId, id);
      return {
        items: links.map((l: EvaluationLinkDoc) => ({
          customerId: l.customerId,
          customerName: l.customerName,
          expiresAt: l.expiresAt.toISOString(),
          answeredAt: l.answeredAt?.toISOString() ?? null,
          url: `/evaluate/${app.cycles.tokenOf(l)}`,
        })),
      };
    },
  );
};

const Token = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 200 }) },
  { additionalProperties: false },
);

/** Routes under /api/evaluations: what a sampled customer opens and answers, without signing in. */
export const evaluationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['customer evaluations'];

  app.get(
    '/:token',
    {
      schema: {
        tags,
        summary: 'The form a sampled customer fills about their manager (no sign-in; one answer; expires)',
        params: Token,
        response: {
          200: Type.Object({
            managerName: Type.String(),
            cycleName: Message,
            expiresAt: Timestamp,
            form: Type.Object({ title: Message, description: Message, schema: Any, uiSchema: Any }),
          }),
          ...errors(404, 409, 410),
        },
      },
    },
    async (request) => {
      const { link, manager, cycle, form } = await app.cycles.openLink(request.params.token);
      return {
        managerName: manager.name,
        cycleName: cycle.name,
        expiresAt: link.expiresAt.toISOString(),
        form: {
          title: form.title,
          description: form.description,
          schema: form.schema,
          uiSchema: form.uiSchema,
        },
      };
    },
  );

  app.post(
    '/:token',
    {
      schema: {
        tags,
        summary: "A sampled customer's answer (accepted once)",
        params: Token,
        body: Type.Object(
          { data: Type.Record(Type.String(), Type.Unknown()) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors(400, 404, 409, 410) },
      },
    },
    async (request, reply) => {
      await app.cycles.answerLink(request.params.token, request.body.data);
      return reply.status(204).send(null);
    },
  );
};

export default routes;
