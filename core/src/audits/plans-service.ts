import { randomBytes, randomInt } from 'node:crypto';
import type { AuditPlanContent } from '@rapport/schemas';
import type { Job } from 'bullmq';
import { type Collection, ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import { Errors } from '../infra/errors.js';
import { insertUnique, TenantCollection } from '../infra/tenant.js';
import {
  AUDIT_QUEUE,
  type AuditDeps,
  type AuditPlanDoc,
  type PlanJob,
  refuse,
  runJobId,
  schedulerId,
} from './model.js';
import { drawRunTime, type PlanProblem, previewOf, scheduleProblems } from './plans.js';
import type { AuditRunsService } from './runs-service.js';

/** Audit plans: their checks and previews, their schedules and triggers, and runs on demand. */
export class AuditPlansService {
  constructor(
    private readonly plans: Collection<AuditPlanDoc>,
    private readonly deps: AuditDeps,
    private readonly runner: AuditRunsService,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.plans.createIndex({ institutionId: 1, code: 1 }, { unique: true });
  }

  private plans$(institutionId: ObjectId) {
    return new TenantCollection(this.plans, institutionId);
  }

  /** Every problem of a plan: its schedule, checklist form and auditor pool. */
  async check(institutionId: ObjectId, plan: AuditPlanContent): Promise<PlanProblem[]> {
    const problems = scheduleProblems(plan, this.deps.minScheduleSeconds);
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
    const problems = scheduleProblems(plan, this.deps.minScheduleSeconds);
    if (problems.length > 0) refuse(problems);
    return previewOf(plan, await this.runner.population(institutionId, plan));
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
    const id = schedulerId(plan._id);
    const repeat = { pattern: plan.schedule.cron, tz: plan.schedule.tz };
    for (let attempt = 1; ; attempt++) {
      try {
        await queue.upsertJobScheduler(id, repeat, { name: 'audits.trigger', data });
        return;
      } catch (err) {
        // Processes starting together upsert the same scheduler: the one that loses the race finds
        // the next firing already queued by the other. The scheduler as asked for is then in place.
        if (!/job ID already exists/.test((err as Error).message)) throw err;
        const stored = await queue.getJobScheduler(id);
        if (stored?.pattern === repeat.pattern && stored.tz === repeat.tz) return;
        if (attempt >= 5) throw err;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  /** Every plan's scheduler as the plans say (at start: processes starting together converge on one each). */
  async syncAll(): Promise<void> {
    for (const plan of await this.plans.find({}).toArray()) await this.syncSchedule(plan);
  }

  /**
   * A plan's scheduler fired: a scheduled plan runs now; a random one draws its moment in the window
   * and queues the run for then (job id per occurrence, so a retried trigger queues nothing more).
   */
  async onTrigger(job: Job<PlanJob>): Promise<string> {
    const plan = await this.plans.findOne({ _id: new ObjectId(job.data.planId) });
    if (plan?.status !== 'active') return 'skipped';
    const occurrence = String(job.id ?? job.timestamp);
    if (plan.kind === 'scheduled') {
      await this.runner.runPlan(plan, occurrence);
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
}
