import { compileExpression } from './form-expressions.js';
import {
  EVALUATION_SOURCE_LABELS,
  INDICATOR_CATEGORIES,
  INDICATOR_CATEGORY_LABELS,
  type IndicatorCategory,
  type IndicatorContent,
  type IndicatorKind,
  type IndicatorSetContent,
  type IndicatorStatus,
  type ResultLevelRule,
  type ScoringRule,
} from './indicator.js';
import type { Message } from './vocabulary.js';

// What the JSON Schemas in indicator.ts cannot say: rules fit for their kind, weights that total 100, known indicators.

/** One thing wrong with an indicator or a set, where it is, in both languages. */
export interface IndicatorProblem {
  path: string;
  message: Message;
}

// Weights may carry decimals (12.5); a total within this of 100 is 100.
const EPSILON = 1e-6;

/** A total as people write it: at most two decimals, no float noise. */
function shown(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function ruleProblems(rule: ScoringRule, kind: IndicatorKind, path: string): IndicatorProblem[] {
  const problems: IndicatorProblem[] = [];
  const add = (p: string, en: string, zh: string) => problems.push({ path: p, message: { en, zh } });
  if (rule.kind === 'scale') {
    if (kind !== 'qualitative')
      add(
        `${path}/kind`,
        'a rating scale is for qualitative indicators; use linear or bands',
        '评分量表只适用于定性指标，请使用线性或分档',
      );
    if (!(rule.max > rule.min))
      add(
        `${path}/max`,
        `the scale's top (${rule.max}) must be above its bottom (${rule.min})`,
        `量表上限（${rule.max}）须大于下限（${rule.min}）`,
      );
  } else if (rule.kind === 'linear') {
    if (kind !== 'quantitative')
      add(
        `${path}/kind`,
        'linear to target is for quantitative indicators; use a rating scale or bands',
        '按目标线性计分只适用于定量指标，请使用评分量表或分档',
      );
    if (rule.target === (rule.floor ?? 0))
      add(
        `${path}/target`,
        `the target (${rule.target}) must differ from the value scoring 0 (${rule.floor ?? 0})`,
        `目标值（${rule.target}）不能等于得 0 分的值（${rule.floor ?? 0}）`,
      );
    if (rule.cap < rule.targetScore)
      add(
        `${path}/cap`,
        `the cap (${rule.cap}) is below the target's score (${rule.targetScore})`,
        `封顶分（${rule.cap}）低于达到目标的得分（${rule.targetScore}）`,
      );
  } else {
    rule.bands.forEach((band, i) => {
      const before = rule.bands[i - 1];
      if (before && !(band.min > before.min))
        add(
          `${path}/bands/${i}/min`,
          `bands go up: ${band.min} does not exceed the band before (${before.min})`,
          `分档须递增：${band.min} 未超过上一档（${before.min}）`,
        );
    });
  }
  return problems;
}

/** Every problem of one library indicator: rule unfit for its kind, sources, an expression that does not compile. */
export function checkIndicator(indicator: IndicatorContent): IndicatorProblem[] {
  const problems = ruleProblems(indicator.rule, indicator.kind, '/rule');
  const add = (path: string, en: string, zh: string) => problems.push({ path, message: { en, zh } });
  if (indicator.kind === 'qualitative') {
    if (indicator.sources.length === 0)
      add(
        '/sources',
        'a qualitative indicator needs at least one evaluation source',
        '定性指标至少需要一个评价来源',
      );
    if (indicator.expression !== undefined)
      add(
        '/expression',
        'a qualitative indicator is rated, not computed: remove the expression',
        '定性指标由人评分，不需要计算表达式',
      );
  } else {
    if (indicator.sources.length > 0)
      add(
        '/sources',
        'a quantitative indicator is computed from business data: it has no evaluation sources',
        '定量指标由业务数据计算，不设评价来源',
      );
    if (indicator.expression === undefined)
      add(
        '/expression',
        'a quantitative indicator needs an expression computing its actual value',
        '定量指标需要计算实际值的表达式',
      );
    else {
      try {
        compileExpression(indicator.expression);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        add('/expression', `the expression does not compile: ${why}`, `表达式无法编译：${why}`);
      }
    }
  }
  return problems;
}

/** What a set is checked against: the institution's library, archived entries included. */
export type IndicatorLibrary = ReadonlyMap<string, IndicatorContent & { status?: IndicatorStatus }>;

/**
 * Every problem of an indicator set at once: category or source weights not totalling 100, a
 * category's item weights not totalling 100 (each message names the actual total), unknown,
 * archived or duplicate indicators, a category with weight but no items (or items but no weight),
 * performance not carrying the largest category weight, item rules unfit for their indicator.
 */
export function checkIndicatorSet(set: IndicatorSetContent, library: IndicatorLibrary): IndicatorProblem[] {
  const problems: IndicatorProblem[] = [];
  const add = (path: string, en: string, zh: string) => problems.push({ path, message: { en, zh } });
  const totals: Record<IndicatorCategory, number> = { performance: 0, behaviour: 0, ability: 0 };
  const counts: Record<IndicatorCategory, number> = { performance: 0, behaviour: 0, ability: 0 };
  const seen = new Set<string>();

  set.items.forEach((item, i) => {
    if (seen.has(item.indicator))
      add(
        `/items/${i}/indicator`,
        `indicator "${item.indicator}" is in the set twice`,
        `指标 "${item.indicator}" 在指标集中重复出现`,
      );
    seen.add(item.indicator);
    const indicator = library.get(item.indicator);
    if (!indicator) {
      add(
        `/items/${i}/indicator`,
        `no indicator "${item.indicator}" in the library`,
        `指标库中没有指标 "${item.indicator}"`,
      );
      return;
    }
    if (indicator.status === 'archived')
      add(
        `/items/${i}/indicator`,
        `indicator "${item.indicator}" is archived`,
        `指标 "${item.indicator}" 已归档`,
      );
    if (!(item.weight > 0)) add(`/items/${i}/weight`, 'an item needs a weight above 0', '指标权重须大于 0');
    totals[indicator.category] += item.weight;
    counts[indicator.category] += 1;
    if (item.rule) problems.push(...ruleProblems(item.rule, indicator.kind, `/items/${i}/rule`));
    if (indicator.kind === 'qualitative' && !indicator.sources.some((s) => set.sourceWeights[s] > 0))
      add(
        `/items/${i}/indicator`,
        `nobody who rates "${item.indicator}" (${indicator.sources.join(', ')}) has a source weight above 0`,
        `指标 "${item.indicator}" 的评价来源（${indicator.sources.map((s) => EVALUATION_SOURCE_LABELS[s].zh).join('、')}）权重均为 0`,
      );
  });

  for (const category of INDICATOR_CATEGORIES) {
    const label = INDICATOR_CATEGORY_LABELS[category];
    const weight = set.categoryWeights[category];
    if (counts[category] > 0 && Math.abs(totals[category] - 100) > EPSILON)
      add(
        '/items',
        `${label.en} item weights total ${shown(totals[category])}, not 100`,
        `${label.zh}类指标权重合计 ${shown(totals[category])}，应为 100`,
      );
    if (weight > 0 && counts[category] === 0)
      add(
        `/categoryWeights/${category}`,
        `${label.en} weighs ${shown(weight)} but has no items`,
        `${label.zh}类权重为 ${shown(weight)}，但没有指标`,
      );
    if (weight === 0 && counts[category] > 0)
      add(
        `/categoryWeights/${category}`,
        `${label.en} has items but weighs 0: they would count for nothing`,
        `${label.zh}类有指标但权重为 0，这些指标不会计分`,
      );
  }

  const categoryTotal = INDICATOR_CATEGORIES.reduce((sum, c) => sum + set.categoryWeights[c], 0);
  if (Math.abs(categoryTotal - 100) > EPSILON)
    add(
      '/categoryWeights',
      `category weights total ${shown(categoryTotal)}, not 100`,
      `类别权重合计 ${shown(categoryTotal)}，应为 100`,
    );
  const { performance, behaviour, ability } = set.categoryWeights;
  if (!(performance > behaviour && performance > ability))
    add(
      '/categoryWeights/performance',
      `performance (${shown(performance)}) must carry more weight than behaviour (${shown(behaviour)}) and ability (${shown(ability)})`,
      `绩效权重（${shown(performance)}）须大于行为（${shown(behaviour)}）和能力（${shown(ability)}）`,
    );

  const sourceTotal = Object.values(set.sourceWeights).reduce((sum, w) => sum + w, 0);
  if (Math.abs(sourceTotal - 100) > EPSILON)
    add(
      '/sourceWeights',
      `evaluation source weights total ${shown(sourceTotal)}, not 100`,
      `评价来源权重合计 ${shown(sourceTotal)}，应为 100`,
    );
  return problems;
}

/** Every problem of a result-level rule: bands not going down, shares above 100 % together. */
export function checkResultLevelRule(rule: ResultLevelRule): IndicatorProblem[] {
  const problems: IndicatorProblem[] = [];
  if (rule.kind === 'bands') {
    if (!(rule.excellent > rule.good && rule.good > rule.qualified))
      problems.push({
        path: '/',
        message: {
          en: `levels must go down: excellent ${rule.excellent} > good ${rule.good} > qualified ${rule.qualified}`,
          zh: `等级分数线须递减：优秀 ${rule.excellent} > 良好 ${rule.good} > 合格 ${rule.qualified}`,
        },
      });
  } else {
    const total = rule.excellent + rule.good + rule.unqualified;
    if (total > 100 + EPSILON)
      problems.push({
        path: '/',
        message: {
          en: `excellent, good and unqualified shares total ${shown(total)} %, more than 100 %`,
          zh: `优秀、良好、不合格比例合计 ${shown(total)}%，超过 100%`,
        },
      });
  }
  return problems;
}
