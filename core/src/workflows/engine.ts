import { evaluateExpression, mayAct } from '@rapport/schemas';
import type { Collection, ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import { TenantCollection } from '../infra/tenant.js';
import type { SubmissionDoc } from '../submissions/service.js';
import { actorOf, type UserDoc } from '../users/service.js';
import type { WorkflowAssignment } from './assignment.js';
import type { WorkflowDefinitions } from './definitions.js';
import type { WorkflowInbox } from './inbox.js';
import {
  actedOn,
  actingUser,
  type HistoryEntry,
  type InstanceDoc,
  type Subject,
  type WorkflowDeps,
  type WorkflowVersionDoc,
} from './model.js';
import { dueAt, type WorkflowTimers } from './timers.js';

export interface ActInput {
  rev: number;
  action: string;
  comment?: string;
  submissionId?: ObjectId;
}

/** Told when an instance enters a state (its start included), after the move is stored. */
export type EnteredListener = (instance: InstanceDoc) => Promise<void>;

/** The parts the engine moves instances with. */
export interface EngineParts {
  definitions: WorkflowDefinitions;
  assignment: WorkflowAssignment;
  timers: WorkflowTimers;
  inbox: WorkflowInbox;
}

/** Instances: their start, the transitions taken on them, their history and its comments. */
export class WorkflowEngine {
  private readonly enteredListeners: EnteredListener[] = [];

  constructor(
    private readonly instances: Collection<InstanceDoc>,
    private readonly parts: EngineParts,
    private readonly deps: Pick<
      WorkflowDeps,
      'submissions' | 'managers' | 'notifications' | 'events' | 'log'
    >,
  ) {}

  private runs(institutionId: ObjectId) {
    return new TenantCollection(this.instances, institutionId);
  }

  /** Starts an instance on the latest published version, in its start state. */
  async start(
    institutionId: ObjectId,
    workflowId: ObjectId,
    subject: Subject,
    actor: Actor,
  ): Promise<InstanceDoc> {
    const { definitions } = this.parts;
    const workflow = await definitions.get(institutionId, workflowId);
    if (workflow.latestVersion === null) throw new Errors.WORKFLOWS_NOT_PUBLISHED();
    const version = await definitions.getVersion(institutionId, workflowId, workflow.latestVersion);
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
            ? await this.deps.managers.supervisorsOf(institutionId, subject.userId)
            : null,
        },
        state: start.key,
        step: 0,
        assignees: await this.parts.assignment.assign(institutionId, version, start.key),
        approvals: [],
        history: [{ at: now, by: actor, action: 'start', from: null, to: start.key }],
        dueAt: dueAt(start, now),
        closedAt: null,
      },
      now,
    );
    await this.entered(instance, version);
    await this.deps.events.note(
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
    const version = await this.parts.definitions.getVersion(
      institutionId,
      instance.workflowId,
      instance.version,
    );
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
    const voted = await this.parts.assignment.vote(instance, transition, user, actor, input.rev);
    if (voted) return voted;
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
    const moved = await this.runs(institutionId).updateGuarded(
      id,
      input.rev,
      {
        state: transition.to,
        step: instance.step + 1,
        assignees: await this.parts.assignment.assign(institutionId, version, transition.to),
        approvals: [],
        history: [...instance.history, entry],
        dueAt: target ? dueAt(target, now) : null,
        closedAt: target?.kind === 'final' ? now : null,
      },
      now,
    );
    await this.parts.timers.cancel(instance);
    await this.entered(moved, version);
    await this.deps.events.note(
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
    const submission = await this.deps.submissions
      .readable(institutionId, submissionId, user)
      .catch(() => null);
    if (
      !submission ||
      submission.formKey !== formKey ||
      submission.status !== 'submitted' ||
      !submission.submittedBy.id.equals(user._id)
    )
      throw refuse();
    return submission;
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
        this.deps.log.error({ err, instance: instance._id }, 'state listener failed'),
      );
    }
    const actors = await this.parts.assignment.actorsOf(instance, version);
    await this.deps.notifications.notify(
      instance.institutionId,
      actors.map((u) => u._id),
      { kind: 'task', instanceId: instance._id, step: instance.step, title: instance.workflowTitle },
    );
    await this.parts.timers.schedule(instance, version);
  }

  /** Adds a comment to the history; anyone who may read the instance may comment. */
  async comment(institutionId: ObjectId, id: ObjectId, user: UserDoc, text: string): Promise<InstanceDoc> {
    const instance = await this.parts.inbox.readInstance(institutionId, id, user);
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
