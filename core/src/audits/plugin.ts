import type { Job } from 'bullmq';
import fp from 'fastify-plugin';
import { AuditInspectionsService } from './inspections-service.js';
import {
  AUDIT_QUEUE,
  type AuditDeps,
  type AuditDoc,
  type AuditPlanDoc,
  type AuditRunDoc,
  type PlanJob,
} from './model.js';
import { MIN_SCHEDULE_SECONDS } from './plans.js';
import { AuditPlansService } from './plans-service.js';
import { AuditRunsService } from './runs-service.js';

/** The audits capability, in three parts cut along its seams. */
export interface Audits {
  plans: AuditPlansService;
  runs: AuditRunsService;
  inspections: AuditInspectionsService;
}

declare module 'fastify' {
  interface FastifyInstance {
    audits: Audits;
  }
}

export default fp(
  async (app, opts: { minScheduleSeconds?: number }) => {
    const db = app.mongo.db;
    const plans = db.collection<AuditPlanDoc>('audit_plans');
    const audits = db.collection<AuditDoc>('audits');
    const deps: AuditDeps = {
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
      minScheduleSeconds: opts.minScheduleSeconds ?? MIN_SCHEDULE_SECONDS,
    };
    const runs = new AuditRunsService(plans, db.collection<AuditRunDoc>('audit_runs'), audits, deps);
    const parts: Audits = {
      plans: new AuditPlansService(plans, deps, runs),
      runs,
      inspections: new AuditInspectionsService(audits, deps, runs),
    };
    for (const part of Object.values(parts)) await part.ensureIndexes();
    app.decorate('audits', parts);
    app.jobs.handle(AUDIT_QUEUE, 'audits.trigger', (job) => parts.plans.onTrigger(job as Job<PlanJob>));
    app.jobs.handle(AUDIT_QUEUE, 'audits.run', (job) => runs.onRun(job as Job<PlanJob>));
    app.cycles.provideBusinessData({
      dataOf: async (institutionId, managerId, period) => ({
        audits: await parts.inspections.findingsOf(institutionId, managerId, period),
      }),
    });
    app.addHook('onReady', () => parts.plans.syncAll());
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
