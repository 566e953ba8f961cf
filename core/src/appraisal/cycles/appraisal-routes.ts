import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  EVALUATION_SOURCES,
  GRADES,
  INDICATOR_CATEGORIES,
  INDICATOR_KINDS,
  RESULT_LEVELS,
  ROLES,
  type ScoringRule,
  scoringRuleSchema,
} from '@rapport/schemas';
import { Type } from 'typebox';
import { userOf } from '../../auth/guard.js';
import { actorView } from '../../forms/views.js';
import { errors, Id, Message, Rev, Timestamp } from '../../infra/schemas.js';
import { idOf } from '../../infra/tenant.js';
import type { AppraisalDetail } from './appraisals-service.js';
import { CycleParams } from './routes.js';

const Points = Type.Union([Type.Number(), Type.Null()]);
const Category = Type.Enum(INDICATOR_CATEGORIES);
const Source = Type.Enum(EVALUATION_SOURCES);

/** How a score was made (ManagerScore of @rapport/schemas), step by step. */
const Score = Type.Object({
  total: Points,
  categories: Type.Object(Object.fromEntries(INDICATOR_CATEGORIES.map((c) => [c, Points]))),
  indicators: Type.Record(Type.String(), Points),
  missing: Type.Array(Type.String()),
  coverage: Type.Number(),
  computation: Type.Object({
    set: Type.Object({ code: Type.String(), grade: Type.String() }),
    sourceWeights: Type.Object(Object.fromEntries(EVALUATION_SOURCES.map((s) => [s, Type.Number()]))),
    missingPolicy: Type.Enum(['renormalise', 'zero']),
    indicators: Type.Array(
      Type.Object({
        indicator: Type.String(),
        name: Message,
        category: Category,
        kind: Type.Enum(INDICATOR_KINDS),
        rule: Type.Unsafe<ScoringRule>(scoringRuleSchema),
        weight: Type.Number(),
        share: Type.Number(),
        weightInTotal: Type.Number(),
        status: Type.Enum(['scored', 'missing', 'zeroed']),
        score: Points,
        contribution: Type.Number(),
        sources: Type.Optional(
          Type.Array(
            Type.Object({
              source: Source,
              raters: Type.Integer(),
              average: Type.Number(),
              score: Type.Number(),
              weight: Type.Number(),
              share: Type.Number(),
              contribution: Type.Number(),
            }),
          ),
        ),
        leftOut: Type.Optional(Type.Array(Source)),
        ignored: Type.Optional(Type.Array(Source)),
        actual: Type.Optional(Type.Number()),
      }),
    ),
    categories: Type.Array(
      Type.Object({
        category: Category,
        weight: Type.Number(),
        share: Type.Number(),
        score: Points,
        contribution: Type.Number(),
        missing: Type.Array(Type.String()),
      }),
    ),
    total: Points,
  }),
});

const Level = Type.Union([Type.Enum(RESULT_LEVELS), Type.Null()]);

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
  score: Type.Union([Score, Type.Null()]),
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

const AppraisalParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), appraisalId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
const Reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' });

/** Routes under /api/institutions: the appraisals of a cycle, their calibrations and customer links. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const members = app.requireRole(...ROLES);
  const tags = ['appraisal cycles'];

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
      const items = await app.cycles.appraisals.listAppraisals(
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
        await app.cycles.appraisals.read(
          request.institutionId,
          idOf(request.params.appraisalId),
          userOf(request),
        ),
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
      await app.cycles.appraisals.calibrate(institutionId, id, userOf(request), request.body);
      return appraisalView(await app.cycles.appraisals.read(institutionId, id, userOf(request)));
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
      await app.cycles.appraisals.read(institutionId, id, userOf(request));
      const links = await app.cycles.links.linksOf(institutionId, id);
      return {
        items: links.map((l) => ({
          customerId: l.customerId,
          customerName: l.customerName,
          expiresAt: l.expiresAt.toISOString(),
          answeredAt: l.answeredAt?.toISOString() ?? null,
          url: `/evaluate/${app.cycles.links.tokenOf(l)}`,
        })),
      };
    },
  );
};

export default routes;
