import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROLES } from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { errors, Id, InstitutionParams, Paged, paging, Rev } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import { actorOf } from '../users/service.js';
import { InstanceView, instanceView, WorkflowParams } from './route-kit.js';

// Instances: starting them, reading and listing them, the inbox, actions, comments and reassignment.

const SubjectKind = Type.String({ pattern: '^[a-z][a-z-]{0,31}$' });
const SubjectId = Type.String({ minLength: 1, maxLength: 64 });
const Comment = Type.String({ maxLength: 2000 });
const InstanceParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), instanceId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const members = app.requireRole(...ROLES);
  const tags = ['workflows'];

  app.post(
    '/:institutionId/workflows/:workflowId/instances',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'Start an instance about a subject, on the latest published version',
        params: WorkflowParams,
        body: Type.Object(
          {
            subject: Type.Object(
              {
                kind: SubjectKind,
                id: SubjectId,
                userId: Type.Optional(Id),
              },
              { additionalProperties: false },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: InstanceView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const { kind, id, userId } = request.body.subject;
      if (userId) await app.users.get(institutionId, new ObjectId(userId));
      const instance = await app.workflows.start(
        institutionId,
        idOf(request.params.workflowId),
        { kind, id, userId: userId ? new ObjectId(userId) : null },
        request.actor,
      );
      return reply.status(201).send(instanceView(instance));
    },
  );

  app.get(
    '/:institutionId/inbox',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'Open instances waiting for an action I may take',
        params: InstitutionParams,
        response: { 200: Type.Object({ items: Type.Array(InstanceView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      return { items: (await app.workflows.inbox(institutionId, userOf(request))).map(instanceView) };
    },
  );

  app.get(
    '/:institutionId/instances/:instanceId',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'One instance with its history',
        params: InstanceParams,
        response: { 200: InstanceView, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      instanceView(
        await app.workflows.readInstance(
          request.institutionId,
          idOf(request.params.instanceId),
          userOf(request),
        ),
      ),
  );

  app.get(
    '/:institutionId/instances',
    {
      preHandler: members,
      schema: {
        tags,
        summary:
          'Instances by workflow, subject, state and assignee, newest first (managers: only their own)',
        params: InstitutionParams,
        querystring: Type.Object(
          {
            workflowId: Type.Optional(Id),
            subjectKind: Type.Optional(SubjectKind),
            subjectId: Type.Optional(SubjectId),
            state: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$' })),
            assignee: Type.Optional(Id),
            open: Type.Optional(Type.Boolean()),
            ...paging(20, 100),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Paged(InstanceView),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { workflowId, assignee, ...rest } = request.query;
      const { items, total } = await app.workflows.listInstances(institutionId, userOf(request), {
        ...rest,
        ...(workflowId ? { workflowId: new ObjectId(workflowId) } : {}),
        ...(assignee ? { assignee: new ObjectId(assignee) } : {}),
      });
      return { items: items.map(instanceView), total, page: rest.page, pageSize: rest.pageSize };
    },
  );

  app.post(
    '/:institutionId/instances/:instanceId/reassign',
    {
      preHandler: members,
      schema: {
        tags,
        summary: "Hand the current state's task to one member (admins, supervisors, or its holder)",
        params: InstanceParams,
        body: Type.Object(
          { rev: Rev, userId: Id, comment: Type.Optional(Comment) },
          { additionalProperties: false },
        ),
        response: { 200: InstanceView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { rev, userId, comment } = request.body;
      return instanceView(
        await app.workflows.reassign(
          request.institutionId,
          idOf(request.params.instanceId),
          userOf(request),
          { rev, userId: new ObjectId(userId), ...(comment ? { comment } : {}) },
        ),
      );
    },
  );

  app.post(
    '/:institutionId/instances/:instanceId/comments',
    {
      preHandler: members,
      schema: {
        tags,
        summary: "Add a comment to an instance's history",
        params: InstanceParams,
        body: Type.Object(
          { comment: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) },
          { additionalProperties: false },
        ),
        response: { 200: InstanceView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      instanceView(
        await app.workflows.comment(
          request.institutionId,
          idOf(request.params.instanceId),
          userOf(request),
          request.body.comment,
        ),
      ),
  );

  app.post(
    '/:institutionId/instances/:instanceId/actions',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'Take an action; concurrent attempts on the same revision: one wins, the others get 409',
        params: InstanceParams,
        body: Type.Object(
          {
            rev: Rev,
            action: Type.String({ minLength: 1, maxLength: 64 }),
            comment: Type.Optional(Comment),
            submissionId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 200: InstanceView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = userOf(request);
      const institutionId = request.institutionId;
      const { rev, action, comment, submissionId } = request.body;
      const instance = await app.workflows.act(
        institutionId,
        idOf(request.params.instanceId),
        user,
        actorOf(user),
        {
          rev,
          action,
          ...(comment ? { comment } : {}),
          ...(submissionId ? { submissionId: new ObjectId(submissionId) } : {}),
        },
      );
      return instanceView(instance);
    },
  );
};

export default routes;
