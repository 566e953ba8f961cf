import { randomBytes, randomInt } from 'node:crypto';
import {
  type AuditPlanContent,
  type AuditStatus,
  FINDING_POINTS,
  type FindingSeverity,
  type InspectionMethod,
  type Message,
  type SamplingDesign,
} from '@rapport/schemas';
import type { Job } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import { type Collection, type Filter, MongoServerError, ObjectId } from 'mongodb';
import type { CyclesService } from '../appraisal/cycles/service.js';
import type { FactsService } from '../customers/facts.js';
import type { Actor, EventsService } from '../events/service.js';
import type { FormsService } from '../forms/service.js';
import { Errors, validationError } from '../infra/errors.js';
import type { JobRegistry } from '../infra/queues.js';
import { insertUnique, TenantCollection } from '../infra/tenant.js';
import type { OrgUnitsService } from '../managers/org-units.js';
import type { ManagersService } from '../managers/service.js';
import type { NotificationsService } from '../notifications/service.js';
import type { SubmissionsService } from '../submissions/service.js';
import { actorOf, type UserDoc, type UsersService } from '../users/service.js';
import { drawRunTime, type PlanProblem, populationOf, previewOf, scheduleProblems } from './plans.js';
import { commitmentOf, type Draw, drawSample, type PopulationUnit } from './sampling.js';

declare module 'fastify' {
  interface FastifyInstance {
    audits: AuditsService;
  }
}

export const AUDIT_QUEUE = 'audits';
const DAY_MS = 86_400_000;
const ADMINS = ['platform_admin', 'institution_admin'];

export interface AuditPlanDoc extends AuditPlanContent {
  _id: ObjectId;
  institutionId: ObjectId;
  status: 'active' | 'paused';
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One run of a plan: the population as it stood, the draw and its commitment. */
export interface AuditRunDoc extends Omit<Draw, 'n'> {
  _id: ObjectId;
  institutionId: ObjectId;
  planId: ObjectId;
  /** Which trigger this run answers (a scheduler's job id, or `manual-…`): one run per occurrence. */
  occurrence: string;
  plan: Pick<AuditPlanContent, 'code' | 'name' | 'kind' | 'mode' | 'announced'>;
  design: SamplingDesign;
  population: PopulationUnit[];
  n: number;
  commitment: string;
  /** Secret until every audit of the run is closed. */
  seed: string;
  seedRevealedAt: Date | null;
  status: 'open' | 'closed';
  createdAt: Date;
  closedAt: Date | null;
}

export interface Finding {
  id: string;
  severity: FindingSeverity;
  method: InspectionMethod;
  description: string;
  evidence: string;
  correctiveAction: string;
  recordedAt: Date;
  recordedBy: Actor;
}

/** One manager's inspection from a run. */
export interface AuditDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  planId: ObjectId;
  runId: ObjectId;
  managerId: ObjectId;
  /** null when no auditor of the pool is free of conflicts: an admin assigns one. */
  auditorId: ObjectId | null;
  plan: Pick<AuditPlanContent, 'code' | 'name' | 'mode' | 'announced' | 'checklistFormKey' | 'methods'>;
  status: AuditStatus;
  dueAt: Date;
  openedAt: Date | null;
  checklistSubmissionId: ObjectId | null;
  findings: Finding[];
  response: { at: Date; text: string } | null;
  closedAt: Date | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What runs a plan: the job data of triggers and runs. */
interface PlanJob {
  institutionId: string;
  planId: string;
  occurrence?: string;
}

const schedulerId = (planId: ObjectId | string) => `audit-plan-${planId.toString()}`;
const runJobId = (planId: string, occurrence: string) => `run-${planId}-${occurrence}`.replaceAll(':', '-');

function refuse(problems: PlanProblem[]): never {
  throw validationError(problems.map((p) => ({ in: 'body', ...p })));
}

export class AuditsService {
  constructor(
    private readonly plans: Collection<AuditPlanDoc>,
    private readonly runs: Collection<AuditRunDoc>,
    private readonly audits: Collection<AuditDoc>,
    private readonly deps: {
      /** The customers capability's view of each manager's portfolio. */
      portfolios: Pick<FactsService, 'portfolios'>;
      forms: FormsService;
      submissions: SubmissionsService;
      managers: ManagersService;
      orgUnits: OrgUnitsService;
      users: UsersService;
      cycles: CyclesService;
      notifications: NotificationsService;
      events: EventsService;
      jobs: JobRegistry;
      log: FastifyBaseLogger;
    },
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.plans.createIndex({ institutionId: 1, code: 1 }, { unique: true });
    // One run per trigger, one audit per manager and run: a retried or duplicated job adds nothing.
    await this.runs.createIndex({ planId: 1, occurrence: 1 }, { unique: true });
    await this.audits.createIndex({ planId: 1, runId: 1, managerId: 1 }, { unique: true });
    await this.audits.createIndex({ institutionId: 1, auditorId: 1, status: 1 });
    await this.audits.createIndex({ institutionId: 1, managerId: 1, status: 1 });
  }

