import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ADMIN_ROLES,
  GRADES,
  RESULT_LEVELS,
  type ResultSettings,
  resultSettingsSchema,
} from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { errors, Id, InstitutionParams, Message, Timestamp } from '../../infra/schemas.js';
import { idOf } from '../../infra/tenant.js';
import { exportFile, neutralise } from '../../submissions/export.js';
import { PROPOSAL_STATUSES } from './service.js';

const Settings = Type.Unsafe<ResultSettings>(resultSettingsSchema);
const SettingsView = Type.Object({
  gradeRules: Type.Unsafe<ResultSettings['gradeRules']>(resultSettingsSchema.properties.gradeRules),
  pay: Type.Unsafe<ResultSettings['pay']>(resultSettingsSchema.properties.pay),
  rev: Type.Integer({ description: '0 while the defaults apply' }),
});
const Grade = Type.Enum(GRADES);
const Level = Type.Union([Type.Enum(RESULT_LEVELS), Type.Null()]);
const Amount = Type.Number();

const ProposalView = Type.Object({
  id: Id,
  cycleId: Id,
  managerId: Id,
  from: Grade,
  to: Grade,
  rule: Type.String(),
  reason: Message,
  instanceId: Type.Union([Id, Type.Null()]),
  status: Type.Enum(PROPOSAL_STATUSES),
  decidedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
});

const PayLineView = Type.Object({
  managerId: Id,
  name: Type.String(),
  email: Type.String(),
  grade: Grade,
  level: Level,
  total: Type.Union([Type.Number(), Type.Null()]),
  behaviourScore: Type.Union([Type.Number(), Type.Null()]),
  baseSalary: Amount,
  coefficient: Type.Number(),
  performancePay: Amount,
  behaviourPay: Amount,
  totalPay: Amount,
});

/** The pay sheet's columns, in both languages, for the spreadsheet. */
const PAY_COLUMNS = [
  ['name', '姓名 / Name'],
  ['email', '邮箱 / Email'],
  ['grade', '等级 / Grade'],
  ['level', '考核结果 / Result'],
  ['total', '总分 / Total'],
  ['coefficient', '绩效系数 / Coefficient'],
  ['baseSalary', '基本工资 / Base salary'],
  ['performancePay', '绩效工资 / Performance pay'],
  ['behaviourScore', '行为得分 / Behaviour score'],
  ['behaviourPay', '行为工资 / Behaviour pay'],
  ['totalPay', '合计 / Total pay'],
] as const;

const CycleParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), cycleId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

/** Routes under /api/institutions: the use of appraisal results. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const tags = ['appraisal results'];

  app.get(
    '/:institutionId/result-settings',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Grade rules and pay settings (the defaults until changed)',
        params: InstitutionParams,
        response: { 200: SettingsView, ...errors(401, 403, 404) },
      },
    },
    async (request) => app.results.getSettings(request.institutionId),
  );

  app.put(
    '/:institutionId/result-settings',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Set the grade rules and pay settings',
        params: InstitutionParams,
        body: Type.Object(
          { rev: Type.Integer({ minimum: 0 }), settings: Settings },
          { additionalProperties: false },
        ),
        response: { 200: SettingsView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      app.results.saveSettings(request.institutionId, request.body.settings, request.body.rev, request.actor),
  );

  app.get(
    '/:institutionId/grade-proposals',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Grade changes the rules proposed after published results, and what became of them',
        params: InstitutionParams,
        querystring: Type.Object(
          { status: Type.Optional(Type.Enum(PROPOSAL_STATUSES)), cycleId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(ProposalView) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { status, cycleId } = request.query;
      const items = await app.results.listProposals(institutionId, {
        ...(status ? { status } : {}),
        ...(cycleId ? { cycleId: new ObjectId(cycleId) } : {}),
      });
      return {
        items: items.map((p) => ({
          id: p._id.toHexString(),
          cycleId: p.cycleId.toHexString(),
          managerId: p.managerId.toHexString(),
          from: p.from,
          to: p.to,
          rule: p.rule,
          reason: p.reason,
          instanceId: p.instanceId?.toHexString() ?? null,
          status: p.status,
          decidedAt: p.decidedAt?.toISOString() ?? null,
          createdAt: p.createdAt.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/:institutionId/cycles/:cycleId/pay-sheet',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: "A published cycle's pay sheet: base + performance pay from the pool + behaviour pay",
        params: CycleParams,
        response: { 200: Type.Object({ items: Type.Array(PayLineView) }), ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => ({
      items: await app.results.paySheetOf(request.institutionId, idOf(request.params.cycleId)),
    }),
  );

  app.get(
    '/:institutionId/cycles/:cycleId/pay-sheet/export',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'The pay sheet as XLSX (headings in both languages; formula-like cells neutralised)',
        params: CycleParams,
        response: { 200: Type.Unknown({ description: 'the file' }), ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const cycleId = idOf(request.params.cycleId);
      const lines = await app.results.paySheetOf(institutionId, cycleId);
      const cycle = await app.cycles.get(institutionId, cycleId);
      const rows = [
        PAY_COLUMNS.map(([, title]) => title),
        ...lines.map((line) => PAY_COLUMNS.map(([key]) => neutralise(line[key] ?? ''))),
      ];
      reply.header('content-disposition', `attachment; filename="pay-sheet-${cycle.code}.xlsx"`);
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      return reply.send(await exportFile('xlsx', rows));
    },
  );
};

export default routes;
