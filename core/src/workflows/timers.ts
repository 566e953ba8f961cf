import {
  type EscalationTarget,
  isSubjectSupervisor,
  NOTE_ACTIONS,
  type WorkflowState,
} from '@rapport/schemas';
import { type Collection, ObjectId } from 'mongodb';
import { Errors } from '../infra/errors.js';
import { TenantCollection } from '../infra/tenant.js';
import type { NotificationKind } from '../notifications/service.js';
import { actorOf, type UserDoc } from '../users/service.js';
import type { WorkflowAssignment } from './assignment.js';
import type { WorkflowDefinitions } from './definitions.js';
import {
  actedOn,
  actingUser,
  type HistoryEntry,
  type InstanceDoc,
  type TimerData,
  WORKFLOW_QUEUE,
  type WorkflowDeps,
  type WorkflowVersionDoc,
} from './model.js';

const HOUR_MS = 3_600_000;

/** When a state entered at `from` is due, if it has a deadline. */
export function dueAt(state: WorkflowState, from: Date): Date | null {
  return state.deadline ? new Date(from.getTime() + state.deadline.hours * HOUR_MS) : null;
}

/** The job ids of a state's timers: one per (instance, state, step), so scheduling twice adds nothing. */
function timerIds(
  instanceId: ObjectId,
  state: string,
  step: number,
): Record<'reminder' | 'deadline', string> {
  const base = `${instanceId.toHexString()}-${state}-${step}`;
  return { reminder: `reminder-${base}`, deadline: `deadline-${base}` };
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

/** A state's deadline and reminder as BullMQ delayed jobs, and the escalation when the deadline passes. */
export class WorkflowTimers {
  constructor(
    private readonly instances: Collection<InstanceDoc>,
    private readonly definitions: WorkflowDefinitions,
    private readonly assignment: WorkflowAssignment,
    private readonly deps: Pick<WorkflowDeps, 'jobs' | 'notifications'>,
  ) {}

  private runs(institutionId: ObjectId) {
    return new TenantCollection(this.instances, institutionId);
  }

  /** The reminder and deadline of the instance's current state, keyed so that adding them twice adds nothing. */
  async schedule(instance: InstanceDoc, version: WorkflowVersionDoc): Promise<void> {
    const state = version.states.find((s) => s.key === instance.state);
    if (!state?.deadline || !instance.dueAt) return;
    const data: TimerData = {
      institutionId: instance.institutionId.toHexString(),
      instanceId: instance._id.toHexString(),
      state: state.key,
      step: instance.step,
    };
    const ids = timerIds(instance._id, state.key, instance.step);
    const queue = this.deps.jobs.queue(WORKFLOW_QUEUE);
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
      const version = await this.definitions.getVersion(
        instance.institutionId,
        instance.workflowId,
        instance.version,
      );
      await this.schedule(instance, version);
    }
    return open.length;
  }

  /** A state was left: its pending reminder and deadline are cancelled. */
  async cancel(instance: InstanceDoc): Promise<void> {
    const ids = timerIds(instance._id, instance.state, instance.step);
    const queue = this.deps.jobs.queue(WORKFLOW_QUEUE);
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
    const version = await this.definitions.getVersion(institutionId, instance.workflowId, instance.version);
    const actors = await this.assignment.actorsOf(instance, version);
    const target = version.states.find((s) => s.key === instance.state)?.deadline?.escalateTo;
    const escalated =
      kind === 'overdue' && target
        ? (await this.assignment.activeUsers(institutionId)).filter(
            (u) => isTarget(u, target, instance) && !actors.some((a) => a._id.equals(u._id)),
          )
        : [];
    if (escalated.length > 0) await this.escalate(instance, [...actors, ...escalated], escalated);
    await this.deps.notifications.notify(
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
}