  private plans$(institutionId: ObjectId) {
    return new TenantCollection(this.plans, institutionId);
  }

  private audits$(institutionId: ObjectId) {
    return new TenantCollection(this.audits, institutionId);
  }

  // ---- plans ----

  /** Every problem of a plan: its schedule, checklist form and auditor pool. */
  async check(institutionId: ObjectId, plan: AuditPlanContent): Promise<PlanProblem[]> {
    const problems = scheduleProblems(plan);
    const form = (await this.deps.forms.list(institutionId, {})).find((f) => f.key === plan.checklistFormKey);
    if (!form || form.latestVersion === null)
      problems.push({
        path: '/checklistFormKey',
        message: {
          en: `no published form "${plan.checklistFormKey}" for the checklist`,
          zh: `没有已发布的检查表单 "${plan.checklistFormKey}"`,
        },
      });
    const users = await this.deps.users.list(institutionId);
    plan.auditorIds.forEach((id, i) => {
      const auditor = users.find((u) => u._id.toHexString() === id);
      if (!auditor || auditor.disabled || auditor.role !== 'auditor')
        problems.push({
          path: `/auditorIds/${i}`,
          message: { en: 'not an active auditor of this institution', zh: '不是本机构在职的稽核人员' },
        });
    });
    return problems;
  }

  /** The population a plan would audit now and the size of its sample, for the admin before saving. */
  async preview(institutionId: ObjectId, plan: AuditPlanContent) {
    const problems = scheduleProblems(plan);
    if (problems.length > 0) refuse(problems);
    return previewOf(plan, await this.population(institutionId, plan));
  }

  list(institutionId: ObjectId): Promise<AuditPlanDoc[]> {
    return this.plans$(institutionId).find({}, { sort: { createdAt: -1 } });
  }

  get(institutionId: ObjectId, id: ObjectId): Promise<AuditPlanDoc> {
    return this.plans$(institutionId).get(id);
  }

  async create(institutionId: ObjectId, content: AuditPlanContent, actor: Actor): Promise<AuditPlanDoc> {
    const problems = await this.check(institutionId, content);
    if (problems.length > 0) refuse(problems);
    const now = new Date();
    const doc: AuditPlanDoc = {
      _id: new ObjectId(),
      institutionId,
      ...content,
      status: 'active',
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.plans, doc, () => new Errors.AUDITS_CODE_TAKEN());
    await this.syncSchedule(doc);
    await this.deps.events.note(institutionId, actor, 'audit-plan.created', 'audit_plans', doc._id, doc.code);
    return doc;
  }

  async update(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    content: Omit<AuditPlanContent, 'code'>,
    actor: Actor,
  ): Promise<AuditPlanDoc> {
    const current = await this.get(institutionId, id);
    const problems = await this.check(institutionId, { ...content, code: current.code });
    if (problems.length > 0) refuse(problems);
    const updated = await this.plans$(institutionId).updateGuarded(id, rev, content);
    await this.syncSchedule(updated);
    await this.deps.events.note(institutionId, actor, 'audit-plan.updated', 'audit_plans', id, current.code);
    return updated;
  }

