import {
  type CategoryStep,
  EVALUATION_SOURCES,
  type EvaluationSource,
  INDICATOR_CATEGORIES,
  type IndicatorCategory,
  type IndicatorContent,
  type IndicatorLibrary,
  type IndicatorSetContent,
  type IndicatorStep,
  type ManagerScore,
  type MissingPolicy,
  type ResultLevel,
  type ResultLevelRule,
  type ScoringRule,
  type SourceStep,
  type SourceWeights,
} from '@rapport/schemas';

/**
 * The appraisal scoring engine: pure, no I/O. One manager's ratings and actuals become a score per
 * indicator, per category and in total, with the computation kept as data so a manager can see how
 * their score was made.
 *
 * Levels: a source's raters are averaged and the average scored by the indicator's rule; the
 * sources are combined by their weights; items by their weights within their category; categories
 * by the category weights. Numbers shown are rounded to 2 decimals; every sum is made from the
 * unrounded values, so shown parts may differ from a shown sum by 0.01.
 */

/** One manager's inputs for a cycle. */
export interface ManagerInputs {
  /** Per source, per indicator code: one rating per rater (several raters are averaged). */
  ratings: Partial<Record<EvaluationSource, Readonly<Record<string, readonly number[]>>>>;
  /** Actual values of quantitative indicators from business data; absent or null means no data. */
  actuals: Readonly<Record<string, number | null | undefined>>;
}

export interface ScoringOptions {
  /** @defaultValue 'renormalise' */
  missing?: MissingPolicy;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(n, hi));

/** A value through a scoring rule: always within 0–100. */
export function applyRule(rule: ScoringRule, value: number): number {
  switch (rule.kind) {
    case 'scale':
      return rule.max > rule.min ? clamp((value - rule.min) / (rule.max - rule.min), 0, 1) * 100 : 0;
    case 'linear': {
      const floor = rule.floor ?? 0;
      if (rule.target === floor) return 0;
      const raw = (rule.targetScore * (value - floor)) / (rule.target - floor);
      return clamp(raw, 0, Math.min(rule.cap, 100));
    }
    case 'bands': {
      let best = -Infinity;
      let score = 0;
      for (const band of rule.bands) {
        if (value >= band.min && band.min > best) {
          best = band.min;
          score = band.score;
        }
      }
      return clamp(score, 0, 100);
    }
  }
}

interface PlannedItem {
  code: string;
  indicator: IndicatorContent;
  category: IndicatorCategory;
  weight: number;
  rule: ScoringRule;
  /** Allowed sources with a weight above 0, in EVALUATION_SOURCES order. */
  sources: EvaluationSource[];
}

/** A set resolved against the library once, to score many managers with. */
export interface ScoringPlan {
  set: IndicatorSetContent;
  sourceWeights: SourceWeights;
  missing: MissingPolicy;
  items: PlannedItem[];
}

/**
 * Resolves a set against the library. The set is expected to have passed checkIndicatorSet; items
 * naming an indicator the library lacks are skipped here rather than failing a whole cycle.
 */
export function planScoring(
  set: IndicatorSetContent,
  library: IndicatorLibrary,
  sourceWeights: SourceWeights = set.sourceWeights,
  options: ScoringOptions = {},
): ScoringPlan {
  const items: PlannedItem[] = [];
  for (const item of set.items) {
    const indicator = library.get(item.indicator);
    if (!indicator) continue;
    items.push({
      code: item.indicator,
      indicator,
      category: indicator.category,
      weight: item.weight,
      rule: item.rule ?? indicator.rule,
      sources: EVALUATION_SOURCES.filter((s) => indicator.sources.includes(s) && sourceWeights[s] > 0),
    });
  }
  return { set, sourceWeights, missing: options.missing ?? 'renormalise', items };
}

function finiteValues(values: readonly number[] | undefined): number[] {
  return values ? values.filter((v) => typeof v === 'number' && Number.isFinite(v)) : [];
}

