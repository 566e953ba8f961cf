import {
  type ActedOn,
  type ActingUser,
  checkWorkflow,
  type EscalationTarget,
  evaluateExpression,
  isSubjectSupervisor,
  type Message,
  mayAct,
  mayTake as mayTakeTransition,
  NOTE_ACTIONS,
  type WorkflowContent,
  type WorkflowState,
  type WorkflowTransition,
} from '@rapport/schemas';
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import { type Collection, type Filter, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../events/service.js';
import type { FormsService } from '../forms/service.js';
import { Errors, validationError } from '../infra/errors.js';
import type { JobRegistry } from '../infra/queues.js';
import { insertUnique, publishVersion, TenantCollection } from '../infra/tenant.js';
import type { ManagersService } from '../managers/service.js';
import type { NotificationKind, NotificationsService } from '../notifications/service.js';
import type { SubmissionDoc, SubmissionsService } from '../submissions/service.js';
import { actorOf, type UserDoc, type UsersService } from '../users/service.js';

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
  /** The subject's supervisors from the org tree when the instance started; null: no tree, any supervisor. */
  supervisorIds?: ObjectId[] | null;
}

/** Actions of the history that are not transitions: the state stays, `from` equals `to`. */

export interface HistoryEntry {
  at: Date;
  /** null for what the platform did by itself (an escalation). */
  by: Actor | null;
  /** A transition's key, `start`, or one of NOTE_ACTIONS. */
  action: string;
  from: string | null;
  to: string;
  submissionId?: ObjectId;
  comment?: string;
  /** Who the task went to (reassign, escalate). */
  assignees?: Actor[];
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
  /** Which entry into a state this is: 0 at the start, one more per transition. Timers and tasks are keyed by it. */
  step: number;
  /**
   * Who holds the current state's task in person: a pool's pick, a reassignment, an escalation.
   * Empty: the transitions' rules alone say who may act.
   */
  assignees: ObjectId[];
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
  /** The instance's `step` when it entered the state. */
  step: number;
}

/** How many tasks a round-robin pool has handed out for one state of one workflow. */
interface PoolCounter {
  _id: string;
  n: number;
}

export const WORKFLOW_QUEUE = 'workflows';
const NOT_A_MEMBER = {
  en: 'not an active member of this institution',
  zh: '不是本机构的在职成员',
};
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

/** An instance as `mayAct` sees it. */
function actedOn(instance: Pick<InstanceDoc, 'subject' | 'assignees'>): ActedOn {
  return {
    subject: {
      userId: instance.subject.userId?.toHexString() ?? null,
      supervisorIds: instance.subject.supervisorIds?.map((s) => s.toHexString()) ?? null,
    },
    assignees: instance.assignees.map((a) => a.toHexString()),
  };
}

function actingUser(user: UserDoc): ActingUser {
  return { id: user._id.toHexString(), role: user.role };
}

/** Whether `user` may act at all, their own subject excluded unless the transition allows it. */
function mayTake(user: UserDoc, transition: WorkflowTransition, instance: InstanceDoc): boolean {
  return mayTakeTransition(actingUser(user), transition, actedOn(instance));
}

/** Whether `user` matches an escalation target. */
function isTarget(user: UserDoc, target: EscalationTarget, instance: InstanceDoc): boolean {
  if (target.kind === 'user') return target.userId === user._id.toHexString();
  if (target.kind === 'role') return user.role === target.role;
  return isSubjectSupervisor(actingUser(user), actedOn(instance));
}

/** Whether the current state was already escalated: an `escalate` entry since the state was entered. */
function isEscalated(instance: InstanceDoc): boolean {
  for (let i = instance.history.length - 1; i >= 0; i--) {
    const action = instance.history[i]?.action as string;
    if (action === 'escalate') return true;
    if (!(NOTE_ACTIONS as readonly string[]).includes(action)) return false;
  }
  return false;
}