  async setStatus(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    status: AuditPlanDoc['status'],
    actor: Actor,
  ): Promise<AuditPlanDoc> {
    const updated = await this.plans$(institutionId).updateGuarded(id, rev, { status });
    await this.syncSchedule(updated);
    const action = status === 'paused' ? 'audit-plan.paused' : 'audit-plan.resumed';
    await this.deps.events.note(institutionId, actor, action, 'audit_plans', id, updated.code);
    return updated;
  }

  /** Deletes a plan and its schedule; its runs and audits stay, as history. */
  async remove(institutionId: ObjectId, id: ObjectId, rev: number, actor: Actor): Promise<void> {
    const plan = await this.get(institutionId, id);
    const { deletedCount } = await this.plans.deleteOne({ _id: id, institutionId, rev });
    if (deletedCount === 0) throw new Errors.CONFLICT();
    await this.deps.jobs.queue(AUDIT_QUEUE).removeJobScheduler(schedulerId(id));
    await this.deps.events.note(institutionId, actor, 'audit-plan.removed', 'audit_plans', id, plan.code);
  }

  /** One job scheduler per active plan, with a stable id: upserting again replaces it; a paused plan has none. */
  async syncSchedule(plan: AuditPlanDoc): Promise<void> {
    const queue = this.deps.jobs.queue(AUDIT_QUEUE);
    if (plan.status !== 'active') {
      await queue.removeJobScheduler(schedulerId(plan._id));
      return;
    }
    const data: PlanJob = { institutionId: plan.institutionId.toHexString(), planId: plan._id.toHexString() };
    await queue.upsertJobScheduler(
      schedulerId(plan._id),
      { pattern: plan.schedule.cron, tz: plan.schedule.tz },
      { name: 'audits.trigger', data },
    );
  }

  /** Every plan's scheduler as the plans say (at start: processes starting together converge on one each). */
  async syncAll(): Promise<void> {
    for (const plan of await this.plans.find({}).toArray()) await this.syncSchedule(plan);
  }

  // ---- runs ----

  /**
   * A plan's scheduler fired: a scheduled plan runs now; a random one draws its moment in the window
   * and queues the run for then (job id per occurrence, so a retried trigger queues nothing more).
   */
  async onTrigger(job: Job<PlanJob>): Promise<string> {
    const plan = await this.plans.findOne({ _id: new ObjectId(job.data.planId) });
    if (plan?.status !== 'active') return 'skipped';
    const occurrence = String(job.id ?? job.timestamp);
    if (plan.kind === 'scheduled') {
      await this.runPlan(plan, occurrence);
      return 'ran';
    }
    const at = drawRunTime(plan, new Date(job.timestamp), () => randomInt(0, 2 ** 47) / 2 ** 47);
    await this.queueRun(plan, occurrence, Math.max(0, at.getTime() - Date.now()));
    return `queued for ${at.toISOString()}`;
  }

  private async queueRun(plan: AuditPlanDoc, occurrence: string, delay: number): Promise<void> {
    const data: PlanJob = {
      institutionId: plan.institutionId.toHexString(),
      planId: plan._id.toHexString(),
      occurrence,
    };
    await this.deps.jobs
      .queue(AUDIT_QUEUE)
      .add('audits.run', data, { jobId: runJobId(data.planId, occurrence), delay });
  }

  /** Runs a plan now, outside its schedule. */
  async runNow(institutionId: ObjectId, id: ObjectId, actor: Actor): Promise<{ occurrence: string }> {
    const plan = await this.get(institutionId, id);
    const occurrence = `manual-${Date.now()}-${randomBytes(4).toString('hex')}`;
    await this.queueRun(plan, occurrence, 0);
    await this.deps.events.note(institutionId, actor, 'audit-plan.run-now', 'audit_plans', id, plan.code);
    return { occurrence };
  }

