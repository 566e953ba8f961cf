import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, ROLES } from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { actorView } from '../forms/views.js';
import { errors, Id, InstitutionParams, Message, Paged, paging, Rev, Timestamp } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import { actorOf } from '../users/service.js';
import { exportFile, exportRows } from './export.js';
import type { MigrationDoc } from './migrations.js';
import type { SubmissionDoc } from './service.js';

const Status = Type.Enum(['draft', 'submitted'] as const);
const summaryProperties = {
  id: Id,
  formId: Id,
  formKey: Type.String(),
  formTitle: Message,
  version: Type.Integer(),
  status: Status,
  score: Type.Union([Type.Number(), Type.Null()]),
  submittedBy: Type.Object({ id: Id, name: Type.String(), email: Type.String() }),
  submittedAt: Type.Union([Timestamp, Type.Null()]),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};
const SubmissionSummaryView = Type.Object(summaryProperties);
const SubmissionView = Type.Object({
  ...summaryProperties,
  data: Type.Object({}, { additionalProperties: true }),
});
const Data = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  description: 'the form data, as its JSON Schema describes it',
});

function summaryView(s: SubmissionDoc) {
  return {
    id: s._id.toHexString(),
    formId: s.formId.toHexString(),
    formKey: s.formKey,
    formTitle: s.formTitle,
    version: s.version,
    status: s.status,
    score: s.score,
    submittedBy: actorView(s.submittedBy),
    submittedAt: s.submittedAt?.toISOString() ?? null,
    rev: s.rev,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

function submissionView(s: SubmissionDoc) {
  return { ...summaryView(s), data: s.data };
}

const FormParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), formId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
const SubmissionParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const members = app.requireRole(...ROLES);
  const admins = app.requireRole(...ADMIN_ROLES);
  const tags = ['submissions'];

  app.post(
    '/:institutionId/forms/:formId/submissions',
    {
      preHandler: members,
      schema: {
        tags,
        summary: "Fill the form's latest published version: a draft (submit=false) or a submission",
        params: FormParams,
        headers: Type.Object({
          'idempotency-key': Type.Optional(
            Type.String({
              pattern: '^[A-Za-z0-9_-]{8,100}$',
              description:
                'a key of your own for this submission: sent again, the same submission comes back',
            }),
          ),
        }),
        body: Type.Object({ data: Data, submit: Type.Boolean() }, { additionalProperties: false }),
        response: { 201: SubmissionView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const institutionId = request.institutionId;
      const form = await app.forms.get(institutionId, idOf(request.params.formId));
      const created = await app.submissions.create(
        institutionId,
        form,
        user,
        actorOf(user),
        request.body.data,
        request.body.submit,
        request.headers['idempotency-key'],
      );
      return reply.status(201).send(submissionView(created));
    },
  );

  app.patch(
    '/:institutionId/submissions/:id',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'Save or submit your own draft',
        params: SubmissionParams,
        body: Type.Object(
          { rev: Rev, data: Data, submit: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: SubmissionView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = userOf(request);
      const institutionId = request.institutionId;
      const { rev, data, submit } = request.body;
      return submissionView(
        await app.submissions.update(
          institutionId,
          idOf(request.params.id),
          user,
          actorOf(user),
          rev,
          data,
          submit ?? false,
        ),
      );
    },
  );

  app.get(
    '/:institutionId/submissions',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'Submissions you may read, newest first',
        params: InstitutionParams,
        querystring: Type.Object(
          {
            formId: Type.Optional(Id),
            status: Type.Optional(Status),
            mine: Type.Optional(Type.Boolean()),
            ...paging(20, 100),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Paged(SubmissionSummaryView),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { formId, status, mine, page, pageSize } = request.query;
      const { items, total } = await app.submissions.list(institutionId, userOf(request), {
        ...(formId ? { formId: new ObjectId(formId) } : {}),
        ...(status ? { status } : {}),
        mine: mine ?? false,
        page,
        pageSize,
      });
      return { items: items.map(summaryView), total, page, pageSize };
    },
  );

  app.get(
    '/:institutionId/submissions/:id',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'One submission, with the version it was validated against',
        params: SubmissionParams,
        response: { 200: SubmissionView, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      return submissionView(
        await app.submissions.readable(institutionId, idOf(request.params.id), userOf(request)),
      );
    },
  );

  app.get(
    '/:institutionId/forms/:formId/submissions/export',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Every submitted submission of a form as CSV or XLSX (formula-like cells neutralised)',
        params: FormParams,
        querystring: Type.Object(
          { format: Type.Enum(['csv', 'xlsx'] as const) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown({ description: 'the file' }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const form = await app.forms.get(institutionId, idOf(request.params.formId));
      const rows = exportRows(
        await app.forms.listVersions(institutionId, form._id),
        await app.submissions.submittedOf(institutionId, form._id),
      );
      const { format } = request.query;
      reply.header('content-disposition', `attachment; filename="${form.key}-submissions.${format}"`);
      reply.type(
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      return reply.send(await exportFile(format, rows));
    },
  );
};

const Pointer = Type.String({
  pattern: '^(/[^/]+)+$',
  maxLength: 500,
  description: 'JSON pointer into the form data',
});
const MigrationView = Type.Object({
  id: Id,
  fromVersions: Type.Array(Type.Integer()),
  toVersion: Type.Integer(),
  mapping: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
  submissionIds: Type.Array(Id),
  by: Type.Object({ id: Id, name: Type.String(), email: Type.String() }),
  at: Timestamp,
  revertedAt: Type.Union([Timestamp, Type.Null()]),
});

function migrationView(m: MigrationDoc) {
  return {
    id: m._id.toHexString(),
    fromVersions: [...new Set(m.items.map((i) => i.before.version))].sort((a, b) => a - b),
    toVersion: m.toVersion,
    mapping: Object.fromEntries(m.mapping.map((move) => [move.from, move.to])),
    submissionIds: m.items.map((i) => i.submissionId.toHexString()),
    by: actorView(m.by),
    at: m.at.toISOString(),
    revertedAt: m.revertedAt?.toISOString() ?? null,
  };
}

const MigrationParams = Type.Object(
  {
    institutionId: Type.String({ maxLength: 64 }),
    formId: Type.String({ maxLength: 64 }),
    migrationId: Type.String({ maxLength: 64 }),
  },
  { additionalProperties: false },
);

const migrationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const tags = ['submissions'];

  app.post(
    '/:institutionId/forms/:formId/migrations',
    {
      preHandler: admins,
      schema: {
        tags,
        summary:
          'Move chosen submissions to a newer version, renaming or dropping fields as mapped; recorded and reversible',
        params: FormParams,
        body: Type.Object(
          {
            toVersion: Type.Integer({ minimum: 1 }),
            mapping: Type.Record(Pointer, Type.Union([Pointer, Type.Null()])),
            submissionIds: Type.Array(Id, { minItems: 1, maxItems: 1000, uniqueItems: true }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            id: Id,
            migrated: Type.Array(Id),
            failed: Type.Array(
              Type.Object({
                submissionId: Type.String(),
                // The refused submission's problems, as its save would have answered them (or one in both languages).
                problems: Type.Array(
                  Type.Object({
                    in: Type.Optional(Type.String()),
                    path: Type.String(),
                    message: Type.Union([Type.String(), Message]),
                  }),
                ),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { toVersion, mapping, submissionIds } = request.body;
      const moves = Object.entries(mapping).map(([from, to]) => ({ from, to }));
      const { migration, failed } = await app.migrations.migrate(
        institutionId,
        idOf(request.params.formId),
        toVersion,
        moves,
        submissionIds.map((id) => new ObjectId(id)),
        request.actor,
      );
      return {
        id: migration._id.toHexString(),
        migrated: migration.items.map((i) => i.submissionId.toHexString()),
        failed,
      };
    },
  );

  app.get(
    '/:institutionId/forms/:formId/migrations',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: "A form's migrations, newest first",
        params: FormParams,
        response: { 200: Type.Object({ items: Type.Array(MigrationView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      // Another institution's form (or none) is 404, not an empty list.
      const form = await app.forms.get(institutionId, idOf(request.params.formId));
      return { items: (await app.migrations.list(institutionId, form._id)).map(migrationView) };
    },
  );

  app.post(
    '/:institutionId/forms/:formId/migrations/:migrationId/revert',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Put migrated submissions back as they were; ones changed since are reported as conflicts',
        params: MigrationParams,
        response: {
          200: Type.Object({ reverted: Type.Array(Id), conflicts: Type.Array(Id) }),
          ...errors(401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      return app.migrations.revert(
        institutionId,
        idOf(request.params.formId),
        idOf(request.params.migrationId),
        request.actor,
      );
    },
  );
};

export default async function submissionsRoutes(app: Parameters<FastifyPluginAsyncTypebox>[0]) {
  await app.register(routes);
  await app.register(migrationRoutes);
}
