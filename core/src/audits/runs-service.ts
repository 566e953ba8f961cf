import { randomBytes } from 'node:crypto';
import type { AuditPlanContent } from '@rapport/schemas';
import type { Job } from 'bullmq';
import { type Collection, MongoServerError, ObjectId } from 'mongodb';
import { Errors } from '../infra/errors.js';
import type { UserDoc } from '../users/service.js';
import {
  type AuditDeps,
  type AuditDoc,
  type AuditPlanDoc,
  type AuditRunDoc,
  DAY_MS,
  type PlanJob,
} from './model.js';
import { populationOf } from './plans.js';
import { commitmentOf, drawSample, type PopulationUnit } from './sampling.js';

/** Runs of audit plans: the population snapshot, the committed draw, the audits it creates, verification. */
export class AuditRunsService {
  constructor(
    private readonly plans: Collection<AuditPlanDoc>,
    private readonly runs: Collection<AuditRunDoc>,
    private readonly audits: Collection<AuditDoc>,
    private readonly deps: AuditDeps,
  ) {}

  async ensureIndexes(): Promise<void> {
    // One run per trigger, one audit per manager and run: a retried or duplicated job adds nothing.
    await this.runs.createIndex({ planId: 1, occurrence: 1 }, { unique: true });
    await this.audits.createIndex({ planId: 1, runId: 1, managerId: 1 }, { unique: true });
  }

  async onRun(job: Job<PlanJob>): Promise<string> {
    const plan = await this.plans.findOne({ _id: new ObjectId(job.data.planId) });
    if (!plan || !job.data.occurrence) return 'skipped';
    const run = await this.runPlan(plan, job.data.occurrence);
    return run._id.toHexString();
  }

  /** The managers in a plan's scope now, with their strata and portfolios. */
  async population(institutionId: ObjectId, plan: AuditPlanContent): Promise<PopulationUnit[]> {
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

  /** How many audits the plans' runs have created. */
  countAudits(institutionId: ObjectId, planIds: ObjectId[]): Promise<number> {
    return this.audits.countDocuments({ institutionId, planId: { $in: planIds } });
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

  /** When the last audit of `runId` has closed, the run closes and its seed is revealed. */
  async closeIfDone(runId: ObjectId, now: Date): Promise<void> {
    const open = await this.audits.countDocuments({ runId, closedAt: null });
    if (open === 0)
      await this.runs.updateOne(
        { _id: runId, status: 'open' },
        { $set: { status: 'closed', closedAt: now, seedRevealedAt: now } },
      );
  }
}