  async onRun(job: Job<PlanJob>): Promise<string> {
    const plan = await this.plans.findOne({ _id: new ObjectId(job.data.planId) });
    if (!plan || !job.data.occurrence) return 'skipped';
    const run = await this.runPlan(plan, job.data.occurrence);
    return run._id.toHexString();
  }

  /** The managers in a plan's scope now, with their strata and portfolios. */
  private async population(institutionId: ObjectId, plan: AuditPlanContent): Promise<PopulationUnit[]> {
    const [managers, units, portfolios] = await Promise.all([
      this.deps.managers.active(institutionId),
      this.deps.orgUnits.list(institutionId),
      this.deps.portfolios.portfolios(institutionId, new Date(Date.now() - 365 * DAY_MS)),
    ]);
    // Each manager's latest published result, from one read of all of them (latest period first).
    const latest = new Map<string, string | null>();
    for (const { appraisal } of await this.deps.cycles.publishedOf(institutionId)) {
      const id = appraisal.managerId.toHexString();
      if (!latest.has(id)) latest.set(id, appraisal.level);
    }
    const unqualified = new Set([...latest].flatMap(([id, level]) => (level === 'unqualified' ? [id] : [])));
    const openFindings = new Set(
      (
        await this.audits.find({ institutionId, closedAt: null, 'findings.0': { $exists: true } }).toArray()
      ).map((a) => a.managerId.toHexString()),
    );
    return populationOf(plan, {
      managers,
      units,
      portfolios,
      unqualified,
      openFindings,
    });
  }

  /**
   * One run: the population snapshotted in canonical order, the sample drawn with a fresh seed and
   * the commitment recorded, then one audit per sampled manager. Idempotent per occurrence: a second
   * attempt finds the run (its draw stands) and only creates the audits still missing.
   */
  async runPlan(plan: AuditPlanDoc, occurrence: string): Promise<AuditRunDoc> {
    const { institutionId } = plan;
    let run = await this.runs.findOne({ planId: plan._id, occurrence });
    if (!run) {
      const population = await this.population(institutionId, plan);
      const seed = randomBytes(32);
      const { n, ...draw } = drawSample(seed, population, plan.sampling);
      const doc: AuditRunDoc = {
        _id: new ObjectId(),
        institutionId,
        planId: plan._id,
        occurrence,
        plan: {
          code: plan.code,
          name: plan.name,
          kind: plan.kind,
          mode: plan.mode,
          announced: plan.announced,
        },
        design: plan.sampling,
        population,
        n,
        ...draw,
        commitment: commitmentOf(seed.toString('hex'), population, plan.sampling),
        seed: seed.toString('hex'),
        seedRevealedAt: null,
        status: 'open',
        createdAt: new Date(),
        closedAt: null,
      };
      try {
        await this.runs.insertOne(doc);
        run = doc;
      } catch (err) {
        if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
        run = await this.runs.findOne({ planId: plan._id, occurrence });
      }
    }
    if (!run) throw new Error(`run ${occurrence} of plan ${plan._id.toHexString()} vanished`);
    await this.createAudits(plan, run);
    return run;
  }