/** Filters of the instance list; `assignee` matches those holding a task in person. */
export interface InstanceQuery {
  workflowId?: ObjectId;
  subjectKind?: string;
  subjectId?: string;
  state?: string;
  assignee?: ObjectId;
  open?: boolean;
  page: number;
  pageSize: number;
}

function dueAt(state: WorkflowState, from: Date): Date | null {
  return state.deadline ? new Date(from.getTime() + state.deadline.hours * HOUR_MS) : null;
}

/** Told when an instance enters a state (its start included), after the move is stored. */
export type EnteredListener = (instance: InstanceDoc) => Promise<void>;

export class WorkflowsService {
  private readonly enteredListeners: EnteredListener[] = [];

  constructor(
    private readonly workflows: Collection<WorkflowDoc>,
    private readonly versions: Collection<WorkflowVersionDoc>,
    private readonly instances: Collection<InstanceDoc>,
    private readonly counters: Collection<PoolCounter>,
    private readonly forms: FormsService,
    private readonly submissions: SubmissionsService,
    private readonly events: EventsService,
    private readonly users: UsersService,
    private readonly managers: ManagersService,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobRegistry,
    private readonly log: FastifyBaseLogger,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.workflows.createIndex({ institutionId: 1, key: 1 }, { unique: true });
    await this.versions.createIndex({ institutionId: 1, workflowId: 1, version: 1 }, { unique: true });
    await this.instances.createIndex({ institutionId: 1, closedAt: 1, state: 1 });
    await this.instances.createIndex({ institutionId: 1, 'subject.kind': 1, 'subject.id': 1 });
    await this.instances.createIndex({ institutionId: 1, assignees: 1, closedAt: 1 });
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
    await this.events.note(institutionId, actor, 'workflow.created', 'workflows', doc._id, doc.key);
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
    await this.events.note(institutionId, actor, 'workflow.updated', 'workflows', id, updated.key);
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
      await this.events.note(
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
        subject: {
          ...subject,
          supervisorIds: subject.userId
            ? await this.managers.supervisorsOf(institutionId, subject.userId)
            : null,
        },
        state: start.key,
        step: 0,
        assignees: await this.assign(institutionId, version, start.key),
        approvals: [],
        history: [{ at: now, by: actor, action: 'start', from: null, to: start.key }],
        dueAt: dueAt(start, now),
        closedAt: null,
      },
      now,
    );
    await this.entered(instance, version);
    await this.events.note(
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

  /** Several instances at once (missing ones are left out). */
  getInstances(institutionId: ObjectId, ids: readonly ObjectId[]): Promise<InstanceDoc[]> {
    return this.runs(institutionId).find({ _id: { $in: [...ids] } });
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
    if (!mayAct(actingUser(user), transition, actedOn(instance))) throw new Errors.WORKFLOWS_NOT_YOUR_TURN();
    if (!transition.allowSelf && instance.subject.userId?.equals(user._id))
      throw new Errors.WORKFLOWS_SELF_APPROVAL();
    const submission = transition.form
      ? await this.filledForm(institutionId, user, transition.form, input.submissionId)
      : null;
    if (transition.guard) {
      const context = {
        instance: {
          state: instance.state,
          subject: { kind: instance.subject.kind, id: instance.subject.id, ...actedOn(instance).subject },
          version: instance.version,
        },
        comment: input.comment ?? null,
        data: submission?.data ?? null,
        score: submission?.score ?? null,
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
        await this.events.note(
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
      ...(submission ? { submissionId: submission._id } : {}),
      ...(input.comment ? { comment: input.comment } : {}),
    };
    const moved = await runs.updateGuarded(
      id,
      input.rev,
      {
        state: transition.to,
        step: instance.step + 1,
        assignees: await this.assign(institutionId, version, transition.to),
        approvals: [],
        history: [...instance.history, entry],
        dueAt: target ? dueAt(target, now) : null,
        closedAt: target?.kind === 'final' ? now : null,
      },
      now,
    );
    await this.left(instance);
    await this.entered(moved, version);
    await this.events.note(
      institutionId,
      actor,
      'workflow.acted',
      'workflow_instances',
      id,
      `${transition.key}: ${instance.state} → ${transition.to}`,
    );
    return moved;
  }

  /**
   * The submission an action that needs `formKey` is taken with: of that form, submitted (not a
   * draft) by the one acting. Anything else is refused, naming the form.
   */
  private async filledForm(
    institutionId: ObjectId,
    user: UserDoc,
    formKey: string,
    submissionId: ObjectId | undefined,
  ): Promise<SubmissionDoc> {
    const refuse = () =>
      validationError([
        {
          in: 'body',
          path: '/submissionId',
          message: {
            en: `this action needs the form "${formKey}" filled in and submitted by you`,
            zh: `此操作需要您填写并提交表单 "${formKey}"`,
          },
        },
      ]);
    if (!submissionId) throw refuse();
    const submission = await this.submissions.readable(institutionId, submissionId, user).catch(() => null);
    if (
      !submission ||
      submission.formKey !== formKey ||
      submission.status !== 'submitted' ||
      !submission.submittedBy.id.equals(user._id)
    )
      throw refuse();
    return submission;
  }

  /** The active users who may take an action leaving the instance's current state. */
  private async actorsOf(instance: InstanceDoc, version: WorkflowVersionDoc): Promise<UserDoc[]> {
    const transitions = version.transitions.filter((t) => t.from === instance.state);
    if (transitions.length === 0) return [];
    const members = await this.activeUsers(instance.institutionId);
    return members.filter((u) => transitions.some((t) => mayTake(u, t, instance)));
  }

  private async activeUsers(institutionId: ObjectId): Promise<UserDoc[]> {
    return (await this.users.list(institutionId)).filter((u) => !u.disabled);
  }

  /**
   * Who holds a state's task in person when it is entered: for each pool among its transitions, one
   * active member, in turn (round-robin) or the one with the fewest open tasks (least-loaded).
   */
  private async assign(
    institutionId: ObjectId,
    version: WorkflowVersionDoc,
    state: string,
  ): Promise<ObjectId[]> {
    const picked: ObjectId[] = [];
    for (const t of version.transitions) {
      if (t.from !== state || t.actors.kind !== 'pool') continue;
      const members = new Set(t.actors.userIds);
      const pool = (await this.activeUsers(institutionId)).filter((u) => members.has(u._id.toHexString()));
      if (pool.length === 0) continue;
      let pick: UserDoc;
      if (t.actors.assignment === 'round-robin') {
        const counter = await this.counters.findOneAndUpdate(
          { _id: `${institutionId.toHexString()}/${version.workflowId.toHexString()}/${state}/${t.key}` },
          { $inc: { n: 1 } },
          { upsert: true, returnDocument: 'after' },
        );
        pick = pool[((counter?.n ?? 1) - 1) % pool.length] as UserDoc;
      } else {
        const runs = this.runs(institutionId);
        const loads = await Promise.all(
          pool.map((u) => runs.countDocuments({ closedAt: null, assignees: u._id })),
        );
        pick = pool[loads.indexOf(Math.min(...loads))] as UserDoc;
      }
      if (!picked.some((p) => p.equals(pick._id))) picked.push(pick._id);
    }
    return picked;
  }

  /**
   * Registers a listener for states entered. It runs after the move is stored; a listener that fails
   * is logged and does not undo the move, so what it does must also be reachable another way (e.g.
   * done lazily on first read).
   */
  onEntered(listener: EnteredListener): void {
    this.enteredListeners.push(listener);
  }

  /** A state was entered: its actors get a task, and its reminder and deadline are scheduled. */
  private async entered(instance: InstanceDoc, version: WorkflowVersionDoc): Promise<void> {
    for (const listener of this.enteredListeners) {
      await listener(instance).catch((err: unknown) =>
        this.log.error({ err, instance: instance._id }, 'state listener failed'),
      );
    }
    const actors = await this.actorsOf(instance, version);
    await this.notifications.notify(
      instance.institutionId,
      actors.map((u) => u._id),
      { kind: 'task', instanceId: instance._id, step: instance.step, title: instance.workflowTitle },
    );
    await this.scheduleTimers(instance, version);
  }

  /** The reminder and deadline of the instance's current state, keyed so that adding them twice adds nothing. */
  private async scheduleTimers(instance: InstanceDoc, version: WorkflowVersionDoc): Promise<void> {
    const state = version.states.find((s) => s.key === instance.state);
    if (!state?.deadline || !instance.dueAt) return;
    const data: TimerData = {
      institutionId: instance.institutionId.toHexString(),
      instanceId: instance._id.toHexString(),
      state: state.key,
      step: instance.step,
    };
    const ids = timerIds(instance._id, state.key, instance.step);
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

  /**
   * Schedules again the timers of every open instance with a deadline. A move is stored before its
   * timers are queued, so a crash or a Redis outage in between would lose them; at each start they come
   * back. Timers still queued keep their job ids (nothing added); one that already ran and runs again
   * changes nothing (notifications are unique per step, and the timer checks the state is still current).
   */
  async rescheduleOpen(): Promise<number> {
    const open = await this.instances.find({ closedAt: null, dueAt: { $ne: null } }).toArray();
    for (const instance of open) {
      const version = await this.getVersion(instance.institutionId, instance.workflowId, instance.version);
      await this.scheduleTimers(instance, version);
    }
    return open.length;
  }

  /** A state was left: its pending reminder and deadline are cancelled. */
  private async left(instance: InstanceDoc): Promise<void> {
    const ids = timerIds(instance._id, instance.state, instance.step);
    const queue = this.jobs.queue(WORKFLOW_QUEUE);
    await Promise.all([queue.remove(ids.reminder), queue.remove(ids.deadline)]);
  }

  /**
   * A reminder or deadline job: notifies the state's actors once, unless the instance has left the
   * state (then nothing happens). At the deadline the state's escalation target, if any, is given the
   * task too. Safe to run twice: notifications are unique per step and the escalation matches the step.
   */
  async onTimer(data: TimerData, kind: Extract<NotificationKind, 'reminder' | 'overdue'>): Promise<boolean> {
    const institutionId = new ObjectId(data.institutionId);
    const instance = await this.runs(institutionId).findOne({ _id: new ObjectId(data.instanceId) });
    if (!instance || instance.closedAt || instance.state !== data.state || instance.step !== data.step)
      return false;
    const version = await this.getVersion(institutionId, instance.workflowId, instance.version);
    const actors = await this.actorsOf(instance, version);
    const target = version.states.find((s) => s.key === instance.state)?.deadline?.escalateTo;
    const escalated =
      kind === 'overdue' && target
        ? (await this.activeUsers(institutionId)).filter(
            (u) => isTarget(u, target, instance) && !actors.some((a) => a._id.equals(u._id)),
          )
        : [];
    if (escalated.length > 0) await this.escalate(instance, [...actors, ...escalated], escalated);
    await this.notifications.notify(
      institutionId,
      [...actors, ...escalated].map((u) => u._id),
      { kind, instanceId: instance._id, step: data.step, title: instance.workflowTitle },
    );
    return true;
  }

  /**
   * Gives the task to `holders`, noting the escalation to `targets` in the history: once per step,
   * so a rerun job changes nothing, and retried against concurrent comments (guarded by `rev`).
   */
  private async escalate(instance: InstanceDoc, holders: UserDoc[], targets: UserDoc[]): Promise<void> {
    const runs = this.runs(instance.institutionId);
    let current: InstanceDoc | null = instance;
    for (let attempt = 0; attempt < 5 && current; attempt++) {
      if (current.step !== instance.step || current.closedAt || isEscalated(current)) return;
      const entry: HistoryEntry = {
        at: new Date(),
        by: null,
        action: 'escalate',
        from: current.state,
        to: current.state,
        assignees: targets.map(actorOf),
      };
      try {
        await runs.updateGuarded(
          current._id,
          current.rev,
          { assignees: holders.map((u) => u._id), history: [...current.history, entry] },
          entry.at,
        );
        return;
      } catch (err) {
        if (!(err instanceof Errors.CONFLICT)) throw err;
      }
      current = await runs.findOne({ _id: instance._id });
    }
  }

  /** Open instances whose current state has an action `user` may take, oldest first. */
  async inbox(institutionId: ObjectId, user: UserDoc): Promise<InstanceDoc[]> {
    const open = await this.runs(institutionId).find({ closedAt: null }, { sort: { createdAt: 1 } });
    const versions = new Map<string, Promise<WorkflowVersionDoc>>();
    const result: InstanceDoc[] = [];
    for (const instance of open) {
      const key = `${instance.workflowId.toHexString()}/${instance.version}`;
      if (!versions.has(key))
        versions.set(key, this.getVersion(institutionId, instance.workflowId, instance.version));
      const version = await (versions.get(key) as Promise<WorkflowVersionDoc>);
      const actionable = version.transitions.some(
        (t) =>
          t.from === instance.state &&
          mayTake(user, t, instance) &&
          !instance.approvals.some((a) => a.action === t.key && a.userIds.some((v) => v.equals(user._id))),
      );
      if (actionable) result.push(instance);
    }
    return result;
  }

  /**
   * Whether `user` may read an instance: everyone but managers; a manager only what is about them,
   * what they hold or held, and what they may act on now.
   */
  async isReadable(instance: InstanceDoc, user: UserDoc): Promise<boolean> {
    if (user.role !== 'manager') return true;
    if (instance.subject.userId?.equals(user._id)) return true;
    if (instance.assignees.some((a) => a.equals(user._id))) return true;
    if (instance.history.some((h) => h.by?.id.equals(user._id))) return true;
    const version = await this.getVersion(instance.institutionId, instance.workflowId, instance.version);
    return version.transitions.some((t) => t.from === instance.state && mayTake(user, t, instance));
  }

  /** One instance `user` may read (404 otherwise, as for another institution's). */
  async readInstance(institutionId: ObjectId, id: ObjectId, user: UserDoc): Promise<InstanceDoc> {
    const instance = await this.getInstance(institutionId, id);
    if (!(await this.isReadable(instance, user))) throw new Errors.NOT_FOUND();
    return instance;
  }

  /** Instances by workflow, subject, state and assignee, newest first; managers see only their own. */
  async listInstances(
    institutionId: ObjectId,
    user: UserDoc,
    query: InstanceQuery,
  ): Promise<{ items: InstanceDoc[]; total: number }> {
    const filter: Filter<InstanceDoc> = {
      ...(query.workflowId ? { workflowId: query.workflowId } : {}),
      ...(query.subjectKind ? { 'subject.kind': query.subjectKind } : {}),
      ...(query.subjectId ? { 'subject.id': query.subjectId } : {}),
      ...(query.state ? { state: query.state } : {}),
      ...(query.assignee ? { assignees: query.assignee } : {}),
      ...(query.open === undefined ? {} : { closedAt: query.open ? null : { $ne: null } }),
      ...(user.role === 'manager'
        ? { $or: [{ 'subject.userId': user._id }, { assignees: user._id }, { 'history.by.id': user._id }] }
        : {}),
    };
    const runs = this.runs(institutionId);
    const [items, total] = await Promise.all([
      runs.find(filter, {
        sort: { createdAt: -1, _id: -1 },
        skip: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      }),
      runs.countDocuments(filter),
    ]);
    return { items, total };
  }

  /**
   * Hands the current state's task to one user in person, guarded by `rev`. Admins, supervisors
   * and whoever may act now may do it; the new holder must be an active member, and not the subject.
   */
  async reassign(
    institutionId: ObjectId,
    id: ObjectId,
    user: UserDoc,
    input: { rev: number; userId: ObjectId; comment?: string },
  ): Promise<InstanceDoc> {
    const instance = await this.readInstance(institutionId, id, user);
    if (instance.rev !== input.rev) throw new Errors.CONFLICT();
    if (instance.closedAt) throw new Errors.WORKFLOWS_ACTION_UNAVAILABLE();
    const version = await this.getVersion(institutionId, instance.workflowId, instance.version);
    const holder = version.transitions.some((t) => t.from === instance.state && mayTake(user, t, instance));
    if (!holder && !['platform_admin', 'institution_admin', 'supervisor'].includes(user.role))
      throw new Errors.WORKFLOWS_NOT_YOUR_TURN();
    const target = (await this.activeUsers(institutionId)).find((u) => u._id.equals(input.userId));
    if (!target) throw validationError([{ in: 'body', path: '/userId', message: NOT_A_MEMBER }]);
    if (instance.subject.userId?.equals(target._id)) throw new Errors.WORKFLOWS_SELF_APPROVAL();
    const now = new Date();
    const entry: HistoryEntry = {
      at: now,
      by: actorOf(user),
      action: 'reassign',
      from: instance.state,
      to: instance.state,
      assignees: [actorOf(target)],
      ...(input.comment ? { comment: input.comment } : {}),
    };
    const moved = await this.runs(institutionId).updateGuarded(
      id,
      input.rev,
      { assignees: [target._id], history: [...instance.history, entry] },
      now,
    );
    await this.notifications.notify(institutionId, [target._id], {
      kind: 'task',
      instanceId: id,
      step: moved.step,
      title: moved.workflowTitle,
    });
    await this.events.note(
      institutionId,
      actorOf(user),
      'workflow.reassigned',
      'workflow_instances',
      id,
      `${instance.state} → ${target.email}`,
    );
    return moved;
  }

  /** Adds a comment to the history; anyone who may read the instance may comment. */
  async comment(institutionId: ObjectId, id: ObjectId, user: UserDoc, text: string): Promise<InstanceDoc> {
    const instance = await this.readInstance(institutionId, id, user);
    const now = new Date();
    const entry: HistoryEntry = {
      at: now,
      by: actorOf(user),
      action: 'comment',
      from: instance.state,
      to: instance.state,
      comment: text,
    };
    // A comment changes no state, so it needs no revision: it is appended whatever happened meanwhile.
    const updated = await this.instances.findOneAndUpdate(
      { _id: id, institutionId },
      { $push: { history: entry }, $inc: { rev: 1 }, $set: { updatedAt: now } },
      { returnDocument: 'after' },
    );
    if (!updated) throw new Errors.NOT_FOUND();
    return updated;
  }
}

export default fp(
  async (app) => {
    const db = app.mongo.db;
    const service = new WorkflowsService(
      db.collection<WorkflowDoc>('workflows'),
      db.collection<WorkflowVersionDoc>('workflow_versions'),
      db.collection<InstanceDoc>('workflow_instances'),
      db.collection<PoolCounter>('workflow_counters'),
      app.forms,
      app.submissions,
      app.events,
      app.users,
      app.managers,
      app.notifications,
      app.jobs,
      app.log,
    );
    await service.ensureIndexes();
    app.decorate('workflows', service);
    app.addHook('onReady', async () => {
      await service.rescheduleOpen();
    });
    app.jobs.handle(WORKFLOW_QUEUE, 'reminder', (job) => service.onTimer(job.data as TimerData, 'reminder'));
    app.jobs.handle(WORKFLOW_QUEUE, 'deadline', (job) => service.onTimer(job.data as TimerData, 'overdue'));
  },
  {
    name: 'workflows-service',
    dependencies: [
      'mongo',
      'queues',
      'forms-service',
      'submissions-service',
      'events-service',
      'users-service',
      'managers-service',
      'notifications-service',
    ],
  },
);
