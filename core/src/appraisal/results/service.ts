import {
  DEFAULT_RESULT_SETTINGS,
  type Grade,
  type Message,
  type PayLine,
  paySheet,
  proposeGradeChange,
  type ResultLevel,
  type ResultSettings,
  type WorkflowContent,
} from '@rapport/schemas';
import fp from 'fastify-plugin';
import { type Collection, MongoServerError, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../../events/service.js';
import { Errors } from '../../infra/errors.js';
import { TenantCollection } from '../../infra/tenant.js';
import type { GradesService } from '../../managers/grades.js';
import type { ManagersService } from '../../managers/service.js';
import type { UsersService } from '../../users/service.js';
import type { InstanceDoc, WorkflowsService } from '../../workflows/service.js';
import type { AppraisalDoc, CyclesService } from '../cycles/service.js';

declare module 'fastify' {
  interface FastifyInstance {
    results: ResultsService;
  }
}

interface SettingsDoc extends ResultSettings {
  _id: string;
  institutionId: ObjectId;
  rev: number;
  updatedAt: Date;
}

export const PROPOSAL_STATUSES = ['open', 'approved', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** A grade change a rule proposed after a cycle's results; a person decides it through a workflow. */
export interface GradeProposalDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  cycleId: ObjectId;
  managerId: ObjectId;
  from: Grade;
  to: Grade;
  rule: 'promote' | 'demote' | 'trainee';
  reason: Message;
  instanceId: ObjectId | null;
  status: ProposalStatus;
  decidedAt: Date | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Key of the approval workflow grade-change proposals run through (generated once per institution). */
export const PROPOSAL_WORKFLOW = 'grade-change-proposal';

const label = (zh: string, en: string) => ({ zh, en });

/** The default approval of a proposal: an institution admin approves or rejects; admins may redesign it. */
export const proposalWorkflow: WorkflowContent = {
  key: PROPOSAL_WORKFLOW,
  title: label('客户经理等级调整', 'Manager grade change'),
  states: [
    { key: 'proposed', label: label('待审批', 'Proposed'), kind: 'start', position: { x: 0, y: 0 } },
    { key: 'approved', label: label('已批准', 'Approved'), kind: 'final', position: { x: 300, y: -80 } },
    { key: 'rejected', label: label('未批准', 'Rejected'), kind: 'final', position: { x: 300, y: 80 } },
  ],
  transitions: [
    {
      key: 'approve',
      label: label('批准', 'Approve'),
      from: 'proposed',
      to: 'approved',
      actors: { kind: 'role', role: 'institution_admin' },
    },
    {
      key: 'reject',
      label: label('不批准', 'Reject'),
      from: 'proposed',
      to: 'rejected',
      actors: { kind: 'role', role: 'institution_admin' },
    },
  ],
};

/** Whole months in a period (YYYY-MM-DD, both days included), at least 1. */
export function monthsIn(period: { from: string; to: string }): number {
  const [fy, fm, fd] = period.from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = period.to.split('-').map(Number) as [number, number, number];
  const months = (ty - fy) * 12 + (tm - fm) + (td >= fd - 1 ? 1 : 0);
  return Math.max(1, months);
}

/** The use of results: grade-change proposals and their approval, and the pay sheet. */
export class ResultsService {
  constructor(
    private readonly settings: Collection<SettingsDoc>,
    private readonly proposals: Collection<GradeProposalDoc>,
    private readonly deps: {
      cycles: CyclesService;
      managers: ManagersService;
      grades: GradesService;
      workflows: WorkflowsService;
      users: UsersService;
      events: EventsService;
    },
  ) {}

  async ensureIndexes(): Promise<void> {
    // One proposal per manager and cycle: publishing again proposes nothing more.
    await this.proposals.createIndex({ institutionId: 1, cycleId: 1, managerId: 1 }, { unique: true });
  }

  async getSettings(institutionId: ObjectId): Promise<ResultSettings & { rev: number }> {
    const doc = await this.settings.findOne({ _id: institutionId.toHexString() });
    return doc
      ? { gradeRules: doc.gradeRules, pay: doc.pay, rev: doc.rev }
      : { ...DEFAULT_RESULT_SETTINGS, rev: 0 };
  }

  /** Saves the institution's rules; `rev` 0 replaces the defaults, a stale one is 409. */
  async saveSettings(institutionId: ObjectId, input: ResultSettings, rev: number, actor: Actor) {
    const _id = institutionId.toHexString();
    const now = new Date();
    const result =
      rev === 0
        ? await this.settings.updateOne(
            { _id },
            { $setOnInsert: { institutionId, ...input, rev: 1, updatedAt: now } },
            { upsert: true },
          )
        : await this.settings.updateOne(
            { _id, rev },
            { $set: { ...input, updatedAt: now }, $inc: { rev: 1 } },
          );
    if ((rev === 0 ? result.upsertedCount : result.matchedCount) === 0) throw new Errors.CONFLICT();
    await this.deps.events.record({
      institutionId,
      actor,
      action: 'results.settings-updated',
      target: { collection: 'result_settings', id: _id },
      summary: 'grade rules and pay',
    });
    return this.getSettings(institutionId);
  }

  private tenant(institutionId: ObjectId) {
    return new TenantCollection(this.proposals, institutionId);
  }

  listProposals(institutionId: ObjectId, filter: { status?: ProposalStatus; cycleId?: ObjectId }) {
    return this.tenant(institutionId).find(
      {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.cycleId ? { cycleId: filter.cycleId } : {}),
      },
      { sort: { createdAt: -1 } },
    );
  }

  /** The approval workflow's id, creating and publishing the default the first time. */
  private async proposalWorkflowId(institutionId: ObjectId, actor: Actor): Promise<ObjectId> {
    const existing = (await this.deps.workflows.list(institutionId)).find((w) => w.key === PROPOSAL_WORKFLOW);
    const workflow = existing ?? (await this.deps.workflows.create(institutionId, proposalWorkflow, actor));
    if (workflow.latestVersion === null)
      await this.deps.workflows.publish(institutionId, workflow._id, workflow.rev, actor);
    return workflow._id;
  }

  /**
   * Once a manager has accepted their result (after any appeal), the grade rules propose at most one
   * change from their published levels, and the proposal starts its approval workflow. Safe to run
   * twice: one proposal per manager and cycle.
   */
  async proposeFor(appraisal: AppraisalDoc, actor: Actor): Promise<GradeProposalDoc | null> {
    const { institutionId } = appraisal;
    if (!appraisal.level) return null;
    const { gradeRules } = await this.getSettings(institutionId);
    const history = await this.deps.cycles.publishedOf(institutionId, appraisal.managerId);
    const levels = history.flatMap((h) => (h.appraisal.level ? [h.appraisal.level as ResultLevel] : []));
    const profile = (await this.deps.managers.active(institutionId)).find((m) =>
      m.profile._id.equals(appraisal.managerId),
    )?.profile;
    if (!profile) return null;
    const draft = proposeGradeChange(gradeRules, profile.grade, levels, profile.certifications.length > 0);
    if (!draft) return null;
    const now = new Date();
    const proposal: GradeProposalDoc = {
      _id: new ObjectId(),
      institutionId,
      cycleId: appraisal.cycleId,
      managerId: appraisal.managerId,
      from: profile.grade,
      to: draft.to,
      rule: draft.rule,
      reason: draft.reason,
      instanceId: null,
      status: 'open',
      decidedAt: null,
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.proposals.insertOne(proposal);
    } catch (err) {
      if (err instanceof MongoServerError && err.code === 11000) return null;
      throw err;
    }
    const instance = await this.deps.workflows.start(
      institutionId,
      await this.proposalWorkflowId(institutionId, actor),
      { kind: 'grade-proposal', id: proposal._id.toHexString(), userId: appraisal.managerId },
      actor,
    );
    await this.proposals.updateOne({ _id: proposal._id }, { $set: { instanceId: instance._id } });
    return { ...proposal, instanceId: instance._id };
  }

  /** Workflows entering a state: an accepted appraisal is judged by the grade rules; a decided proposal applied. */
  async onEntered(instance: InstanceDoc): Promise<void> {
    if (instance.subject.kind === 'appraisal' && instance.state === 'closed') {
      const appraisal = await this.deps.cycles.appraisalOf(instance);
      const actor = instance.history.at(-1)?.by;
      if (appraisal && actor) await this.proposeFor(appraisal, actor);
      return;
    }
    await this.decided(instance);
  }

  /**
   * A proposal's workflow reached an end: approved moves the manager's grade (with the proposal's
   * reason and the workflow instance as the decision), rejected just closes the proposal.
   */
  private async decided(instance: InstanceDoc): Promise<void> {
    if (instance.subject.kind !== 'grade-proposal' || !ObjectId.isValid(instance.subject.id)) return;
    if (instance.state !== 'approved' && instance.state !== 'rejected') return;
    const proposal = await this.tenant(instance.institutionId).findOne({
      _id: new ObjectId(instance.subject.id),
    });
    if (proposal?.status !== 'open') return;
    const decision = instance.history.at(-1);
    const actor = decision?.by;
    if (instance.state === 'approved' && actor) {
      const manager = await this.deps.managers.active(instance.institutionId);
      const profile = manager.find((m) => m.profile._id.equals(proposal.managerId))?.profile;
      if (profile && profile.grade === proposal.from) {
        await this.deps.managers.changeGrade(
          instance.institutionId,
          profile._id,
          profile.rev,
          {
            grade: proposal.to,
            reason: `${proposal.reason.zh} / ${proposal.reason.en}${decision?.comment ? ` — ${decision.comment}` : ''}`,
            instanceId: instance._id,
          },
          actor,
        );
      }
    }
    await this.proposals.updateOne(
      { _id: proposal._id, status: 'open' },
      {
        $set: { status: instance.state, decidedAt: new Date(), updatedAt: new Date() },
        $inc: { rev: 1 },
      },
    );
  }

  /** A published cycle's pay sheet, with each manager's name and grade's base salary. */
  async paySheetOf(
    institutionId: ObjectId,
    cycleId: ObjectId,
  ): Promise<(PayLine & { name: string; email: string })[]> {
    const cycle = await this.deps.cycles.get(institutionId, cycleId);
    if (cycle.status !== 'published' && cycle.status !== 'closed') throw new Errors.CYCLES_NOT_PUBLISHED();
    const [{ pay }, grades, appraisals, users] = await Promise.all([
      this.getSettings(institutionId),
      this.deps.grades.list(institutionId),
      this.deps.cycles.appraisalsOf(institutionId, cycleId),
      this.deps.users.list(institutionId),
    ]);
    const lines = paySheet(
      pay,
      monthsIn(cycle.period),
      appraisals.map((a) => ({
        managerId: a.managerId.toHexString(),
        grade: a.grade,
        monthlyBase: grades.find((g) => g.grade === a.grade)?.baseSalary ?? 0,
        level: a.level,
        total: a.finalTotal,
        behaviourScore: a.score?.categories.behaviour ?? null,
      })),
    );
    return lines.map((line) => {
      const person = users.find((u) => u._id.toHexString() === line.managerId);
      return { ...line, name: person?.name ?? '', email: person?.email ?? '' };
    });
  }
}

export default fp(
  async (app) => {
    const service = new ResultsService(
      app.mongo.db.collection<SettingsDoc>('result_settings'),
      app.mongo.db.collection<GradeProposalDoc>('grade_proposals'),
      {
        cycles: app.cycles,
        managers: app.managers,
        grades: app.grades,
        workflows: app.workflows,
        users: app.users,
        events: app.events,
      },
    );
    await service.ensureIndexes();
    app.decorate('results', service);
    app.workflows.onEntered((instance) => service.onEntered(instance));
  },
  {
    name: 'results-service',
    dependencies: [
      'mongo',
      'cycles-service',
      'managers-service',
      'grades-service',
      'workflows-service',
      'users-service',
      'events-service',
    ],
  },
);
