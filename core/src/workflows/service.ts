import {
  checkWorkflow,
  evaluateExpression,
  type Message,
  type WorkflowContent,
  type WorkflowState,
  type WorkflowTransition,
} from '@rapport/schemas';
import fp from 'fastify-plugin';
import { type Collection, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../events/service.js';
import type { FormsService } from '../forms/service.js';
import { Errors, validationError } from '../infra/errors.js';
import type { JobRegistry } from '../infra/queues.js';
import { insertUnique, publishVersion, TenantCollection } from '../infra/tenant.js';
import type { NotificationKind, NotificationsService } from '../notifications/service.js';
import type { UserDoc, UsersService } from '../users/service.js';

declare module 'fastify' {
  interface FastifyInstance {
    workflows: WorkflowsService;
  }
}

/** A workflow as designed: the editable draft and where its published versions stand. */
export interface WorkflowDoc extends Omit<WorkflowContent, 'key'> {
  _id: ObjectId;
  institutionId: ObjectId;
  key: string;
  status: 'draft' | 'published';
  latestVersion: number | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A published version: instances started on it follow it to the end. */
export interface WorkflowVersionDoc extends WorkflowContent {
  _id: ObjectId;
  institutionId: ObjectId;
  workflowId: ObjectId;
  version: number;
  publishedAt: Date;
  publishedBy: Actor;
}

/** What an instance is about: a manager, a customer, an audit, a candidate… */
export interface Subject {
  kind: string;
  id: string;
  /** The user the subject is, when it is one (their own matters they may not approve). */
  userId: ObjectId | null;
}

export interface HistoryEntry {
  at: Date;
  by: Actor;
  action: string;
  from: string | null;
  to: string;
  submissionId?: ObjectId;
  comment?: string;
}

export interface InstanceDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  workflowId: ObjectId;
  workflowKey: string;
  workflowTitle: Message;
  version: number;
  subject: Subject;
  state: string;
  /** Committee votes gathered in the current state, per action. */
  approvals: { action: string; userIds: ObjectId[] }[];
  history: HistoryEntry[];
  /** When the current state's deadline passes, if it has one. */
  dueAt: Date | null;
  closedAt: Date | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a reminder or deadline job carries: enough to tell whether the instance is still where it was. */
export interface TimerData {
  institutionId: string;
  instanceId: string;
  state: string;
  /** Index of the history entry that entered the state. */
  step: number;
}

export const WORKFLOW_QUEUE = 'workflows';
const HOUR_MS = 3_600_000;

/** The job ids of a state's timers: one per (instance, state, step), so scheduling twice adds nothing. */
function timerIds(
  instanceId: ObjectId,
  state: string,
  step: number,
): Record<'reminder' | 'deadline', string> {
  const base = `${instanceId.toHexString()}-${state}-${step}`;
  return { reminder: `reminder-${base}`, deadline: `deadline-${base}` };
}

export interface ActInput {
  rev: number;
  action: string;
  comment?: string;
  submissionId?: ObjectId;
}

/** Whether `user` is among those a transition names (self-approval is checked separately). */
export function mayAct(user: UserDoc, transition: WorkflowTransition, subject: Subject): boolean {
  const rule = transition.actors;
  switch (rule.kind) {
    case 'role':
      return user.role === rule.role;
    case 'subject':
      return subject.userId?.equals(user._id) ?? false;
    // Until org units exist (issue 5) every supervisor of the institution is "the subject's supervisor".
    case 'supervisor':
      return user.role === 'supervisor';
    case 'user':
      return rule.userId === user._id.toHexString();
    case 'pool':
    case 'committee':
      return rule.userIds.includes(user._id.toHexString());
  }
}

function dueAt(state: WorkflowState, from: Date): Date | null {
  return state.deadline ? new Date(from.getTime() + state.deadline.hours * HOUR_MS) : null;
}

export class WorkflowsService {
  constructor(
    private readonly workflows: Collection<WorkflowDoc>,
    private readonly versions: Collection<WorkflowVersionDoc>,
    private readonly instances: Collection<InstanceDoc>,
    private readonly forms: FormsService,
    private readonly events: EventsService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobRegistry,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.workflows.createIndex({ institutionId: 1, key: 1 }, { unique: true });
    await this.versions.createIndex({ institutionId: 1, workflowId: 1, version: 1 }, { unique: true });
    await this.instances.createIndex({ institutionId: 1, closedAt: 1, state: 1 });
  }

  private defs(institutionId: ObjectId) {
    return new TenantCollection(this.workflows, institutionId);
  }

  private runs(institutionId: ObjectId) {
    return new TenantCollection(this.instances, institutionId);
  }

  /** Every problem of a workflow against the institution's forms. */
  async check(institutionId: ObjectId, content: WorkflowContent) {
    const forms = await this.forms.list(institutionId, {});
    return checkWorkflow(content, new Set(forms.map((f) => f.key)));
  }

  list(institutionId: ObjectId): Promise<WorkflowDoc[]> {
    return this.defs(institutionId).find({}, { sort: { updatedAt: -1 } });
  }

  get(institutionId: ObjectId, id: ObjectId): Promise<WorkflowDoc> {
    return this.defs(institutionId).get(id);
  }

  listVersions(institutionId: ObjectId, workflowId: ObjectId): Promise<WorkflowVersionDoc[]> {
    return new TenantCollection(this.versions, institutionId).find({ workflowId }, { sort: { version: -1 } });
  }

  async getVersion(
    institutionId: ObjectId,
    workflowId: ObjectId,
    version: number,
  ): Promise<WorkflowVersionDoc> {
    const found = await new TenantCollection(this.versions, institutionId).findOne({ workflowId, version });
    if (!found) throw new Errors.NOT_FOUND();
    return found;
  }

  async create(institutionId: ObjectId, content: WorkflowContent, actor: Actor): Promise<WorkflowDoc> {
    const now = new Date();
    const doc: WorkflowDoc = {
      _id: new ObjectId(),
      institutionId,
      ...content,
      status: 'draft',
      latestVersion: null,
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.workflows, doc, () => new Errors.WORKFLOWS_KEY_TAKEN());
    await this.record(institutionId, actor, 'workflow.created', 'workflows', doc._id, doc.key);
    return doc;
  }

  async update(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    content: Omit<WorkflowContent, 'key'>,
    actor: Actor,
  ): Promise<WorkflowDoc> {
    const updated = await this.defs(institutionId).updateGuarded(id, rev, {
      title: content.title,
      states: content.states,
      transitions: content.transitions,
    });
    await this.record(institutionId, actor, 'workflow.updated', 'workflows', id, updated.key);
    return updated;
  }

  /** Freezes the draft as the next version, refusing it with every problem named. */
  async publish(institutionId: ObjectId, id: ObjectId, rev: number, actor: Actor): Promise<WorkflowDoc> {
    const workflow = await this.get(institutionId, id);
    if (workflow.rev !== rev) throw new Errors.CONFLICT();
    const problems = await this.check(institutionId, workflow);
    if (problems.length > 0) throw validationError(problems.map((p) => ({ in: 'workflow', ...p })));
    const version = (workflow.latestVersion ?? 0) + 1;
    const versionDoc: WorkflowVersionDoc = {
      _id: new ObjectId(),
      institutionId,
      workflowId: id,
      version,
      key: workflow.key,
      title: workflow.title,
      states: workflow.states,
      transitions: workflow.transitions,
      publishedAt: new Date(),
      publishedBy: actor,
    };
    return publishVersion(this.versions, versionDoc, async () => {
      const updated = await this.defs(institutionId).updateGuarded(id, rev, {
        status: 'published',
        latestVersion: version,
      });
      await this.record(
        institutionId,
        actor,
        'workflow.published',
        'workflows',
        id,
        `${workflow.key} v${version}`,
      );
      return updated;
    });
  }

  /** Starts an instance on the latest published version, in its start state. */
  async start(
    institutionId: ObjectId,
    workflowId: ObjectId,
    subject: Subject,
    actor: Actor,
  ): Promise<InstanceDoc> {
    const workflow = await this.get(institutionId, workflowId);
    if (workflow.latestVersion === null) throw new Errors.WORKFLOWS_NOT_PUBLISHED();
    const version = await this.getVersion(institutionId, workflowId, workflow.latestVersion);
    const start = version.states.find((s) => s.kind === 'start');
    if (!start) throw new Errors.WORKFLOWS_NOT_PUBLISHED();
    const now = new Date();
    const instance = await this.runs(institutionId).insertOne(
      {
        workflowId,
        workflowKey: version.key,
        workflowTitle: version.title,
        version: version.version,
        subject,
        state: start.key,
        approvals: [],
        history: [{ at: now, by: actor, action: 'start', from: null, to: start.key }],
        dueAt: dueAt(start, now),
        closedAt: null,
      },
      now,
    );
    await this.entered(instance, version);
    await this.record(
      institutionId,
      actor,
      'workflow.started',
      'workflow_instances',
      instance._id,
      `${version.key} ${subject.kind}:${subject.id}`,
    );
    return instance;
  }

  getInstance(institutionId: ObjectId, id: ObjectId): Promise<InstanceDoc> {
    return this.runs(institutionId).get(id);
  }

  /**
   * Takes an action: one single-document update guarded by `rev`, so of concurrent attempts exactly
   * one wins and the others get 409. A committee's transition fires on its N-th distinct approval.
   */
  async act(
    institutionId: ObjectId,
    id: ObjectId,
    user: UserDoc,
    actor: Actor,
    input: ActInput,
  ): Promise<InstanceDoc> {
    const instance = await this.getInstance(institutionId, id);
    if (instance.rev !== input.rev) throw new Errors.CONFLICT();
    const version = await this.getVersion(institutionId, instance.workflowId, instance.version);
    const transition = version.transitions.find((t) => t.from === instance.state && t.key === input.action);
    if (!transition || instance.closedAt) throw new Errors.WORKFLOWS_ACTION_UNAVAILABLE();
    if (!mayAct(user, transition, instance.subject)) throw new Errors.WORKFLOWS_NOT_YOUR_TURN();
    if (!transition.allowSelf && instance.subject.userId?.equals(user._id))
      throw new Errors.WORKFLOWS_SELF_APPROVAL();
    if (transition.guard) {
      const context = {
        instance: {
          state: instance.state,
          subject: { ...instance.subject, userId: instance.subject.userId?.toHexString() ?? null },
          version: instance.version,
        },
        comment: input.comment ?? null,
      };
      if (!(await evaluateExpression(transition.guard, context).catch(() => false)))
        throw new Errors.WORKFLOWS_GUARD_FAILED();
    }
    const runs = this.runs(institutionId);
    if (transition.actors.kind === 'committee') {
      const votes = instance.approvals.find((a) => a.action === transition.key)?.userIds ?? [];
      if (votes.some((v) => v.equals(user._id))) throw new Errors.WORKFLOWS_ALREADY_APPROVED();
      if (votes.length + 1 < transition.actors.required) {
        const approvals = [
          ...instance.approvals.filter((a) => a.action !== transition.key),
          { action: transition.key, userIds: [...votes, user._id] },
        ];
        const voted = await runs.updateGuarded(id, input.rev, { approvals });
        await this.record(
          institutionId,
          actor,
          'workflow.approved',
          'workflow_instances',
          id,
          `${transition.key} ${votes.length + 1}/${transition.actors.required}`,
        );
        return voted;
      }
    }
    const target = version.states.find((s) => s.key === transition.to);
    const now = new Date();
    const entry: HistoryEntry = {
      at: now,
      by: actor,
      action: transition.key,
      from: instance.state,
      to: transition.to,
      ...(input.submissionId ? { submissionId: input.submissionId } : {}),
      ...(input.comment ? { comment: input.comment } : {}),
    };
    const moved = await runs.updateGuarded(
      id,
      input.rev,
      {
        state: transition.to,
        approvals: [],
        history: [...instance.history, entry],
        dueAt: target ? dueAt(target, now) : null,
        closedAt: target?.kind === 'final' ? now : null,
      },
      now,
    );
    await this.left(instance);
    await this.entered(moved, version);
    await this.record(
      institutionId,
      actor,
      'workflow.acted',
      'workflow_instances',
      id,
      `${transition.key}: ${instance.state} → ${transition.to}`,
    );
    return moved;
  }

  /** The users who may take an action leaving the instance's current state (its subject only where allowed). */
  private async actorsOf(instance: InstanceDoc, version: WorkflowVersionDoc): Promise<ObjectId[]> {
    const transitions = version.transitions.filter((t) => t.from === instance.state);
    if (transitions.length === 0) return [];
    const members = (await this.users.list(instance.institutionId)).filter((u) => !u.disabled);
    return members
      .filter((u) =>
        transitions.some(
          (t) => mayAct(u, t, instance.subject) && (t.allowSelf || !instance.subject.userId?.equals(u._id)),
        ),
      )
      .map((u) => u._id);
  }

  /** A state was entered: its actors get a task, and its reminder and deadline are scheduled. */
  private async entered(instance: InstanceDoc, version: WorkflowVersionDoc): Promise<void> {
    const step = instance.history.length - 1;
    const state = version.states.find((s) => s.key === instance.state);
    await this.notifications.notify(instance.institutionId, await this.actorsOf(instance, version), {
      kind: 'task',
      instanceId: instance._id,
      step,
      title: instance.workflowTitle,
    });
    if (!state?.deadline || !instance.dueAt) return;
    const data: TimerData = {
      institutionId: instance.institutionId.toHexString(),
      instanceId: instance._id.toHexString(),
      state: state.key,
      step,
    };
    const ids = timerIds(instance._id, state.key, step);
    const queue = this.jobs.queue(WORKFLOW_QUEUE);
    const untilDue = instance.dueAt.getTime() - Date.now();
    if (state.deadline.remindBeforeHours !== undefined) {
      await queue.add('reminder', data, {
        jobId: ids.reminder,
        delay: Math.max(0, untilDue - state.deadline.remindBeforeHours * HOUR_MS),
      });
    }
    await queue.add('deadline', data, { jobId: ids.deadline, delay: Math.max(0, untilDue) });
  }

  /** A state was left: its pending reminder and deadline are cancelled. */
  private async left(instance: InstanceDoc): Promise<void> {
    const ids = timerIds(instance._id, instance.state, instance.history.length - 1);
    const queue = this.jobs.queue(WORKFLOW_QUEUE);
    await Promise.all([queue.remove(ids.reminder), queue.remove(ids.deadline)]);
  }

  /**
   * A reminder or deadline job: notifies the state's actors once, unless the instance has left the
   * state (then nothing happens). Safe to run twice: notifications are unique per step.
   */
  async onTimer(data: TimerData, kind: Extract<NotificationKind, 'reminder' | 'overdue'>): Promise<boolean> {
    const institutionId = new ObjectId(data.institutionId);
    const instance = await this.runs(institutionId).findOne({ _id: new ObjectId(data.instanceId) });
    if (
      !instance ||
      instance.closedAt ||
      instance.state !== data.state ||
      instance.history.length - 1 !== data.step
    )
      return false;
    const version = await this.getVersion(institutionId, instance.workflowId, instance.version);
    await this.notifications.notify(institutionId, await this.actorsOf(instance, version), {
      kind,
      instanceId: instance._id,
      step: data.step,
      title: instance.workflowTitle,
    });
    return true;
  }

  /** Open instances whose current state has an action `user` may take, oldest first. */
  async inbox(institutionId: ObjectId, user: UserDoc): Promise<InstanceDoc[]> {
    const open = await this.runs(institutionId).find({ closedAt: null }, { sort: { createdAt: 1 } });
    const result: InstanceDoc[] = [];
    for (const instance of open) {
      const version = await this.getVersion(institutionId, instance.workflowId, instance.version);
      const actionable = version.transitions.some(
        (t) =>
          t.from === instance.state &&
          mayAct(user, t, instance.subject) &&
          (t.allowSelf || !instance.subject.userId?.equals(user._id)) &&
          !instance.approvals.some((a) => a.action === t.key && a.userIds.some((v) => v.equals(user._id))),
      );
      if (actionable) result.push(instance);
    }
    return result;
  }

  private async record(
    institutionId: ObjectId,
    actor: Actor,
    action: string,
    collection: string,
    id: ObjectId,
    summary: string,
  ): Promise<void> {
    await this.events.record({
      institutionId,
      actor,
      action,
      target: { collection, id: id.toHexString() },
      summary,
    });
  }
}

export default fp(
  async (app) => {
    const db = app.mongo.db;
    const service = new WorkflowsService(
      db.collection<WorkflowDoc>('workflows'),
      db.collection<WorkflowVersionDoc>('workflow_versions'),
      db.collection<InstanceDoc>('workflow_instances'),
      app.forms,
      app.events,
      app.users,
      app.notifications,
      app.jobs,
    );
    await service.ensureIndexes();
    app.decorate('workflows', service);
    app.jobs.handle(WORKFLOW_QUEUE, 'reminder', (job) => service.onTimer(job.data as TimerData, 'reminder'));
    app.jobs.handle(WORKFLOW_QUEUE, 'deadline', (job) => service.onTimer(job.data as TimerData, 'overdue'));
  },
  {
    name: 'workflows-service',
    dependencies: [
      'mongo',
      'queues',
      'forms-service',
      'events-service',
      'users-service',
      'notifications-service',
    ],
  },
);
