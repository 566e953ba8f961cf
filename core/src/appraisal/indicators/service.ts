import {
  checkIndicator,
  checkIndicatorSet,
  type Grade,
  type IndicatorContent,
  type IndicatorLibrary,
  type IndicatorProblem,
  type IndicatorSetContent,
  type IndicatorStatus,
} from '@rapport/schemas';
import fp from 'fastify-plugin';
import { type Collection, type Filter, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../../events/service.js';
import { Errors, validationError } from '../../infra/errors.js';
import { insertUnique, TenantCollection } from '../../infra/tenant.js';

declare module 'fastify' {
  interface FastifyInstance {
    indicators: IndicatorsService;
  }
}

/** A library indicator as stored; plugins' entries remember where they came from. */
export interface IndicatorDoc extends IndicatorContent {
  _id: ObjectId;
  institutionId: ObjectId;
  status: IndicatorStatus;
  source?: { plugin: string; version: string };
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface IndicatorSetDoc extends IndicatorSetContent {
  _id: ObjectId;
  institutionId: ObjectId;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export type IndicatorChanges = Omit<IndicatorContent, 'code'>;
export type IndicatorSetChanges = Omit<IndicatorSetContent, 'code'>;

/** What installing defaults did, by code. */
export interface InstallReport {
  indicators: { created: string[]; existing: string[] };
  sets: { created: string[]; existing: string[]; skipped: { code: string; problems: IndicatorProblem[] }[] };
}

function refuse(problems: IndicatorProblem[]): never {
  throw validationError(problems.map((p) => ({ in: 'body', ...p })));
}

/** The content fields only, in a stable order: no tenant fields, no empty optionals. */
export function indicatorContent(doc: IndicatorContent): IndicatorContent {
  const { code, name, description, category, kind, rule, sources, expression, unit } = doc;
  return {
    code,
    name,
    ...(description != null ? { description } : {}),
    category,
    kind,
    rule,
    sources,
    ...(expression != null ? { expression } : {}),
    ...(unit != null ? { unit } : {}),
  };
}

export class IndicatorsService {
  constructor(
    private readonly indicators: Collection<IndicatorDoc>,
    private readonly sets: Collection<IndicatorSetDoc>,
    private readonly events: EventsService,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.indicators.createIndex({ institutionId: 1, code: 1 }, { unique: true });
    await this.sets.createIndex({ institutionId: 1, code: 1 }, { unique: true });
  }

  private library$(institutionId: ObjectId) {
    return new TenantCollection(this.indicators, institutionId);
  }

  private sets$(institutionId: ObjectId) {
    return new TenantCollection(this.sets, institutionId);
  }

  listIndicators(
    institutionId: ObjectId,
    filter: { status?: IndicatorStatus } = {},
  ): Promise<IndicatorDoc[]> {
    const query: Filter<IndicatorDoc> = filter.status ? { status: filter.status } : {};
    return this.library$(institutionId).find(query, { sort: { category: 1, code: 1 } });
  }

  getIndicator(institutionId: ObjectId, id: ObjectId): Promise<IndicatorDoc> {
    return this.library$(institutionId).get(id);
  }

  /** The institution's library by code, archived entries included (a set naming one is told so). */
  async library(institutionId: ObjectId): Promise<IndicatorLibrary> {
    const docs = await this.library$(institutionId).find({});
    return new Map(docs.map((d) => [d.code, { ...indicatorContent(d), status: d.status }]));
  }

  async createIndicator(
    institutionId: ObjectId,
    content: IndicatorContent,
    actor: Actor | null,
    source?: IndicatorDoc['source'],
  ): Promise<IndicatorDoc> {
    const problems = checkIndicator(content);
    if (problems.length > 0) refuse(problems);
    const now = new Date();
    const doc: IndicatorDoc = {
      _id: new ObjectId(),
      institutionId,
      ...indicatorContent(content),
      status: 'active',
      ...(source ? { source } : {}),
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.indicators, doc, () => new Errors.INDICATORS_CODE_TAKEN());
    await this.events.note(institutionId, actor, 'indicator.created', 'indicators', doc._id, doc.code);
    return doc;
  }

  /**
   * Edits a library entry. A change of category or kind must keep every set using it valid (their
   * category totals move with it); otherwise it is refused, naming each set's problems.
   */
  async updateIndicator(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    changes: IndicatorChanges,
    actor: Actor,
  ): Promise<IndicatorDoc> {
    const current = await this.getIndicator(institutionId, id);
    const content = indicatorContent({ ...changes, code: current.code });
    const problems = checkIndicator(content);
    if (problems.length > 0) refuse(problems);
    if (content.category !== current.category || content.kind !== current.kind) {
      const library = new Map(await this.library(institutionId));
      library.set(current.code, { ...content, status: current.status });
      const broken: IndicatorProblem[] = [];
      for (const set of await this.setsUsing(institutionId, current.code)) {
        for (const p of checkIndicatorSet(set, library))
          broken.push({
            path: `/sets/${set.code}${p.path}`,
            message: {
              en: `set "${set.code}" would break: ${p.message.en}`,
              zh: `指标集 "${set.code}" 将不再有效：${p.message.zh}`,
            },
          });
      }
      if (broken.length > 0) refuse(broken);
    }
    // Optional fields taken away are stored as null (updateGuarded only sets); reads drop them.
    const updated = await this.library$(institutionId).updateGuarded(id, rev, {
      ...content,
      description: content.description ?? null,
      expression: content.expression ?? null,
      unit: content.unit ?? null,
    } as unknown as Partial<IndicatorDoc>);
    await this.events.note(institutionId, actor, 'indicator.updated', 'indicators', id, updated.code);
    return updated;
  }

  /** Archives an entry no set uses; one still in a set is refused, naming the sets. */
  async archiveIndicator(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    actor: Actor,
  ): Promise<IndicatorDoc> {
    const current = await this.getIndicator(institutionId, id);
    const using = await this.setsUsing(institutionId, current.code);
    if (using.length > 0) {
      const err = new Errors.INDICATORS_IN_USE();
      (err as unknown as { details: unknown }).details = using.map((s) => ({
        in: 'indicator-sets',
        path: `/${s.code}`,
        message: s.name,
      }));
      throw err;
    }
    const updated = await this.library$(institutionId).updateGuarded(id, rev, { status: 'archived' });
    await this.events.note(institutionId, actor, 'indicator.archived', 'indicators', id, updated.code);
    return updated;
  }

  private setsUsing(institutionId: ObjectId, code: string): Promise<IndicatorSetDoc[]> {
    return this.sets$(institutionId).find({ 'items.indicator': code } as Filter<IndicatorSetDoc>, {
      sort: { code: 1 },
    });
  }

  listSets(institutionId: ObjectId, filter: { grade?: Grade } = {}): Promise<IndicatorSetDoc[]> {
    const query: Filter<IndicatorSetDoc> = filter.grade ? { grade: filter.grade } : {};
    return this.sets$(institutionId).find(query, { sort: { grade: 1, code: 1 } });
  }

  getSet(institutionId: ObjectId, id: ObjectId): Promise<IndicatorSetDoc> {
    return this.sets$(institutionId).get(id);
  }

  /** Every problem of a set against the institution's library. */
  async checkSet(institutionId: ObjectId, set: IndicatorSetContent): Promise<IndicatorProblem[]> {
    return checkIndicatorSet(set, await this.library(institutionId));
  }

  async createSet(
    institutionId: ObjectId,
    content: IndicatorSetContent,
    actor: Actor | null,
  ): Promise<IndicatorSetDoc> {
    const problems = await this.checkSet(institutionId, content);
    if (problems.length > 0) refuse(problems);
    const now = new Date();
    const doc: IndicatorSetDoc = {
      _id: new ObjectId(),
      institutionId,
      code: content.code,
      name: content.name,
      grade: content.grade,
      items: content.items,
      categoryWeights: content.categoryWeights,
      sourceWeights: content.sourceWeights,
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.sets, doc, () => new Errors.INDICATOR_SETS_CODE_TAKEN());
    await this.events.note(
      institutionId,
      actor,
      'indicator-set.created',
      'indicator_sets',
      doc._id,
      doc.code,
    );
    return doc;
  }

  async updateSet(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    changes: IndicatorSetChanges,
    actor: Actor,
  ): Promise<IndicatorSetDoc> {
    const current = await this.getSet(institutionId, id);
    const problems = await this.checkSet(institutionId, { ...changes, code: current.code });
    if (problems.length > 0) refuse(problems);
    const updated = await this.sets$(institutionId).updateGuarded(id, rev, {
      name: changes.name,
      grade: changes.grade,
      items: changes.items,
      categoryWeights: changes.categoryWeights,
      sourceWeights: changes.sourceWeights,
    });
    await this.events.note(institutionId, actor, 'indicator-set.updated', 'indicator_sets', id, updated.code);
    return updated;
  }

  /**
   * Adds the given indicators and sets where the institution has none with their code; existing
   * ones stay as the institution left them. A set that would not pass the check against the
   * library as it now is (say a default indicator was archived) is skipped and reported.
   */
  async install(
    institutionId: ObjectId,
    indicators: IndicatorContent[],
    sets: IndicatorSetContent[],
    actor: Actor | null,
    source?: IndicatorDoc['source'],
  ): Promise<InstallReport> {
    const report: InstallReport = {
      indicators: { created: [], existing: [] },
      sets: { created: [], existing: [], skipped: [] },
    };
    const have = new Set((await this.library$(institutionId).find({})).map((d) => d.code));
    for (const indicator of indicators) {
      if (have.has(indicator.code)) {
        report.indicators.existing.push(indicator.code);
        continue;
      }
      try {
        await this.createIndicator(institutionId, indicator, actor, source);
        report.indicators.created.push(indicator.code);
      } catch (err) {
        // Another install got there first: the unique index keeps one.
        if (!(err instanceof Errors.INDICATORS_CODE_TAKEN)) throw err;
        report.indicators.existing.push(indicator.code);
      }
    }
    const haveSets = new Set((await this.sets$(institutionId).find({})).map((d) => d.code));
    const library = await this.library(institutionId);
    for (const set of sets) {
      if (haveSets.has(set.code)) {
        report.sets.existing.push(set.code);
        continue;
      }
      const problems = checkIndicatorSet(set, library);
      if (problems.length > 0) {
        report.sets.skipped.push({ code: set.code, problems });
        continue;
      }
      try {
        await this.createSet(institutionId, set, actor);
        report.sets.created.push(set.code);
      } catch (err) {
        if (!(err instanceof Errors.INDICATOR_SETS_CODE_TAKEN)) throw err;
        report.sets.existing.push(set.code);
      }
    }
    return report;
  }

  /** Takes out indicators and sets by code (what a plugin installed, when no cycle uses them). */
  async removeMany(institutionId: ObjectId, codes: { indicators: string[]; sets: string[] }): Promise<void> {
    await this.library$(institutionId).deleteMany({ code: { $in: codes.indicators } });
    await this.sets$(institutionId).deleteMany({ code: { $in: codes.sets } });
  }
}

export default fp(
  async (app) => {
    const db = app.mongo.db;
    const service = new IndicatorsService(
      db.collection<IndicatorDoc>('indicators'),
      db.collection<IndicatorSetDoc>('indicator_sets'),
      app.events,
    );
    await service.ensureIndexes();
    app.decorate('indicators', service);
  },
  { name: 'indicators-service', dependencies: ['mongo', 'events-service'] },
);
