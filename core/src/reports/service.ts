import {
  FREQUENCY_CLASSES,
  GRADES,
  type Grade,
  INDICATOR_CATEGORIES,
  type IndicatorCategory,
  type Message,
  type ResultLevel,
  SIZE_CLASSES,
} from '@rapport/schemas';
import fp from 'fastify-plugin';
import type { ObjectId } from 'mongodb';
import type { AppraisalDoc, CycleDoc, CyclesService } from '../appraisal/cycles/service.js';
import type { FrequencyClass, SizeClass } from '../customers/classify.js';
import type { CustomersService } from '../customers/service.js';
import { Errors } from '../infra/errors.js';
import type { InstitutionsService } from '../institutions/service.js';
import type { OrgUnitDoc, OrgUnitsService } from '../managers/org-units.js';
import type { ManagersService } from '../managers/service.js';
import type { UserDoc } from '../users/service.js';

declare module 'fastify' {
  interface FastifyInstance {
    reports: ReportsService;
  }
}

export type LevelCounts = Record<ResultLevel, number>;
export type CategoryScores = Record<IndicatorCategory, number | null>;

export interface CycleRef {
  id: string;
  code: string;
  name: Message;
  period: { from: string; to: string };
}

/** One bar of the histogram: totals in [from, to), the last bar also holding 100. */
export interface Bucket {
  from: number;
  to: number;
  count: number;
  levels: LevelCounts;
}

export interface RankingRow {
  /** Competition ranking: equal totals share a rank and the next rank skips (1, 1, 3). */
  rank: number;
  appraisalId: string;
  managerId: string;
  name: string;
  orgUnit: Message | null;
  grade: Grade;
  total: number;
  level: ResultLevel | null;
  categories: CategoryScores;
  calibrated: boolean;
}

export interface TrendPoint {
  cycle: CycleRef;
  /** Mean of the final totals, 2 decimals; null without any. */
  average: number | null;
  count: number;
  levels: LevelCounts;
}

export interface Dashboard {
  /** The cycle distribution, ranking and radar are of; null while no cycle has published results. */
  cycle: CycleRef | null;
  distribution: Bucket[];
  ranking: RankingRow[];
  radar: { managerId: string; name: string; categories: CategoryScores }[];
  trend: {
    cycles: TrendPoint[];
    /** Per manager, the final total in each cycle of `cycles` (null where not appraised or unscored). */
    managers: { managerId: string; name: string; totals: (number | null)[] }[];
  };
  gradePyramid: { grade: Grade; count: number }[];
  customerMix: { frequency: FrequencyClass; size: SizeClass; count: number }[];
}

/** A published appraisal with everything its result letter says. */
export interface LetterData {
  institution: Message;
  cycle: CycleDoc;
  appraisal: AppraisalDoc;
  manager: UserDoc;
  orgUnit: Message | null;
}

const BUCKET_WIDTH = 10;
const COMMITTEE_ROLES = ['institution_admin', 'platform_admin'];
const round2 = (n: number) => Math.round(n * 100) / 100;

const noLevels = (): LevelCounts => ({ excellent: 0, good: 0, qualified: 0, unqualified: 0 });

export const isPublished = (cycle: CycleDoc) => cycle.status === 'published' || cycle.status === 'closed';

function cycleRef(cycle: CycleDoc): CycleRef {
  return { id: cycle._id.toHexString(), code: cycle.code, name: cycle.name, period: cycle.period };
}

/** Cycles in period order: by start, then end, then code. */
function byPeriod(a: CycleDoc, b: CycleDoc): number {
  return (
    a.period.from.localeCompare(b.period.from) ||
    a.period.to.localeCompare(b.period.to) ||
    a.code.localeCompare(b.code)
  );
}

/** Histogram of totals in 10-point buckets, each split by level. */
export function distributionOf(results: { total: number; level: ResultLevel | null }[]): Bucket[] {
  const buckets: Bucket[] = Array.from({ length: 100 / BUCKET_WIDTH }, (_, i) => ({
    from: i * BUCKET_WIDTH,
    to: (i + 1) * BUCKET_WIDTH,
    count: 0,
    levels: noLevels(),
  }));
  for (const { total, level } of results) {
    const index = Math.min(buckets.length - 1, Math.max(0, Math.floor(total / BUCKET_WIDTH)));
    const bucket = buckets[index] as Bucket;
    bucket.count++;
    if (level) bucket.levels[level]++;
  }
  return buckets;
}

