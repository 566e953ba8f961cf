import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, FORM_STATUSES, isAdminRole, ROLES } from '@rapport/schemas';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { errors, InstitutionParams, Rev } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import {
  FormChangesBody,
  FormContentBody,
  FormExportBody,
  FormSummaryView,
  FormVersionView,
  FormView,
  formSummaryView,
  formVersionView,
  formView,
} from './views.js';

const FormParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), formId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
const VersionParams = Type.Object(
  {
    institutionId: Type.String({ maxLength: 64 }),
    formId: Type.String({ maxLength: 64 }),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
const RevBody = Type.Object({ rev: Rev }, { additionalProperties: false });
const Problem = Type.Object({
  in: Type.String(),
  path: Type.String(),
  message: Type.Object({ zh: Type.String(), en: Type.String() }),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const members = app.requireRole(...ROLES);
  const tags = ['forms'];

  app.get(
    '/:institutionId/forms',
    {
      preHandler: members,
      schema: {
        tags,
        summary:
          'Forms: all of them for admins; for everyone else (or with fillable=true) the published ones they may fill',
        params: InstitutionParams,
        querystring: Type.Object(
          { status: Type.Optional(Type.Enum(FORM_STATUSES)), fillable: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(FormSummaryView) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = userOf(request);
      const institutionId = request.institutionId;
      const fillable = request.query.fillable === true || !isAdminRole(user.role);
      const forms = await app.forms.list(institutionId, {
        ...(request.query.status ? { status: request.query.status } : {}),
        ...(fillable ? { fillableBy: user.role } : {}),
      });
      return { items: forms.map(formSummaryView) };
    },
  );

  app.post(
    '/:institutionId/forms',
    {
      preHandler: admins,
      config: { schemaDocuments: ['/schema', '/uiSchema'] },
      schema: {
        tags,
        summary: 'Create a form (a draft)',
        params: InstitutionParams,
        body: FormContentBody,
        response: { 201: FormView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const form = await app.forms.create(institutionId, request.body, request.actor);
      return reply.status(201).send(formView(form, []));
    },
  );

  app.post(
    '/:institutionId/forms/check',
    {
      preHandler: admins,
      config: { schemaDocuments: ['/schema', '/uiSchema'] },
      schema: {
        tags,
        summary:
          "Every problem of a schema and uiSchema, as saving would report them (for the builder's inline errors)",
        params: InstitutionParams,
        body: Type.Object(
          { schema: Type.Unknown(), uiSchema: Type.Optional(Type.Unknown()) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ problems: Type.Array(Problem) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      request.institutionId;
      return { problems: app.forms.check(request.body.schema, request.body.uiSchema ?? {}) };
    },
  );

  app.post(
    '/:institutionId/forms/import',
    {
      preHandler: admins,
      config: { schemaDocuments: ['/form/schema', '/form/uiSchema'] },
      schema: {
        tags,
        summary: 'Import a form exported as one JSON file; every problem is reported at once',
        params: InstitutionParams,
        body: FormExportBody,
        response: { 201: FormView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const form = await app.forms.create(institutionId, request.body.form, request.actor);
      return reply.status(201).send(formView(form, []));
    },
  );

  app.get(
    '/:institutionId/forms/:formId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'A form with its draft and its versions (newest first)',
        params: FormParams,
        response: { 200: FormView, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const id = idOf(request.params.formId);
      const form = await app.forms.get(institutionId, id);
      return formView(form, await app.forms.listVersions(institutionId, id));
    },
  );

  app.put(
    '/:institutionId/forms/:formId',
    {
      preHandler: admins,
      config: { schemaDocuments: ['/schema', '/uiSchema'] },
      schema: {
        tags,
        summary: "Edit a form's draft; published versions never change",
        params: FormParams,
        body: FormChangesBody,
        response: { 200: FormView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, ...changes } = request.body;
      const id = idOf(request.params.formId);
      const form = await app.forms.update(institutionId, id, rev, changes, request.actor);
      return formView(form, await app.forms.listVersions(institutionId, id));
    },
  );

  for (const action of ['publish', 'archive'] as const) {
    app.post(
      `/:institutionId/forms/:formId/${action}`,
      {
        preHandler: admins,
        schema: {
          tags,
          summary:
            action === 'publish'
              ? 'Freeze the draft as the next version'
              : 'Stop new submissions; everything stays readable',
          params: FormParams,
          body: RevBody,
          response: { 200: FormView, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const institutionId = request.institutionId;
        const id = idOf(request.params.formId);
        const actor = request.actor;
        const form = await app.forms[action](institutionId, id, request.body.rev, actor);
        return formView(form, await app.forms.listVersions(institutionId, id));
      },
    );
  }

  app.get(
    '/:institutionId/forms/:formId/versions/:version',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'One published version, as it was frozen',
        params: VersionParams,
        response: { 200: FormVersionView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      return formVersionView(
        await app.forms.getVersion(institutionId, idOf(request.params.formId), request.params.version),
      );
    },
  );

  app.get(
    '/:institutionId/forms/:formId/diff',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Fields added, removed and changed between two versions (or a version and the draft)',
        params: FormParams,
        querystring: Type.Object(
          {
            from: Type.Integer({ minimum: 1 }),
            to: Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('draft')]),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            added: Type.Array(Type.Object({ pointer: Type.String(), title: Type.Optional(Type.String()) })),
            removed: Type.Array(Type.Object({ pointer: Type.String(), title: Type.Optional(Type.String()) })),
            changed: Type.Array(
              Type.Object({
                pointer: Type.String(),
                title: Type.Optional(Type.String()),
                keywords: Type.Array(Type.String()),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      return app.forms.diff(institutionId, idOf(request.params.formId), request.query.from, request.query.to);
    },
  );

  app.get(
    '/:institutionId/forms/:formId/export',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: "The form's draft as one JSON file",
        params: FormParams,
        response: {
          200: Type.Unknown({ description: 'FormExport: {format, formatVersion, form}' }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const form = await app.forms.get(institutionId, idOf(request.params.formId));
      reply.header('content-disposition', `attachment; filename="${form.key}.form.json"`);
      return app.forms.exportForm(form);
    },
  );
};

export default routes;
