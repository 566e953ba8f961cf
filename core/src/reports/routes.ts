import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ADMIN_ROLES,
  FREQUENCY_CLASSES,
  GRADES,
  INDICATOR_CATEGORIES,
  RESULT_LEVELS,
  ROLES,
  SIZE_CLASSES,
} from '@rapport/schemas';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { errors, Id, Message } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import { renderLetter } from './letter.js';
import { resultsWorkbook } from './results-export.js';

const Score = Type.Union([Type.Number(), Type.Null()]);
const Level = Type.Union([Type.Enum(RESULT_LEVELS), Type.Null()]);
const LevelCounts = Type.Object(Object.fromEntries(RESULT_LEVELS.map((l) => [l, Type.Integer()])));
const CategoryScores = Type.Object(Object.fromEntries(INDICATOR_CATEGORIES.map((c) => [c, Score])));
const CycleRef = Type.Object({
  id: Id,
  code: Type.String(),
  name: Message,
  period: Type.Object({ from: Type.String(), to: Type.String() }),
});

const Dashboard = Type.Object({
  cycle: Type.Union([CycleRef, Type.Null()], { description: 'null while no cycle has published results' }),
  distribution: Type.Array(
    Type.Object({ from: Type.Number(), to: Type.Number(), count: Type.Integer(), levels: LevelCounts }),
    { description: 'final totals in 10-point buckets [from, to); the last also holds 100' },
  ),
  ranking: Type.Array(
    Type.Object({
      rank: Type.Integer({ description: 'equal totals share a rank (1, 1, 3)' }),
      appraisalId: Id,
      managerId: Id,
      name: Type.String(),
      orgUnit: Type.Union([Message, Type.Null()]),
      grade: Type.Enum(GRADES),
      total: Type.Number(),
      level: Level,
      categories: CategoryScores,
      calibrated: Type.Boolean(),
    }),
  ),
  radar: Type.Array(Type.Object({ managerId: Id, name: Type.String(), categories: CategoryScores })),
  trend: Type.Object({
    cycles: Type.Array(
      Type.Object({
        cycle: CycleRef,
        average: Score,
        count: Type.Integer(),
        levels: LevelCounts,
      }),
    ),
    managers: Type.Array(Type.Object({ managerId: Id, name: Type.String(), totals: Type.Array(Score) })),
  }),
  gradePyramid: Type.Array(Type.Object({ grade: Type.Enum(GRADES), count: Type.Integer() })),
  customerMix: Type.Array(
    Type.Object({
      frequency: Type.Enum(FREQUENCY_CLASSES),
      size: Type.Enum(SIZE_CLASSES),
      count: Type.Integer(),
    }),
  ),
});

const Param = Type.String({ maxLength: 64 });
const InstitutionParams = Type.Object({ institutionId: Param }, { additionalProperties: false });
const CycleParams = Type.Object({ institutionId: Param, cycleId: Param }, { additionalProperties: false });
const AppraisalParams = Type.Object(
  { institutionId: Param, appraisalId: Param },
  { additionalProperties: false },
);
const File = Type.Unknown({ description: 'the file' });

/** Routes under /api/institutions: reports over published results, managers and customers. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const members = app.requireRole(...ROLES);
  const admins = app.requireRole(...ADMIN_ROLES);
  const tags = ['reports'];

  app.get(
    '/:institutionId/reports/dashboard',
    {
      preHandler: members,
      schema: {
        tags,
        summary:
          "Score distribution, ranking, category radar, trend across cycles, grade pyramid and customer mix, of what you may see (a cycle's, else the latest published)",
        params: InstitutionParams,
        querystring: Type.Object({ cycleId: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: Dashboard, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      app.reports.dashboard(
        request.institutionId,
        userOf(request),
        request.query.cycleId ? idOf(request.query.cycleId) : undefined,
      ),
  );

  app.get(
    '/:institutionId/cycles/:cycleId/results/export',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: "A published cycle's results as XLSX, ranked (headings in both languages)",
        params: CycleParams,
        response: { 200: File, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const { cycle, rows } = await app.reports.resultsOf(
        institutionId,
        idOf(request.params.cycleId),
        userOf(request),
      );
      reply.header('content-disposition', `attachment; filename="results-${cycle.code}.xlsx"`);
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      return reply.send(await resultsWorkbook(rows));
    },
  );

  app.get(
    '/:institutionId/appraisals/:appraisalId/letter',
    {
      preHandler: members,
      schema: {
        tags,
        summary:
          'The result letter of a published appraisal as PDF: the manager their own, the committee and admins any',
        params: AppraisalParams,
        querystring: Type.Object(
          { lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')], { default: 'zh' })) },
          { additionalProperties: false },
        ),
        response: { 200: File, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const lang = request.query.lang ?? 'zh';
      const data = await app.reports.letterOf(
        institutionId,
        idOf(request.params.appraisalId),
        userOf(request),
      );
      const file = `result-letter-${data.cycle.code}-${lang}.pdf`;
      reply.header('content-disposition', `attachment; filename="${file}"`);
      reply.type('application/pdf');
      return reply.send(await renderLetter(data, lang));
    },
  );
};

export default routes;
