import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, ROLES, type WorkflowContent, workflowDefinitionSchema } from '@rapport/schemas';
import { Type } from 'typebox';
import { errors, InstitutionParams, Message, Rev } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import { VersionView, versionView, WorkflowParams, WorkflowView, workflowView } from './route-kit.js';

// Workflow definitions: drafts, their checks, publishing and the published versions.

const Content = Type.Unsafe<WorkflowContent>(workflowDefinitionSchema);
const { key: _key, ...editable } = workflowDefinitionSchema.properties;
const Changes = Type.Unsafe<Omit<WorkflowContent, 'key'> & { rev: number }>({
  ...workflowDefinitionSchema,
  required: ['rev', 'title', 'states', 'transitions'],
  properties: { ...editable, rev: { type: 'integer', minimum: 1 } },
});
const VersionParams = Type.Object(
  {
    institutionId: Type.String({ maxLength: 64 }),
    workflowId: Type.String({ maxLength: 64 }),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const members = app.requireRole(...ROLES);
  const tags = ['workflows'];
  const Problem = Type.Object({ path: Type.String(), message: Message });

  app.get(
    '/:institutionId/workflows',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Workflow definitions',
        params: InstitutionParams,
        response: { 200: Type.Object({ items: Type.Array(WorkflowView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({
      items: (await app.workflows.list(request.institutionId)).map(workflowView),
    }),
  );

  app.post(
    '/:institutionId/workflows/check',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Every problem of a workflow, as publishing would report them',
        params: InstitutionParams,
        body: Content,
        response: { 200: Type.Object({ problems: Type.Array(Problem) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      problems: await app.workflows.check(request.institutionId, request.body),
    }),
  );

  app.post(
    '/:institutionId/workflows',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Create a workflow (a draft)',
        params: InstitutionParams,
        body: Content,
        response: { 201: WorkflowView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      return reply
        .status(201)
        .send(workflowView(await app.workflows.create(institutionId, request.body, request.actor)));
    },
  );

  app.get(
    '/:institutionId/workflows/:workflowId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'One workflow definition',
        params: WorkflowParams,
        response: { 200: WorkflowView, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      workflowView(await app.workflows.get(request.institutionId, idOf(request.params.workflowId))),
  );

  app.put(
    '/:institutionId/workflows/:workflowId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: "Edit a workflow's draft",
        params: WorkflowParams,
        body: Changes,
        response: { 200: WorkflowView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, ...content } = request.body;
      return workflowView(
        await app.workflows.update(
          institutionId,
          idOf(request.params.workflowId),
          rev,
          content,
          request.actor,
        ),
      );
    },
  );

  app.post(
    '/:institutionId/workflows/:workflowId/publish',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Freeze the draft as the next version (refused with every problem listed)',
        params: WorkflowParams,
        body: Type.Object({ rev: Rev }, { additionalProperties: false }),
        response: { 200: WorkflowView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      return workflowView(
        await app.workflows.publish(
          institutionId,
          idOf(request.params.workflowId),
          request.body.rev,
          request.actor,
        ),
      );
    },
  );

  app.get(
    '/:institutionId/workflows/:workflowId/versions',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'The published versions of a workflow, newest first',
        params: WorkflowParams,
        response: { 200: Type.Object({ items: Type.Array(VersionView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const workflowId = idOf(request.params.workflowId);
      await app.workflows.get(institutionId, workflowId);
      return { items: (await app.workflows.listVersions(institutionId, workflowId)).map(versionView) };
    },
  );

  app.get(
    '/:institutionId/workflows/:workflowId/versions/:version',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'One published version of a workflow (its states and transitions), for those who act on it',
        params: VersionParams,
        response: { 200: VersionView, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      versionView(
        await app.workflows.getVersion(
          request.institutionId,
          idOf(request.params.workflowId),
          request.params.version,
        ),
      ),
  );
};

export default routes;
