import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ADMIN_ROLES,
  type CategoryWeights,
  EVALUATION_SOURCES,
  GRADES,
  INDICATOR_CATEGORIES,
  INDICATOR_KINDS,
  INDICATOR_STATUSES,
  type IndicatorContent,
  type IndicatorSetContent,
  indicatorSchema,
  indicatorSetSchema,
  ROLES,
  type ScoringRule,
  type SourceWeights,
  scoringRuleSchema,
} from '@rapport/schemas';
import { Type } from 'typebox';
import { errors, Id, InstitutionParams, Message, Rev, Timestamp } from '../../infra/schemas.js';
import { idOf } from '../../infra/tenant.js';
import { installDefaultIndicators } from './defaults.js';
import { type IndicatorDoc, type IndicatorSetDoc, indicatorContent } from './service.js';

const IndicatorBody = Type.Unsafe<IndicatorContent>(indicatorSchema);
const { code: _code, ...indicatorEditable } = indicatorSchema.properties;
const IndicatorChangesBody = Type.Unsafe<Omit<IndicatorContent, 'code'> & { rev: number }>({
  ...indicatorSchema,
  required: ['rev', ...indicatorSchema.required.filter((k) => k !== 'code')],
  properties: { ...indicatorEditable, rev: { type: 'integer', minimum: 1 } },
});
const SetBody = Type.Unsafe<IndicatorSetContent>(indicatorSetSchema);
const { code: _setCode, ...setEditable } = indicatorSetSchema.properties;
const SetChangesBody = Type.Unsafe<Omit<IndicatorSetContent, 'code'> & { rev: number }>({
  ...indicatorSetSchema,
  required: ['rev', ...indicatorSetSchema.required.filter((k) => k !== 'code')],
  properties: { ...setEditable, rev: { type: 'integer', minimum: 1 } },
});
const RevBody = Type.Object({ rev: Rev }, { additionalProperties: false });
const Problem = Type.Object({ path: Type.String(), message: Message });
const Rule = Type.Unsafe<ScoringRule>(scoringRuleSchema);