/** Highest total first; equal totals share a rank (1, 1, 3) and are ordered by name. */
export function rankOf<T extends { total: number; name: string }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));
  return sorted.map((row, i) => {
    let first = i;
    while (first > 0 && (sorted[first - 1] as T).total === row.total) first--;
    return { ...row, rank: first + 1 };
  });
}

function levelCounts(levels: (ResultLevel | null)[]): LevelCounts {
  const counts = noLevels();
  for (const level of levels) if (level) counts[level]++;
  return counts;
}

const unitName = (units: OrgUnitDoc[], id: ObjectId | null | undefined): Message | null =>
  (id && units.find((u) => u._id.equals(id))?.name) || null;

/**
 * Reports over published results, customers and grades. Every section is limited to what the viewer
 * may see, through the scope functions of the services that own the data: the appraisals of
 * `cycles.listAppraisals`, the managers of `managers.list`, the customers of `customers.scopeFilter`.
 */
export class ReportsService {
  constructor(
    private readonly deps: {
      cycles: CyclesService;
      managers: ManagersService;
      orgUnits: OrgUnitsService;
      customers: CustomersService;
      institutions: InstitutionsService;
    },
  ) {}

  /** The institution's cycles with published results, in period order. */
  async publishedCycles(institutionId: ObjectId): Promise<CycleDoc[]> {
    return (await this.deps.cycles.list(institutionId)).filter(isPublished).sort(byPeriod);
  }

  /** The published appraisals of a cycle `viewer` may see. */
  private async visibleResults(institutionId: ObjectId, cycleId: ObjectId, viewer: UserDoc) {
    return (await this.deps.cycles.listAppraisals(institutionId, cycleId, viewer)).filter(
      ({ appraisal }) => appraisal.publishedAt !== null,
    );
  }

