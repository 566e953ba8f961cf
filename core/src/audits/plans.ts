import { type AuditPlanContent, type Message, sampleSizeFor } from '@rapport/schemas';
import { CronExpressionParser } from 'cron-parser';
import { ObjectId } from 'mongodb';
import type { Portfolio } from '../customers/facts.js';
import { type OrgUnitDoc, subtreeOf } from '../managers/org-units.js';
import type { Manager } from '../managers/service.js';
import type { PopulationUnit } from './sampling.js';

/** One problem of a plan, where, in both languages. */
export interface PlanProblem {
  path: string;
  message: Message;
}

/** Problems of a plan's schedule the schema cannot see: the cron pattern and the time zone. */
/** The shortest time allowed between two triggers of a plan, in seconds, unless the platform sets its own. */
export const MIN_SCHEDULE_SECONDS = 3600;

/** Every problem of a plan's schedule: its time zone, its cron pattern, and how often it would fire. */
export function scheduleProblems(
  plan: Pick<AuditPlanContent, 'schedule'>,
  minSeconds = MIN_SCHEDULE_SECONDS,
): PlanProblem[] {
  const problems: PlanProblem[] = [];
  try {
    new Intl.DateTimeFormat('en', { timeZone: plan.schedule.tz });
  } catch {
    problems.push({
      path: '/schedule/tz',
      message: {
        en: `"${plan.schedule.tz}" is not an IANA time zone`,
        zh: `"${plan.schedule.tz}" 不是有效的 IANA 时区`,
      },
    });
    return problems;
  }
  try {
    const interval = CronExpressionParser.parse(plan.schedule.cron, { tz: plan.schedule.tz });
    const gap = shortestGap(interval);
    if (gap !== null && gap < minSeconds * 1000)
      problems.push({
        path: '/schedule/cron',
        message: {
          en: `the schedule "${plan.schedule.cron}" fires ${spanOf(gap, 'en')} apart; a plan may fire at most once every ${spanOf(minSeconds * 1000, 'en')}`,
          zh: `计划时间 "${plan.schedule.cron}" 两次触发仅相隔${spanOf(gap, 'zh')}；检查计划最多每${spanOf(minSeconds * 1000, 'zh')}触发一次`,
        },
      });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    problems.push({
      path: '/schedule/cron',
      message: {
        en: `the schedule "${plan.schedule.cron}" is not a cron pattern: ${why}`,
        zh: `计划时间 "${plan.schedule.cron}" 不是有效的 cron 表达式：${why}`,
      },
    });
  }
  return problems;
}

/** A span of time as people say it: seconds, minutes or hours. */
function spanOf(ms: number, language: 'zh' | 'en'): string {
  const [n, zh, en] =
    ms < 60_000
      ? [ms / 1000, '秒', 'second']
      : ms < 3_600_000
        ? [ms / 60_000, '分钟', 'minute']
        : [ms / 3_600_000, '小时', 'hour'];
  const count = Math.round(n * 10) / 10;
  return language === 'zh' ? ` ${count} ${zh}` : `${count} ${en}${count === 1 ? '' : 's'}`;
}

/** The shortest time between two of the next triggers (up to a thousand, or a year of them); null: fewer than two. */
function shortestGap(interval: ReturnType<typeof CronExpressionParser.parse>): number | null {
  let shortest: number | null = null;
  let previous = interval.next().getTime();
  const end = previous + 366 * 86_400_000;
  for (let n = 0; n < 1000 && interval.hasNext(); n++) {
    const next = interval.next().getTime();
    if (next > end) break;
    shortest = Math.min(shortest ?? Number.POSITIVE_INFINITY, next - previous);
    previous = next;
  }
  return shortest;
}

/** The next `count` times a plan's schedule fires (random plans then draw their moment in the window). */
export function nextTriggers(
  plan: Pick<AuditPlanContent, 'schedule'>,
  count: number,
  from = new Date(),
): Date[] {
  const interval = CronExpressionParser.parse(plan.schedule.cron, {
    tz: plan.schedule.tz,
    currentDate: from,
  });
  return Array.from({ length: count }, () => interval.next().toDate());
}

/** Whether a moment falls on a working day (Monday to Friday) in a time zone. */
function isWorkingDay(at: Date, tz: string): boolean {
  const day = new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short' }).format(at);
  return day !== 'Sat' && day !== 'Sun';
}

/**
 * When a random plan's run happens after a trigger: a uniformly drawn moment in the window (on a
 * working day if asked), from a cryptographic generator nobody can replay, so the date cannot be
 * foreseen from the plan. `random01` is injectable for tests.
 */
export function drawRunTime(
  plan: Pick<AuditPlanContent, 'schedule'>,
  trigger: Date,
  random01: () => number,
): Date {
  const windowMs = plan.schedule.windowDays * 86_400_000;
  if (windowMs === 0) return trigger;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const at = new Date(trigger.getTime() + Math.floor(random01() * windowMs));
    if (!plan.schedule.workingDaysOnly || isWorkingDay(at, plan.schedule.tz)) return at;
  }
  return trigger;
}

/** What the population is made from: managers, their customers' classes, volume, and risk facts. */
export interface PopulationSource {
  managers: Manager[];
  units: OrgUnitDoc[];
  /** Each manager's portfolio (customer classes, volume of the last 12 months), from the customers capability. */
  portfolios: Map<string, Portfolio>;
  /** Managers with an unqualified result in their last published appraisal. */
  unqualified: Set<string>;
  /** Managers with findings in audits not yet closed. */
  openFindings: Set<string>;
}

/**
 * The managers a plan audits, each with the stratum they fall in and their portfolio (the volume of
 * their customers over 12 months): a comprehensive plan takes every active manager; a focused one
 * those matching every filter it sets.
 */
export function populationOf(plan: AuditPlanContent, source: PopulationSource): PopulationUnit[] {
  const { scope, sampling } = plan;
  const focused = scope.focus === 'focused';
  const inUnits =
    focused && scope.orgUnitIds.length > 0
      ? new Set(scope.orgUnitIds.flatMap((id) => [...subtreeOf(source.units, new ObjectId(id))]))
      : null;
  return source.managers
    .filter(({ profile, user }) => {
      const id = profile._id.toHexString();
      if (!focused) return true;
      if (inUnits && !inUnits.has(user.orgUnitId?.toHexString() ?? '')) return false;
      if (scope.grades.length > 0 && !scope.grades.includes(profile.grade)) return false;
      if (
        scope.customerClasses.length > 0 &&
        !scope.customerClasses.some((c) => source.portfolios.get(id)?.classes.has(c))
      )
        return false;
      if (scope.riskFlags.includes('unqualified-result') && !source.unqualified.has(id)) return false;
      if (scope.riskFlags.includes('open-findings') && !source.openFindings.has(id)) return false;
      return true;
    })
    .map(({ profile, user }) => ({
      id: profile._id.toHexString(),
      stratum:
        sampling.design === 'stratified'
          ? sampling.by === 'grade'
            ? profile.grade
            : (user.orgUnitId?.toHexString() ?? 'none')
          : '-',
      size: source.portfolios.get(profile._id.toHexString())?.volume ?? 0,
    }));
}

/** What the admin sees before saving: how many managers are in scope and how many a run takes. */
export function previewOf(plan: AuditPlanContent, population: PopulationUnit[]) {
  return { population: population.length, sampleSize: sampleSizeFor(plan.sampling.size, population.length) };
}
