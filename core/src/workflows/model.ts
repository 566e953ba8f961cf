import {
  type ActedOn,
  type ActingUser,
  type Message,
  mayTake as mayTakeTransition,
  type WorkflowContent,
  type WorkflowTransition,
} from '@rapport/schemas';
import type { FastifyBaseLogger } from 'fastify';
import type { Collection, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../events/service.js';
import type { FormsService } from '../forms/service.js';
import type { JobRegistry } from '../infra/queues.js';
import type { ManagersService } from '../managers/service.js';
import type { NotificationsService } from '../notifications/service.js';
import type { SubmissionsService } from '../submissions/service.js';
import type { UserDoc, UsersService } from '../users/service.js';

// The workflows capability's documents and what its parts share: definitions (definitions.ts),
// instances and their moves (engine.ts), who holds a task (assignment.ts), deadlines (timers.ts)
// and what a user sees (inbox.ts).

export const WORKFLOW_QUEUE = 'workflows';

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
export interface PoolCounter {
  _id: string;
  n: number;
}

/** The collections of the capability; no other capability reads them. */
export interface WorkflowCollections {
  workflows: Collection<WorkflowDoc>;
  versions: Collection<WorkflowVersionDoc>;
  instances: Collection<InstanceDoc>;
  counters: Collection<PoolCounter>;
}

export async function ensureIndexes(c: WorkflowCollections): Promise<void> {
  await c.workflows.createIndex({ institutionId: 1, key: 1 }, { unique: true });
  await c.versions.createIndex({ institutionId: 1, workflowId: 1, version: 1 }, { unique: true });
  await c.instances.createIndex({ institutionId: 1, closedAt: 1, state: 1 });
  await c.instances.createIndex({ institutionId: 1, workflowId: 1, createdAt: -1 });
  await c.instances.createIndex({ institutionId: 1, 'subject.kind': 1, 'subject.id': 1 });
  await c.instances.createIndex({ institutionId: 1, assignees: 1, closedAt: 1 });
}

/** What the workflow parts use of other capabilities. */
export interface WorkflowDeps {
  forms: FormsService;
  submissions: SubmissionsService;
  events: EventsService;
  users: UsersService;
  managers: ManagersService;
  notifications: NotificationsService;
  jobs: JobRegistry;
  log: FastifyBaseLogger;
}

/** An instance as `mayAct` sees it. */
export function actedOn(instance: Pick<InstanceDoc, 'subject' | 'assignees'>): ActedOn {
  return {
    subject: {
      userId: instance.subject.userId?.toHexString() ?? null,
      supervisorIds: instance.subject.supervisorIds?.map((s) => s.toHexString()) ?? null,
    },
    assignees: instance.assignees.map((a) => a.toHexString()),
  };
}

export function actingUser(user: UserDoc): ActingUser {
  return { id: user._id.toHexString(), role: user.role };
}

/** Whether `user` may act at all, their own subject excluded unless the transition allows it. */
export function mayTake(user: UserDoc, transition: WorkflowTransition, instance: InstanceDoc): boolean {
  return mayTakeTransition(actingUser(user), transition, actedOn(instance));
}