  /** The dashboard of `cycleId` (else of the latest published cycle), as `viewer` may see it. */
  async dashboard(institutionId: ObjectId, viewer: UserDoc, cycleId?: ObjectId): Promise<Dashboard> {
    const published = await this.publishedCycles(institutionId);
    let cycle: CycleDoc | null = published.at(-1) ?? null;
    if (cycleId) {
      cycle = await this.deps.cycles.get(institutionId, cycleId);
      if (!isPublished(cycle)) throw new Errors.REPORTS_NOT_PUBLISHED();
    }
    const units = await this.deps.orgUnits.list(institutionId);

    const ranking: RankingRow[] = [];
    if (cycle) {
      const results = await this.visibleResults(institutionId, cycle._id, viewer);
      const scored = results.flatMap(({ appraisal, manager }) =>
        appraisal.finalTotal === null
          ? []
          : [
              {
                appraisalId: appraisal._id.toHexString(),
                managerId: manager._id.toHexString(),
                name: manager.name,
                orgUnit: unitName(units, manager.orgUnitId),
                grade: appraisal.grade,
                total: appraisal.finalTotal,
                level: appraisal.level,
                categories: categoriesOf(appraisal),
                calibrated: appraisal.calibrations.length > 0,
              },
            ],
      );
      ranking.push(...rankOf(scored));
    }

    const trendCycles: TrendPoint[] = [];
    const perManager = new Map<string, { managerId: string; name: string; totals: (number | null)[] }>();
    for (const [i, c] of published.entries()) {
      const results = await this.visibleResults(institutionId, c._id, viewer);
      const totals = results.flatMap(({ appraisal }) =>
        appraisal.finalTotal === null ? [] : [appraisal.finalTotal],
      );
      trendCycles.push({
        cycle: cycleRef(c),
        average: totals.length > 0 ? round2(totals.reduce((s, x) => s + x, 0) / totals.length) : null,
        count: totals.length,
        levels: levelCounts(results.map((r) => r.appraisal.level)),
      });
      for (const { appraisal, manager } of results) {
        const id = manager._id.toHexString();
        const row = perManager.get(id) ?? {
          managerId: id,
          name: manager.name,
          totals: published.map(() => null),
        };
        row.totals[i] = appraisal.finalTotal;
        perManager.set(id, row);
      }
    }

    const { items: managers } = await this.deps.managers.list(institutionId, viewer, {
      page: 1,
      pageSize: Number.MAX_SAFE_INTEGER,
    });
    const active = managers.filter((m) => !m.user.disabled);
    const gradePyramid = GRADES.map((grade) => ({
      grade,
      count: active.filter((m) => m.profile.grade === grade).length,
    }));

    return {
      cycle: cycle ? cycleRef(cycle) : null,
      distribution: distributionOf(ranking),
      ranking,
      radar: ranking.map(({ managerId, name, categories }) => ({ managerId, name, categories })),
      trend: {
        cycles: trendCycles,
        managers: [...perManager.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
      },
      gradePyramid,
      customerMix: await this.customerMix(institutionId, viewer),
    };
  }

  /** Customers `viewer` may see, counted by frequency × size class (every combination, zeros too). */
  async customerMix(institutionId: ObjectId, viewer: UserDoc) {
    const scope = await this.deps.customers.scopeFilter(institutionId, viewer);
    const groups = await this.deps.customers.customers
      .aggregate<{ _id: { frequency: FrequencyClass; size: SizeClass }; count: number }>([
        { $match: { institutionId, ...scope } },
        {
          $group: {
            _id: { frequency: '$classification.frequency', size: '$classification.size' },
            count: { $sum: 1 },
          },
        },
      ])
      .toArray();
    return FREQUENCY_CLASSES.flatMap((frequency) =>
      SIZE_CLASSES.map((size) => ({
        frequency,
        size,
        count: groups.find((g) => g._id.frequency === frequency && g._id.size === size)?.count ?? 0,
      })),
    );
  }

  /** Every published result of a cycle, ranked, for the admins' export. */
  async resultsOf(institutionId: ObjectId, cycleId: ObjectId, viewer: UserDoc) {
    const cycle = await this.deps.cycles.get(institutionId, cycleId);
    if (!isPublished(cycle)) throw new Errors.REPORTS_NOT_PUBLISHED();
    const units = await this.deps.orgUnits.list(institutionId);
    const results = await this.visibleResults(institutionId, cycleId, viewer);
    const rows = results.map(({ appraisal, manager }) => ({
      name: manager.name,
      email: manager.email,
      orgUnit: unitName(units, manager.orgUnitId),
      grade: appraisal.grade,
      total: appraisal.finalTotal ?? Number.NEGATIVE_INFINITY,
      level: appraisal.level,
      categories: categoriesOf(appraisal),
      calibrated: appraisal.calibrations.length > 0,
      feedback: appraisal.feedback,
    }));
    return {
      cycle,
      rows: rankOf(rows).map((r) => ({ ...r, total: Number.isFinite(r.total) ? r.total : null })),
    };
  }

  /**
   * What a result letter says. The manager gets their own, the committee and admins any; anyone
   * else 404 (as for an appraisal they cannot see); before publication 409.
   */
  async letterOf(institutionId: ObjectId, appraisalId: ObjectId, viewer: UserDoc): Promise<LetterData> {
    const { appraisal, manager } = await this.deps.cycles.read(institutionId, appraisalId, viewer);
    const cycle = await this.deps.cycles.get(institutionId, appraisal.cycleId);
    const isOwn = viewer._id.equals(appraisal.managerId);
    const isCommittee =
      cycle.committee.includes(viewer._id.toHexString()) || COMMITTEE_ROLES.includes(viewer.role);
    if (!isOwn && !isCommittee) throw new Errors.NOT_FOUND();
    if (!appraisal.publishedAt || appraisal.finalTotal === null) throw new Errors.REPORTS_NOT_PUBLISHED();
    const [institution, units] = await Promise.all([
      this.deps.institutions.get(institutionId),
      this.deps.orgUnits.list(institutionId),
    ]);
    return {
      institution: institution.name,
      cycle,
      appraisal,
      manager,
      orgUnit: unitName(units, manager.orgUnitId),
    };
  }
}

function categoriesOf(appraisal: AppraisalDoc): CategoryScores {
  return Object.fromEntries(
    INDICATOR_CATEGORIES.map((c) => [c, appraisal.score?.categories[c] ?? null]),
  ) as CategoryScores;
}

export default fp(
  async (app) => {
    app.decorate(
      'reports',
      new ReportsService({
        cycles: app.cycles,
        managers: app.managers,
        orgUnits: app.orgUnits,
        customers: app.customers,
        institutions: app.institutions,
      }),
    );
  },
  {
    name: 'reports-service',
    dependencies: [
      'cycles-service',
      'managers-service',
      'org-units-service',
      'customers-service',
      'institutions-service',
    ],
  },
);