  /**
   * The run's audits: each sampled manager gets one, with an auditor from the pool who is neither
   * their supervisor nor from their org unit, the least loaded first.
   */
  private async createAudits(plan: AuditPlanDoc, run: AuditRunDoc): Promise<void> {
    const { institutionId } = plan;
    const users = await this.deps.users.list(institutionId);
    const pool = plan.auditorIds.flatMap((id) => {
      const u = users.find((x) => x._id.toHexString() === id && !x.disabled && x.role === 'auditor');
      return u ? [u] : [];
    });
    for (const managerId of run.picked) {
      const manager = users.find((u) => u._id.toHexString() === managerId);
      if (!manager) continue;
      const existing = await this.audits.findOne({
        planId: plan._id,
        runId: run._id,
        managerId: manager._id,
      });
      if (existing) {
        // An attempt that died after creating the audit may not have told anyone yet.
        await this.notifyCreated(existing);
        continue;
      }
      const supervisors = (await this.deps.managers.supervisorsOf(institutionId, manager._id)) ?? [];
      const eligible = pool.filter(
        (a) =>
          !supervisors.some((s) => s.equals(a._id)) &&
          !(a.orgUnitId && manager.orgUnitId && a.orgUnitId.equals(manager.orgUnitId)),
      );
      let auditor: UserDoc | null = null;
      let lowest = Number.POSITIVE_INFINITY;
      for (const candidate of eligible) {
        const load = await this.audits.countDocuments({
          institutionId,
          auditorId: candidate._id,
          closedAt: null,
        });
        if (load < lowest) {
          lowest = load;
          auditor = candidate;
        }
      }
      const now = new Date();
      const audit: AuditDoc = {
        _id: new ObjectId(),
        institutionId,
        planId: plan._id,
        runId: run._id,
        managerId: manager._id,
        auditorId: auditor?._id ?? null,
        plan: {
          code: plan.code,
          name: plan.name,
          mode: plan.mode,
          announced: plan.announced,
          checklistFormKey: plan.checklistFormKey,
          methods: plan.methods,
        },
        status: 'assigned',
        dueAt: new Date(now.getTime() + plan.daysToComplete * DAY_MS),
        openedAt: null,
        checklistSubmissionId: null,
        findings: [],
        response: null,
        closedAt: null,
        rev: 1,
        createdAt: now,
        updatedAt: now,
      };
      try {
        await this.audits.insertOne(audit);
      } catch (err) {
        if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
        const stored = await this.audits.findOne({
          planId: plan._id,
          runId: run._id,
          managerId: manager._id,
        });
        if (stored) await this.notifyCreated(stored);
        continue;
      }
      await this.notifyCreated(audit);
    }
  }

  /**
   * Tells the auditor of a new audit, and its manager only if the plan is announced. Notifications are
   * upserted per audit and person, so a retried run repeats this without telling anyone twice.
   */
  private async notifyCreated(audit: AuditDoc): Promise<void> {
    const title = audit.plan.name;
    if (audit.auditorId)
      await this.deps.notifications.notify(audit.institutionId, [audit.auditorId], {
        kind: 'audit-assigned',
        auditId: audit._id,
        step: 0,
        title,
      });
    // Unannounced means the manager hears nothing until the auditor opens the audit.
    if (audit.plan.announced)
      await this.deps.notifications.notify(audit.institutionId, [audit.managerId], {
        kind: 'audit-announced',
        auditId: audit._id,
        step: 0,
        title,
      });
  }

  listRuns(institutionId: ObjectId, planId: ObjectId): Promise<AuditRunDoc[]> {
    return this.runs.find({ institutionId, planId }, { sort: { createdAt: -1 } }).toArray();
  }

  async getRun(institutionId: ObjectId, id: ObjectId): Promise<AuditRunDoc> {
    const run = await this.runs.findOne({ _id: id, institutionId });
    if (!run) throw new Errors.NOT_FOUND();
    return run;
  }

  /**
   * Recomputes a closed run's selection from its revealed seed, snapshot and design: the picks and the
   * commitment must both match what was recorded at draw time. Before the seed is revealed, 409.
   */
  async verify(institutionId: ObjectId, id: ObjectId) {
    const run = await this.getRun(institutionId, id);
    if (!run.seedRevealedAt) throw new Errors.AUDITS_SEED_SECRET();
    const redrawn = drawSample(Buffer.from(run.seed, 'hex'), run.population, run.design);
    const commitment = commitmentOf(run.seed, run.population, run.design);
    const samePicks =
      redrawn.picked.length === run.picked.length && redrawn.picked.every((p, i) => p === run.picked[i]);
    return {
      seed: run.seed,
      commitment: run.commitment,
      recomputedCommitment: commitment,
      picked: run.picked,
      recomputedPicked: redrawn.picked,
      valid: samePicks && commitment === run.commitment,
    };
  }

