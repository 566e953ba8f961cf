import type { WorkflowTransition } from '@rapport/schemas';
import type { Collection, ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import { TenantCollection } from '../infra/tenant.js';
import { actorOf, type UserDoc } from '../users/service.js';
import type { WorkflowDefinitions } from './definitions.js';
import type { WorkflowInbox } from './inbox.js';
import {
  type HistoryEntry,
  type InstanceDoc,
  mayTake,
  type PoolCounter,
  type WorkflowDeps,
  type WorkflowVersionDoc,
} from './model.js';

const NOT_A_MEMBER = {
  en: 'not an active member of this institution',
  zh: '不是本机构的在职成员',
};

/**
 * Who holds a task: the users who may act, the picks of pools (round robin, least loaded), committee
 * votes, reassignment.
 */
export class WorkflowAssignment {
  constructor(
    private readonly instances: Collection<InstanceDoc>,
    private readonly counters: Collection<PoolCounter>,
    private readonly definitions: WorkflowDefinitions,
    private readonly inbox: WorkflowInbox,
    private readonly deps: Pick<WorkflowDeps, 'users' | 'notifications' | 'events'>,
  ) {}

  private runs(institutionId: ObjectId) {
    return new TenantCollection(this.instances, institutionId);
  }

  /** The active users who may take an action leaving the instance's current state. */
  async actorsOf(instance: InstanceDoc, version: WorkflowVersionDoc): Promise<UserDoc[]> {
    const transitions = version.transitions.filter((t) => t.from === instance.state);
    if (transitions.length === 0) return [];
    const members = await this.activeUsers(instance.institutionId);
    return members.filter((u) => transitions.some((t) => mayTake(u, t, instance)));
  }

  async activeUsers(institutionId: ObjectId): Promise<UserDoc[]> {
    return (await this.deps.users.list(institutionId)).filter((u) => !u.disabled);
  }

  /**
   * Who holds a state's task in person when it is entered: for each pool among its transitions, one
   * active member, in turn (round-robin) or the one with the fewest open tasks (least-loaded).
   */
  async assign(institutionId: ObjectId, version: WorkflowVersionDoc, state: string): Promise<ObjectId[]> {
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
   * A committee member's vote on `transition`, stored (guarded by `rev`) while fewer than the required
   * distinct approvals are in; null when this vote completes them (or the transition has no committee),
   * and the transition fires.
   */
  async vote(
    instance: InstanceDoc,
    transition: WorkflowTransition,
    user: UserDoc,
    actor: Actor,
    rev: number,
  ): Promise<InstanceDoc | null> {
    if (transition.actors.kind !== 'committee') return null;
    const votes = instance.approvals.find((a) => a.action === transition.key)?.userIds ?? [];
    if (votes.some((v) => v.equals(user._id))) throw new Errors.WORKFLOWS_ALREADY_APPROVED();
    if (votes.length + 1 >= transition.actors.required) return null;
    const approvals = [
      ...instance.approvals.filter((a) => a.action !== transition.key),
      { action: transition.key, userIds: [...votes, user._id] },
    ];
    const voted = await this.runs(instance.institutionId).updateGuarded(instance._id, rev, { approvals });
    await this.deps.events.note(
      instance.institutionId,
      actor,
      'workflow.approved',
      'workflow_instances',
      instance._id,
      `${transition.key} ${votes.length + 1}/${transition.actors.required}`,
    );
    return voted;
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
    const instance = await this.inbox.readInstance(institutionId, id, user);
    if (instance.rev !== input.rev) throw new Errors.CONFLICT();
    if (instance.closedAt) throw new Errors.WORKFLOWS_ACTION_UNAVAILABLE();
    const version = await this.definitions.getVersion(institutionId, instance.workflowId, instance.version);
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
    await this.deps.notifications.notify(institutionId, [target._id], {
      kind: 'task',
      instanceId: id,
      step: moved.step,
      title: moved.workflowTitle,
    });
    await this.deps.events.note(
      institutionId,
      actorOf(user),
      'workflow.reassigned',
      'workflow_instances',
      id,
      `${instance.state} → ${target.email}`,
    );
    return moved;
  }
}
