import { type WorkflowContent, workflowDefinitionSchema } from '@rapport/schemas';
import { Type } from 'typebox';
import { actorView } from '../forms/views.js';
import { Id, Message, Timestamp } from '../infra/schemas.js';
import type { InstanceDoc, WorkflowDoc, WorkflowVersionDoc } from './model.js';

// What the workflow route plugins share: the views of workflows, versions and instances, and the path
// parameters naming a workflow.

const States = Type.Unsafe<WorkflowContent['states']>(workflowDefinitionSchema.properties.states);
const Transitions = Type.Unsafe<WorkflowContent['transitions']>(
  workflowDefinitionSchema.properties.transitions,
);
const Actor = Type.Object({ id: Id, name: Type.String(), email: Type.String() });

export const WorkflowView = Type.Object({
  id: Id,
  key: Type.String(),
  title: Message,
  states: States,
  transitions: Transitions,
  status: Type.Enum(['draft', 'published'] as const satisfies WorkflowDoc['status'][]),
  latestVersion: Type.Union([Type.Integer(), Type.Null()]),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export function workflowView(w: WorkflowDoc) {
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

export const VersionView = Type.Object({
  version: Type.Integer(),
  key: Type.String(),
  title: Message,
  states: States,
  transitions: Transitions,
  publishedAt: Timestamp,
  publishedBy: Actor,
});

export function versionView(v: WorkflowVersionDoc) {
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

export const InstanceView = Type.Object({
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

export function instanceView(i: InstanceDoc) {
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

export const WorkflowParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), workflowId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
