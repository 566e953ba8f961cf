import { UnrecoverableError } from 'bullmq';
import fp from 'fastify-plugin';
import { ObjectId } from 'mongodb';
import { FactsService } from './facts.js';
import { type CustomerDoc, type CustomerSettingsDoc, CustomersService } from './service.js';
import { VisitsService } from './visits.js';
import { WeeklyEntriesService } from './weekly-entries.js';

// The customers capability composed from its parts: the customers themselves (service.ts), business
// facts and classification (facts.ts), visits (visits.ts) and weekly entries (weekly-entries.ts).

declare module 'fastify' {
  interface FastifyInstance {
    customers: CustomersService;
    customerFacts: FactsService;
    customerVisits: VisitsService;
    weeklyEntries: WeeklyEntriesService;
  }
}

/** The nightly reclassification: one job scheduler for all institutions, each by its own rules. */
export const CLASSIFY_SCHEDULE = {
  queue: 'customers',
  id: 'customers.classify',
  pattern: '30 2 * * *',
  tz: 'Asia/Shanghai',
  jobName: 'customers.classify',
} as const;

export default fp(
  async (app) => {
    const db = app.mongo.db;
    const customers = new CustomersService(
      db.collection<CustomerDoc>('customers'),
      db.collection<CustomerSettingsDoc>('customer_settings'),
      app.users,
      app.managers,
      app.orgUnits,
      app.forms,
      app.submissions,
      app.events,
    );
    const facts = new FactsService(db.collection('customer_facts'), customers, app.institutions);
    const visits = new VisitsService(db.collection('customer_visits'), customers);
    const weekly = new WeeklyEntriesService(db.collection('weekly_entries'), customers, app.managers);
    for (const service of [customers, facts, visits, weekly]) await service.ensureIndexes();
    app.decorate('customers', customers);
    app.decorate('customerFacts', facts);
    app.decorate('customerVisits', visits);
    app.decorate('weeklyEntries', weekly);
    app.jobs.handle(CLASSIFY_SCHEDULE.queue, CLASSIFY_SCHEDULE.jobName, async (job) => {
      const raw = (job.data as { institutionId?: unknown }).institutionId;
      if (raw !== undefined && (typeof raw !== 'string' || !ObjectId.isValid(raw)))
        throw new UnrecoverableError(`customers.classify: "${String(raw)}" is not an institution id`);
      return facts.classifyAll(raw ? new ObjectId(raw) : undefined);
    });
    app.jobs.schedule({ ...CLASSIFY_SCHEDULE });
  },
  {
    name: 'customers-service',
    dependencies: [
      'mongo',
      'queues',
      'institutions-service',
      'users-service',
      'org-units-service',
      'managers-service',
      'forms-service',
      'submissions-service',
      'events-service',
    ],
  },
);