  // ---- audits ----

  /**
   * The audits `viewer` may see: admins all; auditors theirs; a manager their own once opened (or
   * announced); a supervisor those of their part of the tree, on the same terms. An unopened
   * unannounced audit does not exist for anyone but admins and its auditor.
   */
  async visibleFilter(institutionId: ObjectId, viewer: UserDoc): Promise<Filter<AuditDoc>> {
    if (ADMINS.includes(viewer.role)) return {};
    const revealed: Filter<AuditDoc> = { $or: [{ 'plan.announced': true }, { status: { $ne: 'assigned' } }] };
    if (viewer.role === 'auditor') return { auditorId: viewer._id };
    if (viewer.role === 'manager') return { managerId: viewer._id, ...revealed };
    const sees = await this.deps.managers.visibilityFor(institutionId, viewer);
    const visible = (await this.deps.managers.active(institutionId))
      .filter((m) => sees(m.user))
      .map((m) => m.profile._id);
    return { managerId: { $in: visible }, ...revealed };
  }

  async listAudits(
    institutionId: ObjectId,
    viewer: UserDoc,
    query: { status?: AuditStatus; planId?: ObjectId; runId?: ObjectId; managerId?: ObjectId },
  ): Promise<AuditDoc[]> {
    const filter: Filter<AuditDoc> = {
      ...(await this.visibleFilter(institutionId, viewer)),
      ...(query.status ? { status: query.status } : {}),
      ...(query.planId ? { planId: query.planId } : {}),
      ...(query.runId ? { runId: query.runId } : {}),
    };
    const found = await this.audits$(institutionId).find(filter, { sort: { createdAt: -1 }, limit: 500 });
    return query.managerId ? found.filter((a) => a.managerId.equals(query.managerId as ObjectId)) : found;
  }

  async readAudit(institutionId: ObjectId, id: ObjectId, viewer: UserDoc): Promise<AuditDoc> {
    const found = await this.audits$(institutionId).findOne({
      _id: id,
      ...(await this.visibleFilter(institutionId, viewer)),
    });
    if (!found) throw new Errors.NOT_FOUND();
    return found;
  }

  /** The audit as its own auditor may change it (404 for anyone else), at `rev`, in one of `statuses`. */
  private async asAuditor(
    institutionId: ObjectId,
    id: ObjectId,
    auditor: UserDoc,
    rev: number,
    statuses: AuditStatus[],
  ) {
    const audit = await this.audits$(institutionId).findOne({ _id: id, auditorId: auditor._id });
    if (!audit) throw new Errors.NOT_FOUND();
    if (audit.rev !== rev) throw new Errors.CONFLICT();
    if (!statuses.includes(audit.status)) throw new Errors.AUDITS_WRONG_STATUS();
    return audit;
  }

  /** The auditor opens the audit: from now on the manager sees it and is told. */
  async open(institutionId: ObjectId, id: ObjectId, auditor: UserDoc, rev: number): Promise<AuditDoc> {
    const audit = await this.asAuditor(institutionId, id, auditor, rev, ['assigned']);
    const now = new Date();
    const opened = await this.audits$(institutionId).updateGuarded(
      id,
      rev,
      { status: 'open', openedAt: now },
      now,
    );
    await this.deps.notifications.notify(institutionId, [audit.managerId], {
      kind: 'audit-opened',
      auditId: id,
      step: 0,
      title: audit.plan.name,
    });
    await this.deps.events.note(
      institutionId,
      actorOf(auditor),
      'audit.opened',
      'audits',
      id,
      audit.plan.code,
    );
    return opened;
  }