const IndicatorView = Type.Object({
  id: Id,
  code: Type.String(),
  name: Message,
  description: Type.Optional(Type.Object({ zh: Type.String(), en: Type.String() })),
  category: Type.Enum(INDICATOR_CATEGORIES),
  kind: Type.Enum(INDICATOR_KINDS),
  rule: Rule,
  sources: Type.Array(Type.Enum(EVALUATION_SOURCES)),
  expression: Type.Optional(Type.String()),
  unit: Type.Optional(Message),
  status: Type.Enum(INDICATOR_STATUSES),
  source: Type.Optional(Type.Object({ plugin: Type.String(), version: Type.String() })),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

function indicatorView(d: IndicatorDoc) {
  return {
    id: d._id.toHexString(),
    ...indicatorContent(d),
    status: d.status,
    ...(d.source ? { source: d.source } : {}),
    rev: d.rev,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

const SetView = Type.Object({
  id: Id,
  code: Type.String(),
  name: Message,
  grade: Type.Enum(GRADES),
  items: Type.Array(
    Type.Object({ indicator: Type.String(), weight: Type.Number(), rule: Type.Optional(Rule) }),
  ),
  categoryWeights: Type.Unsafe<CategoryWeights>(indicatorSetSchema.properties.categoryWeights),
  sourceWeights: Type.Unsafe<SourceWeights>(indicatorSetSchema.properties.sourceWeights),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

function setView(s: IndicatorSetDoc) {
  return {
    id: s._id.toHexString(),
    code: s.code,
    name: s.name,
    grade: s.grade,
    items: s.items,
    categoryWeights: s.categoryWeights,
    sourceWeights: s.sourceWeights,
    rev: s.rev,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

const IndicatorParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), indicatorId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
const SetParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), setId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
const Codes = Type.Array(Type.String());

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  // Everyone appraised or appraising may read what they are measured by.
  const members = app.requireRole(...ROLES);
  const tags = ['indicators'];

  app.get(
    '/:institutionId/indicators',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'The indicator library',
        params: InstitutionParams,
        querystring: Type.Object(
          { status: Type.Optional(Type.Enum(INDICATOR_STATUSES)) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(IndicatorView) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const docs = await app.indicators.listIndicators(
        institutionId,
        request.query.status ? { status: request.query.status } : {},
      );
      return { items: docs.map(indicatorView) };
    },
  );

  app.post(
    '/:institutionId/indicators',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Add an indicator to the library; every problem is reported at once',
        params: InstitutionParams,
        body: IndicatorBody,
        response: { 201: IndicatorView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const doc = await app.indicators.createIndicator(institutionId, request.body, request.actor);
      return reply.status(201).send(indicatorView(doc));
    },
  );

  app.post(
    '/:institutionId/indicators/defaults',
    {
      preHandler: admins,
      schema: {
        tags,
        summary:
          'Install the default library (qualitative A–J, quantitative items) and a set per grade; what exists is kept',
        params: InstitutionParams,
        response: {
          200: Type.Object({
            indicators: Type.Object({ created: Codes, existing: Codes }),
            sets: Type.Object({
              created: Codes,
              existing: Codes,
              skipped: Type.Array(Type.Object({ code: Type.String(), problems: Type.Array(Problem) })),
            }),
          }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      return installDefaultIndicators(app.indicators, institutionId, request.actor);
    },
  );

  app.get(
    '/:institutionId/indicators/:indicatorId',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'One library indicator',
        params: IndicatorParams,
        response: { 200: IndicatorView, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      return indicatorView(
        await app.indicators.getIndicator(institutionId, idOf(request.params.indicatorId)),
      );
    },
  );

  app.put(
    '/:institutionId/indicators/:indicatorId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Edit a library indicator (its code stays); a change that would break a set is refused',
        params: IndicatorParams,
        body: IndicatorChangesBody,
        response: { 200: IndicatorView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, ...changes } = request.body;
      const doc = await app.indicators.updateIndicator(
        institutionId,
        idOf(request.params.indicatorId),
        rev,
        changes,
        request.actor,
      );
      return indicatorView(doc);
    },
  );

  app.post(
    '/:institutionId/indicators/:indicatorId/archive',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Archive an indicator no set uses; it stays readable',
        params: IndicatorParams,
        body: RevBody,
        response: { 200: IndicatorView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const doc = await app.indicators.archiveIndicator(
        institutionId,
        idOf(request.params.indicatorId),
        request.body.rev,
        request.actor,
      );
      return indicatorView(doc);
    },
  );

  app.get(
    '/:institutionId/indicator-sets',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'Indicator sets, optionally of one grade',
        params: InstitutionParams,
        querystring: Type.Object(
          { grade: Type.Optional(Type.Enum(GRADES)) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(SetView) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const sets = await app.indicators.listSets(
        institutionId,
        request.query.grade ? { grade: request.query.grade } : {},
      );
      return { items: sets.map(setView) };
    },
  );

  app.post(
    '/:institutionId/indicator-sets/check',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Every problem of an indicator set, as saving would report them',
        params: InstitutionParams,
        body: SetBody,
        response: { 200: Type.Object({ problems: Type.Array(Problem) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      return { problems: await app.indicators.checkSet(institutionId, request.body) };
    },
  );

  app.post(
    '/:institutionId/indicator-sets',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Create an indicator set; every problem (weights, unknown indicators…) is reported at once',
        params: InstitutionParams,
        body: SetBody,
        response: { 201: SetView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const set = await app.indicators.createSet(institutionId, request.body, request.actor);
      return reply.status(201).send(setView(set));
    },
  );

  app.get(
    '/:institutionId/indicator-sets/:setId',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'One indicator set',
        params: SetParams,
        response: { 200: SetView, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      return setView(await app.indicators.getSet(institutionId, idOf(request.params.setId)));
    },
  );

  app.put(
    '/:institutionId/indicator-sets/:setId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Edit an indicator set (its code stays); every problem is reported at once',
        params: SetParams,
        body: SetChangesBody,
        response: { 200: SetView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, ...changes } = request.body;
      const set = await app.indicators.updateSet(
        institutionId,
        idOf(request.params.setId),
        rev,
        changes,
        request.actor,
      );
      return setView(set);
    },
  );
};

export default routes;
