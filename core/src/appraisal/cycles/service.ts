import type { CycleContent } from '@rapport/schemas';
import fp from 'fastify-plugin';
import type { ObjectId } from 'mongodb';
import type { Actor } from '../../events/service.js';
import type { UserDoc } from '../../users/service.js';
import type { InstanceDoc } from '../../workflows/service.js';
import { AppraisalsService } from './appraisals-service.js';
import { EvaluationLinksService } from './evaluation-links-service.js';
import { CycleLifecycleService } from './lifecycle-service.js';
import type { AppraisalDoc, BusinessData, CycleDoc, CyclesDeps, EvaluationLinkDoc } from './model.js';
import { AppraisalScoresService } from './scores-service.js';

export type { AppraisalDoc, BusinessData, CycleDoc, SampleCustomer } from './model.js';

declare module 'fastify' {
  interface FastifyInstance {
    cycles: CyclesService;
  }
}

/**
 * The appraisal cycles capability, in parts cut along its seams: `lifecycle` (the cycles),
 * `appraisals` (one per manager and cycle, scored by scores-service.ts), `links` (the customer sample
 * and its evaluation links). Its own methods are the registry of business data and the calls other
 * capabilities make.
 */
export class CyclesService {
  constructor(
    readonly lifecycle: CycleLifecycleService,
    readonly appraisals: AppraisalsService,
    readonly links: EvaluationLinksService,
    private readonly business: BusinessData[],
  ) {}

  /** Connects a capability's business data (customers, audits …). */
  provideBusinessData(provider: BusinessData): void {
    this.business.push(provider);
  }

  list(institutionId: ObjectId): Promise<CycleDoc[]> {
    return this.lifecycle.list(institutionId);
  }

  get(institutionId: ObjectId, id: ObjectId): Promise<CycleDoc> {
    return this.lifecycle.get(institutionId, id);
  }

  create(institutionId: ObjectId, content: CycleContent, actor: Actor): Promise<CycleDoc> {
    return this.lifecycle.create(institutionId, content, actor);
  }

  removeDrafts(institutionId: ObjectId, ids: ObjectId[]): Promise<void> {
    return this.lifecycle.removeDrafts(institutionId, ids);
  }

  launch(institutionId: ObjectId, id: ObjectId, rev: number, user: UserDoc) {
    return this.lifecycle.launch(institutionId, id, rev, user);
  }

  publishedOf(institutionId: ObjectId, managerId?: ObjectId) {
    return this.appraisals.publishedOf(institutionId, managerId);
  }

  appraisalsOf(institutionId: ObjectId, cycleId: ObjectId): Promise<AppraisalDoc[]> {
    return this.appraisals.appraisalsOf(institutionId, cycleId);
  }

  appraisalOf(instance: InstanceDoc): Promise<AppraisalDoc | null> {
    return this.appraisals.appraisalOf(instance);
  }

  listAppraisals(institutionId: ObjectId, cycleId: ObjectId, viewer: UserDoc) {
    return this.appraisals.listAppraisals(institutionId, cycleId, viewer);
  }

  read(institutionId: ObjectId, id: ObjectId, viewer: UserDoc) {
    return this.appraisals.read(institutionId, id, viewer);
  }
}

export default fp(
  async (app, opts: { secret: string }) => {
    const db = app.mongo.db;
    const cycles = db.collection<CycleDoc>('appraisal_cycles');
    const appraisals = db.collection<AppraisalDoc>('appraisals');
    // Filled by provideBusinessData after start-up; the parts read it when sampling and scoring.
    const business: BusinessData[] = [];
    const deps: CyclesDeps = {
      indicators: app.indicators,
      forms: app.forms,
      submissions: app.submissions,
      workflows: app.workflows,
      managers: app.managers,
      orgUnits: app.orgUnits,
      users: app.users,
      events: app.events,
      secret: opts.secret,
      business,
    };
    const links = new EvaluationLinksService(
      db.collection<EvaluationLinkDoc>('evaluation_links'),
      appraisals,
      cycles,
      deps,
    );
    const scores = new AppraisalScoresService(cycles, deps, links);
    const appraisalsPart = new AppraisalsService(appraisals, cycles, deps, links, scores);
    const lifecycle = new CycleLifecycleService(cycles, deps, appraisalsPart);
    for (const part of [lifecycle, appraisalsPart, links]) await part.ensureIndexes();
    app.decorate('cycles', new CyclesService(lifecycle, appraisalsPart, links, business));
    app.workflows.onEntered((instance) => appraisalsPart.onEntered(instance));
  },
  {
    name: 'cycles-service',
    dependencies: [
      'mongo',
      'indicators-service',
      'forms-service',
      'submissions-service',
      'workflows-service',
      'managers-service',
      'org-units-service',
      'users-service',
      'events-service',
    ],
  },
);