/** One indicator's score before category weighting; share, weightInTotal and contribution are filled later. */
function scoreItem(plan: ScoringPlan, item: PlannedItem, inputs: ManagerInputs): IndicatorStep {
  const step: IndicatorStep = {
    indicator: item.code,
    name: item.indicator.name,
    category: item.category,
    kind: item.indicator.kind,
    rule: item.rule,
    weight: item.weight,
    share: 0,
    weightInTotal: 0,
    status: 'missing',
    score: null,
    contribution: 0,
  };
  if (item.indicator.kind === 'quantitative') {
    const actual = inputs.actuals[item.code];
    if (typeof actual === 'number' && Number.isFinite(actual)) {
      step.actual = actual;
      step.score = applyRule(item.rule, actual);
      step.status = 'scored';
    }
    return step;
  }
  const answered: SourceStep[] = [];
  const leftOut: EvaluationSource[] = [];
  let weightSum = 0;
  for (const source of item.sources) {
    const values = finiteValues(inputs.ratings[source]?.[item.code]);
    if (values.length === 0) {
      leftOut.push(source);
      continue;
    }
    let sum = 0;
    for (const v of values) sum += v;
    const average = sum / values.length;
    const weight = plan.sourceWeights[source];
    weightSum += weight;
    answered.push({
      source,
      raters: values.length,
      average,
      score: applyRule(item.rule, average),
      weight,
      share: 0,
      contribution: 0,
    });
  }
  const ignored = EVALUATION_SOURCES.filter(
    (source) =>
      !item.sources.includes(source) && finiteValues(inputs.ratings[source]?.[item.code]).length > 0,
  );
  if (ignored.length > 0) step.ignored = ignored;
  if (leftOut.length > 0) step.leftOut = leftOut;
  if (answered.length === 0) return step;
  let score = 0;
  for (const s of answered) {
    s.share = s.weight / weightSum;
    s.contribution = s.share * s.score;
    score += s.contribution;
  }
  step.sources = answered;
  step.score = clamp(score, 0, 100);
  step.status = 'scored';
  return step;
}

