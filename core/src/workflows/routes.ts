import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, ROLES, type WorkflowContent, workflowDefinitionSchema } from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { actorView } from '../forms/views.js';
import { errors, Id, InstitutionParams, Message, Rev, Timestamp } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import { actorOf } from '../users/service.js';
import type { InstanceDoc, WorkflowDoc, WorkflowVersionDoc } from './service.js';

const Content = Type.Unsafe<WorkflowContent>(workflowDefinitionSchema);
const { key: _key, ...editable } = workflowDefinitionSchema.properties;
const Changes = Type.Unsafe<Omit<WorkflowContent, 'key'> & { rev: number }>({
  ...workflowDefinitionSchema,
  required: ['rev', 'title', 'states', 'transitions'],
  properties: { ...editable, rev: { type: 'integer', minimum: 1 } },
});
const AnyArray = Type.Array(Type.Unknown());
const SubjectKind = Type.String({ pattern: '^[a-z][a-z-]{0,31}$' });
const SubjectId = Type.String({ minLength: 1, maxLength: 64 });
const Comment = Type.String({ maxLength: 2000 });
const Actor = Type.Object({ id: Id, name: Type.String(), email: Type.String() });

const WorkflowView = Type.Object({
  id: Id,
  key: Type.String(),
  title: Message,
  states: AnyArray,
  transitions: AnyArray,
  status: Type.String(),
  latestVersion: Type.Union([Type.Integer(), Type.Null()]),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

function workflowView(w: WorkflowDoc) {
  return {
    id: w._id.toHexString(),
    key: w.key,
    title: w.title,
    states: w.states,
    transitions: w.transitions,
    status: w.status,
    latestVersion: w.latestVersion,
    rev: w.rev,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

const VersionView = Type.Object({
  version: Type.Integer(),
  key: Type.String(),
  title: Message,
  states: AnyArray,
  transitions: AnyArray,
  publishedAt: Timestamp,
  publishedBy: Actor,
});

function versionView(v: WorkflowVersionDoc) {
  return {
    version: v.version,
    key: v.key,
    title: v.title,
    states: v.states,
    transitions: v.transitions,
    publishedAt: v.publishedAt.toISOString(),
    publishedBy: actorView(v.publishedBy),
  };
}

const InstanceView = Type.Object({
  id: Id,
  workflowId: Id,
  workflowKey: Type.String(),
  workflowTitle: Message,
  version: Type.Integer(),
  subject: Type.Object({
    kind: Type.String(),
    id: Type.String(),
    userId: Type.Union([Id, Type.Null()]),
    supervisorIds: Type.Union([Type.Array(Id), Type.Null()]),
  }),
  state: Type.String(),
  step: Type.Integer(),
  assignees: Type.Array(Id),
  approvals: Type.Array(Type.Object({ action: Type.String(), userIds: Type.Array(Id) })),
  history: Type.Array(
    Type.Object({
      at: Timestamp,
      by: Type.Union([Actor, Type.Null()]),
      action: Type.String(),
      from: Type.Union([Type.String(), Type.Null()]),
      to: Type.String(),
      submissionId: Type.Optional(Id),
      comment: Type.Optional(Type.String()),
      assignees: Type.Optional(Type.Array(Actor)),
    }),
  ),
  dueAt: Type.Union([Timestamp, Type.Null()]),
  closedAt: Type.Union([Timestamp, Type.Null()]),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

function instanceView(i: InstanceDoc) {
  return {
    id: i._id.toHexString(),
    workflowId: i.workflowId.toHexString(),
    workflowKey: i.workflowKey,
    workflowTitle: i.workflowTitle,
    version: i.version,
    subject: {
      kind: i.subject.kind,
      id: i.subject.id,
      userId: i.subject.userId?.toHexString() ?? null,
      supervisorIds: i.subject.supervisorIds?.map((s) => s.toHexString()) ?? null,
    },
    state: i.state,
    step: i.step,
    assignees: i.assignees.map((a) => a.toHexString()),
    approvals: i.approvals.map((a) => ({ action: a.action, userIds: a.userIds.map((u) => u.toHexString()) })),
    history: i.history.map((h) => ({
      at: h.at.toISOString(),
      by: h.by ? actorView(h.by) : null,
      action: h.action,
      from: h.from,
      to: h.to,
      ...(h.submissionId ? { submissionId: h.submissionId.toHexString() } : {}),
      ...(h.comment ? { comment: h.comment } : {}),
      ...(h.assignees ? { assignees: h.assignees.map(actorView) } : {}),
    })),
    dueAt: i.dueAt?.toISOString() ?? null,
    closedAt: i.closedAt?.toISOString() ?? null,
    rev: i.rev,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}

const WorkflowParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), workflowId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
const VersionParams = Type.Object(
  {
    institutionId: Type.String({ maxLength: 64 }),
    workflowId: Type.String({ maxLength: 64 }),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
const InstanceParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), instanceId: Type.String({ maxLength: 64 }) },
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
            page: Type.Integer({ minimum: 1, default: 1 }),
            pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(InstanceView),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
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
