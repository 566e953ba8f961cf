import type { Collection, Filter, ObjectId } from 'mongodb';
import { Errors } from '../infra/errors.js';
import { TenantCollection } from '../infra/tenant.js';
import type { UserDoc } from '../users/service.js';
import type { WorkflowDefinitions } from './definitions.js';
import { type InstanceDoc, mayTake, type WorkflowVersionDoc } from './model.js';

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

/** What a user sees of the instances: their tasks, the instances they may read, lists of them. */
export class WorkflowInbox {
  constructor(
    private readonly instances: Collection<InstanceDoc>,
    private readonly definitions: WorkflowDefinitions,
  ) {}

  private runs(institutionId: ObjectId) {
    return new TenantCollection(this.instances, institutionId);
  }

  /** Open instances whose current state has an action `user` may take, oldest first. */
  async inbox(institutionId: ObjectId, user: UserDoc): Promise<InstanceDoc[]> {
    const open = await this.runs(institutionId).find({ closedAt: null }, { sort: { createdAt: 1 } });
    const versions = new Map<string, Promise<WorkflowVersionDoc>>();
    const result: InstanceDoc[] = [];
    for (const instance of open) {
      const key = `${instance.workflowId.toHexString()}/${instance.version}`;
      if (!versions.has(key))
        versions.set(key, this.definitions.getVersion(institutionId, instance.workflowId, instance.version));
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
    const version = await this.definitions.getVersion(
      instance.institutionId,
      instance.workflowId,
      instance.version,
    );
    return version.transitions.some((t) => t.from === instance.state && mayTake(user, t, instance));
  }

  /** One instance `user` may read (404 otherwise, as for another institution's). */
  async readInstance(institutionId: ObjectId, id: ObjectId, user: UserDoc): Promise<InstanceDoc> {
    const instance = await this.runs(institutionId).get(id);
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

  /** How many instances, open or closed, the workflows have. */
  countInstances(institutionId: ObjectId, workflowIds: ObjectId[]): Promise<number> {
    return this.runs(institutionId).countDocuments({ workflowId: { $in: workflowIds } });
  }
}