  /** Attaches the filled checklist: a submitted submission of the plan's checklist form by the auditor. */
  async attachChecklist(
    institutionId: ObjectId,
    id: ObjectId,
    auditor: UserDoc,
    rev: number,
    submissionId: ObjectId,
  ) {
    const audit = await this.asAuditor(institutionId, id, auditor, rev, [
      'open',
      'awaiting-response',
      'responded',
    ]);
    const submission = await this.deps.submissions.tenant(institutionId).findOne({ _id: submissionId });
    if (
      !submission ||
      submission.formKey !== audit.plan.checklistFormKey ||
      submission.status !== 'submitted' ||
      !submission.submittedBy.id.equals(auditor._id)
    )
      throw validationError([
        {
          in: 'body',
          path: '/submissionId',
          message: {
            en: `the checklist must be the form "${audit.plan.checklistFormKey}", filled in and submitted by you`,
            zh: `检查表须为表单 "${audit.plan.checklistFormKey}"，并由您本人填写提交`,
          },
        },
      ]);
    return this.audits$(institutionId).updateGuarded(id, rev, { checklistSubmissionId: submissionId });
  }

  async addFinding(
    institutionId: ObjectId,
    id: ObjectId,
    auditor: UserDoc,
    rev: number,
    input: Omit<Finding, 'id' | 'recordedAt' | 'recordedBy'>,
  ): Promise<AuditDoc> {
    const audit = await this.asAuditor(institutionId, id, auditor, rev, ['open', 'responded']);
    if (!audit.plan.methods.includes(input.method))
      throw validationError([
        {
          in: 'body',
          path: '/method',
          message: { en: 'this plan does not use that inspection method', zh: '本检查计划不使用该检查方法' },
        },
      ]);
    const finding: Finding = {
      ...input,
      id: randomBytes(6).toString('hex'),
      recordedAt: new Date(),
      recordedBy: actorOf(auditor),
    };
    return this.audits$(institutionId).updateGuarded(id, rev, { findings: [...audit.findings, finding] });
  }

  /** The auditor asks the manager to respond to the findings. */
  async requestResponse(institutionId: ObjectId, id: ObjectId, auditor: UserDoc, rev: number) {
    await this.asAuditor(institutionId, id, auditor, rev, ['open']);
    return this.audits$(institutionId).updateGuarded(id, rev, { status: 'awaiting-response' });
  }

  /** The audited manager responds. */
  async respond(institutionId: ObjectId, id: ObjectId, manager: UserDoc, rev: number, text: string) {
    const audit = await this.audits$(institutionId).findOne({ _id: id, managerId: manager._id });
    if (!audit || (!audit.plan.announced && audit.status === 'assigned')) throw new Errors.NOT_FOUND();
    if (audit.rev !== rev) throw new Errors.CONFLICT();
    if (audit.status !== 'awaiting-response') throw new Errors.AUDITS_WRONG_STATUS();
    return this.audits$(institutionId).updateGuarded(id, rev, {
      status: 'responded',
      response: { at: new Date(), text },
    });
  }

  /** The auditor closes; when the run's last audit closes, the run's seed is revealed. */
  async close(institutionId: ObjectId, id: ObjectId, auditor: UserDoc, rev: number): Promise<AuditDoc> {
    const audit = await this.asAuditor(institutionId, id, auditor, rev, ['open', 'responded']);
    if (!audit.checklistSubmissionId) throw new Errors.AUDITS_CHECKLIST_MISSING();
    const now = new Date();
    const closed = await this.audits$(institutionId).updateGuarded(
      id,
      rev,
      { status: 'closed', closedAt: now },
      now,
    );
    const open = await this.audits.countDocuments({ runId: audit.runId, closedAt: null });
    if (open === 0)
      await this.runs.updateOne(
        { _id: audit.runId, status: 'open' },
        { $set: { status: 'closed', closedAt: now, seedRevealedAt: now } },
      );
    await this.deps.events.note(
      institutionId,
      actorOf(auditor),
      'audit.closed',
      'audits',
      id,
      audit.plan.code,
    );
    return closed;
  }

