import { checkWorkflow, type WorkflowContent } from '@rapport/schemas';
import { type Collection, ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import { insertUnique, publishVersion, TenantCollection } from '../infra/tenant.js';
import type { WorkflowDeps, WorkflowDoc, WorkflowVersionDoc } from './model.js';

/** Workflow definitions: the editable draft, its checks against the forms, and its published versions. */
export class WorkflowDefinitions {
  constructor(
    private readonly workflows: Collection<WorkflowDoc>,
    private readonly versions: Collection<WorkflowVersionDoc>,
    private readonly deps: Pick<WorkflowDeps, 'forms' | 'events'>,
  ) {}

  private defs(institutionId: ObjectId) {
    return new TenantCollection(this.workflows, institutionId);
  }

  /** Every problem of a workflow against the institution's forms. */
  async check(institutionId: ObjectId, content: WorkflowContent) {
    const forms = await this.deps.forms.list(institutionId, {});
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
    await this.deps.events.note(institutionId, actor, 'workflow.created', 'workflows', doc._id, doc.key);
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
    await this.deps.events.note(institutionId, actor, 'workflow.updated', 'workflows', id, updated.key);
    return updated;
  }

  /** Freezes the draft as the next version, refusing it with every problem named. */
  /** Takes workflows out with every version of them (what a plugin installed, when nothing ran on them). */
  async removeMany(institutionId: ObjectId, ids: ObjectId[]): Promise<void> {
    await this.workflows.deleteMany({ institutionId, _id: { $in: ids } });
    await this.versions.deleteMany({ institutionId, workflowId: { $in: ids } });
  }

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
      await this.deps.events.note(
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
}
