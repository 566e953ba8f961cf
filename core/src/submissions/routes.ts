import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { formIdOf } from '../forms/routes.js';
import { actorView } from '../forms/views.js';
import { Errors } from '../infra/errors.js';
import { errors, Id, InstitutionParams, Message, Rev, Timestamp } from '../infra/schemas.js';
import { actorOf } from '../users/service.js';
import { exportFile, exportRows } from './export.js';
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

function idOf(raw: string): ObjectId {
  if (!ObjectId.isValid(raw)) throw new Errors.NOT_FOUND();
  return new ObjectId(raw);
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const members = app.requireRole('platform_admin', 'institution_admin', 'supervisor', 'auditor', 'manager');
  const admins = app.requireRole('platform_admin', 'institution_admin');
  const tags = ['submissions'];

  app.post(
    '/:institutionId/forms/:formId/submissions',
    {
      preHandler: members,
      schema: {
        tags,
        summary: "Fill the form's latest published version: a draft (submit=false) or a submission",
        params: FormParams,
        body: Type.Object({ data: Data, submit: Type.Boolean() }, { additionalProperties: false }),
        response: { 201: SubmissionView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const institutionId = await app.scopeOf(request, request.params.institutionId);
      const form = await app.forms.get(institutionId, formIdOf(request.params.formId));
      const created = await app.submissions.create(
        institutionId,
        form,
        user,
        actorOf(user),
        request.body.data,
        request.body.submit,
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
      const institutionId = await app.scopeOf(request, request.params.institutionId);
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
            page: Type.Integer({ minimum: 1, default: 1 }),
            pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(SubmissionSummaryView),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = await app.scopeOf(request, request.params.institutionId);
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
      const institutionId = await app.scopeOf(request, request.params.institutionId);
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
      const institutionId = await app.scopeOf(request, request.params.institutionId);
      const form = await app.forms.get(institutionId, formIdOf(request.params.formId));
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

export default routes;