  /** Closed audits' findings in a period, for the appraisal's behaviour indicators. */
  async findingsOf(institutionId: ObjectId, managerId: ObjectId, period: { from: Date; to: Date }) {
    const closed = await this.audits
      .find({ institutionId, managerId, status: 'closed', closedAt: { $gte: period.from, $lt: period.to } })
      .toArray();
    const findings = closed.flatMap((a) => a.findings);
    return {
      closed: closed.length,
      findings: findings.map((f) => ({ severity: f.severity, method: f.method })),
      findingPoints: findings.reduce((sum, f) => sum + FINDING_POINTS[f.severity], 0),
    };
  }

  /** Coverage, findings and overdue audits for the dashboard. */
  async dashboard(institutionId: ObjectId) {
    const since = new Date(Date.now() - 365 * DAY_MS);
    const [managers, units, audits] = await Promise.all([
      this.deps.managers.active(institutionId),
      this.deps.orgUnits.list(institutionId),
      this.audits.find({ institutionId }).toArray(),
    ]);
    const inspected = new Set(
      audits.filter((a) => a.openedAt && a.openedAt >= since).map((a) => a.managerId.toHexString()),
    );
    const coverage = [...units, null]
      .map((unit) => {
        const members = managers.filter((m) =>
          unit ? m.user.orgUnitId?.equals(unit._id) : !m.user.orgUnitId,
        );
        return {
          orgUnitId: unit?._id.toHexString() ?? null,
          name: unit?.name ?? ({ zh: '未分配机构', en: 'No unit' } satisfies Message),
          managers: members.length,
          inspected: members.filter((m) => inspected.has(m.profile._id.toHexString())).length,
        };
      })
      .filter((c) => c.managers > 0);
    const findings = audits.flatMap((a) => a.findings);
    const count = <K extends string>(keys: K[]) =>
      Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
    const bySeverity = count(['low', 'medium', 'high'] as FindingSeverity[]);
    const byMethod: Record<string, number> = {};
    for (const f of findings) {
      bySeverity[f.severity]++;
      byMethod[f.method] = (byMethod[f.method] ?? 0) + 1;
    }
    const now = Date.now();
    const overdue = audits
      .filter((a) => !a.closedAt && a.dueAt.getTime() < now)
      .map((a) => ({
        id: a._id.toHexString(),
        managerId: a.managerId.toHexString(),
        dueAt: a.dueAt.toISOString(),
        status: a.status,
      }));
    return { coverage, findings: { bySeverity, byMethod }, overdue };
  }
}

export default fp(
  async (app) => {
    const db = app.mongo.db;
    const service = new AuditsService(
      db.collection<AuditPlanDoc>('audit_plans'),
      db.collection<AuditRunDoc>('audit_runs'),
      db.collection<AuditDoc>('audits'),
      {
        portfolios: app.customerFacts,
        forms: app.forms,
        submissions: app.submissions,
        managers: app.managers,
        orgUnits: app.orgUnits,
        users: app.users,
        cycles: app.cycles,
        notifications: app.notifications,
        events: app.events,
        jobs: app.jobs,
        log: app.log,
      },
    );
    await service.ensureIndexes();
    app.decorate('audits', service);
    app.jobs.handle(AUDIT_QUEUE, 'audits.trigger', (job) => service.onTrigger(job as Job<PlanJob>));
    app.jobs.handle(AUDIT_QUEUE, 'audits.run', (job) => service.onRun(job as Job<PlanJob>));
    app.cycles.provideBusinessData({
      dataOf: async (institutionId, managerId, period) => ({
        audits: await service.findingsOf(institutionId, managerId, period),
      }),
    });
    app.addHook('onReady', () => service.syncAll());
  },
  {
    name: 'audits-service',
    dependencies: [
      'mongo',
      'queues',
      'forms-service',
      'submissions-service',
      'managers-service',
      'org-units-service',
      'users-service',
      'customers-service',
      'cycles-service',
      'notifications-service',
      'events-service',
    ],
  },
);