/** One manager's scores and how they were made. */
export function scoreManager(plan: ScoringPlan, inputs: ManagerInputs): ManagerScore {
  const steps = plan.items.map((item) => scoreItem(plan, item, inputs));
  if (plan.missing === 'zero') {
    for (const step of steps) {
      if (step.status === 'missing') {
        step.status = 'zeroed';
        step.score = 0;
      }
    }
  }

  const categoryWeights = plan.set.categoryWeights;
  const partial: { category: IndicatorCategory; weight: number; score: number | null; missing: string[] }[] =
    [];
  for (const category of INDICATOR_CATEGORIES) {
    let weights = 0;
    let sum = 0;
    const missing: string[] = [];
    for (const step of steps) {
      if (step.category !== category) continue;
      if (step.score === null) {
        missing.push(step.indicator);
        continue;
      }
      weights += step.weight;
      sum += step.weight * step.score;
    }
    for (const step of steps) {
      if (step.category === category && step.score !== null && weights > 0) {
        step.share = step.weight / weights;
        step.contribution = step.share * step.score;
      }
    }
    partial.push({
      category,
      weight: categoryWeights[category],
      score: weights > 0 ? clamp(sum / weights, 0, 100) : null,
      missing,
    });
  }

  let totalWeights = 0;
  let totalSum = 0;
  for (const c of partial) {
    if (c.score === null || c.weight <= 0) continue;
    totalWeights += c.weight;
    totalSum += c.weight * c.score;
  }
  const total = totalWeights > 0 ? clamp(totalSum / totalWeights, 0, 100) : null;
  const categories: CategoryStep[] = partial.map((c) => {
    const share = c.score !== null && c.weight > 0 && totalWeights > 0 ? c.weight / totalWeights : 0;
    return { ...c, share, contribution: c.score === null ? 0 : share * c.score };
  });
  const shareOf = new Map(categories.map((c) => [c.category, c.share]));
  for (const step of steps) step.weightInTotal = (shareOf.get(step.category) ?? 0) * step.share * 100;

  // Coverage: the weight that had input, measured against the set's weights before renormalising.
  let planned = 0;
  let covered = 0;
  const sumInCategory = new Map<IndicatorCategory, number>();
  for (const step of steps)
    sumInCategory.set(step.category, (sumInCategory.get(step.category) ?? 0) + step.weight);
  for (const step of steps) {
    const w = (categoryWeights[step.category] * step.weight) / (sumInCategory.get(step.category) || 1);
    planned += w;
    if (step.status === 'scored') covered += w;
  }

  const missing = steps.filter((s) => s.status !== 'scored').map((s) => s.indicator);
  return {
    total: total === null ? null : round2(total),
    categories: Object.fromEntries(
      categories.map((c) => [c.category, c.score === null ? null : round2(c.score)]),
    ) as Record<IndicatorCategory, number | null>,
    indicators: Object.fromEntries(
      steps.map((s) => [s.indicator, s.score === null ? null : round2(s.score)]),
    ),
    missing,
    coverage: planned > 0 ? round2(covered / planned) : 0,
    computation: {
      set: { code: plan.set.code, grade: plan.set.grade },
      sourceWeights: plan.sourceWeights,
      missingPolicy: plan.missing,
      indicators: steps.map(roundStep),
      categories: categories.map((c) => ({
        ...c,
        share: round4(c.share),
        score: c.score === null ? null : round2(c.score),
        contribution: round2(c.contribution),
      })),
      total: total === null ? null : round2(total),
    },
  };
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;

function roundStep(step: IndicatorStep): IndicatorStep {
  const rounded: IndicatorStep = {
    ...step,
    share: round4(step.share),
    weightInTotal: round2(step.weightInTotal),
    score: step.score === null ? null : round2(step.score),
    contribution: round2(step.contribution),
  };
  if (step.sources)
    rounded.sources = step.sources.map((s) => ({
      ...s,
      average: round2(s.average),
      score: round2(s.score),
      share: round4(s.share),
      contribution: round2(s.contribution),
    }));
  return rounded;
}

/** Plans and scores one manager: for a single score; use planScoring + scoreManager for a cycle. */
export function scoreOne(
  set: IndicatorSetContent,
  library: IndicatorLibrary,
  sourceWeights: SourceWeights,
  inputs: ManagerInputs,
  options: ScoringOptions = {},
): ManagerScore {
  return scoreManager(planScoring(set, library, sourceWeights, options), inputs);
}

export interface LevelledScore {
  managerId: string;
  score: number | null;
  /** null when the manager has no score: the committee decides, the engine does not guess. */
  level: ResultLevel | null;
}

/**
 * Result levels for a cycle's total scores, in the order given.
 *
 * Bands: the level whose lowest score the total reaches.
 *
 * Distribution: managers are ranked by score (compared at the 2 decimals they are shown with).
 * Equal scores always get the same level. Each share is a ceiling that is never exceeded: a group
 * of tied managers that would overflow the excellent (or good) share as a whole drops to the next
 * level down, and one that would overflow the unqualified share stays qualified. So with a 20 %
 * excellent share, 10 managers and a tie for 2nd place, only the first is excellent. Managers
 * without a score are left out of the count and get no level.
 */
export function resultLevels(
  scores: readonly { managerId: string; score: number | null }[],
  rule: ResultLevelRule,
): LevelledScore[] {
  if (rule.kind === 'bands') {
    return scores.map(({ managerId, score }) => ({
      managerId,
      score,
      level:
        score === null
          ? null
          : score >= rule.excellent
            ? 'excellent'
            : score >= rule.good
              ? 'good'
              : score >= rule.qualified
                ? 'qualified'
                : 'unqualified',
    }));
  }

  const byScore = new Map<number, string[]>();
  for (const { managerId, score } of scores) {
    if (score === null || !Number.isFinite(score)) continue;
    const key = round2(score);
    const group = byScore.get(key);
    if (group) group.push(managerId);
    else byScore.set(key, [managerId]);
  }
  const groups = [...byScore.entries()].sort(([a], [b]) => b - a);
  const n = groups.reduce((sum, [, ids]) => sum + ids.length, 0);
  const levelOf = new Map<number, ResultLevel>();

  let index = 0;
  for (const level of ['excellent', 'good'] as const) {
    const slots = Math.floor((n * rule[level]) / 100 + 1e-9);
    let taken = 0;
    while (index < groups.length) {
      const [score, ids] = groups[index] as [number, string[]];
      if (taken + ids.length > slots) break;
      levelOf.set(score, level);
      taken += ids.length;
      index++;
    }
  }
  const unqualifiedSlots = Math.floor((n * rule.unqualified) / 100 + 1e-9);
  let taken = 0;
  for (let i = groups.length - 1; i >= index; i--) {
    const [score, ids] = groups[i] as [number, string[]];
    if (taken + ids.length > unqualifiedSlots) break;
    levelOf.set(score, 'unqualified');
    taken += ids.length;
  }
  return scores.map(({ managerId, score }) => ({
    managerId,
    score,
    level: score === null || !Number.isFinite(score) ? null : (levelOf.get(round2(score)) ?? 'qualified'),
  }));
}
