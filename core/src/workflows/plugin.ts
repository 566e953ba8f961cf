import fp from 'fastify-plugin';
import { WorkflowAssignment } from './assignment.js';
import { WorkflowDefinitions } from './definitions.js';
import { WorkflowEngine } from './engine.js';
import { WorkflowInbox } from './inbox.js';
import {
  ensureIndexes,
  type InstanceDoc,
  type PoolCounter,
  type TimerData,
  WORKFLOW_QUEUE,
  type WorkflowCollections,
  type WorkflowDeps,
  type WorkflowDoc,
  type WorkflowVersionDoc,
} from './model.js';
import { type WorkflowParts, type WorkflowsService, workflowsFacade } from './service.js';
import { WorkflowTimers } from './timers.js';

declare module 'fastify' {
  interface FastifyInstance {
    workflows: WorkflowsService;
  }
}

export default fp(
  async (app) => {
    const db = app.mongo.db;
    const c: WorkflowCollections = {
      workflows: db.collection<WorkflowDoc>('workflows'),
      versions: db.collection<WorkflowVersionDoc>('workflow_versions'),
      instances: db.collection<InstanceDoc>('workflow_instances'),
      counters: db.collection<PoolCounter>('workflow_counters'),
    };
    const deps: WorkflowDeps = {
      forms: app.forms,
      submissions: app.submissions,
      events: app.events,
      users: app.users,
      managers: app.managers,
      notifications: app.notifications,
      jobs: app.jobs,
      log: app.log,
    };
    const definitions = new WorkflowDefinitions(c.workflows, c.versions, deps);
    const inbox = new WorkflowInbox(c.instances, definitions);
    const assignment = new WorkflowAssignment(c.instances, c.counters, definitions, inbox, deps);
    const timers = new WorkflowTimers(c.instances, definitions, assignment, deps);
    const parts: WorkflowParts = {
      definitions,
      inbox,
      assignment,
      timers,
      engine: new WorkflowEngine(c.instances, { definitions, assignment, timers, inbox }, deps),
    };
    await ensureIndexes(c);
    app.decorate('workflows', workflowsFacade(parts));
    app.addHook('onReady', async () => {
      await timers.rescheduleOpen();
    });
    app.jobs.handle(WORKFLOW_QUEUE, 'reminder', (job) => timers.onTimer(job.data as TimerData, 'reminder'));
    app.jobs.handle(WORKFLOW_QUEUE, 'deadline', (job) => timers.onTimer(job.data as TimerData, 'overdue'));
  },
  {
    name: 'workflows-service',
    dependencies: [
      'mongo',
      'queues',
      'forms-service',
      'submissions-service',
      'events-service',
      'users-service',
      'managers-service',
      'notifications-service',
    ],
  },
);
