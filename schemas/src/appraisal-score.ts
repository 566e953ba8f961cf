import type {
  EvaluationSource,
  IndicatorCategory,
  IndicatorKind,
  ScoringRule,
  SourceWeights,
} from './indicator.js';
import type { Message } from './vocabulary.js';

/**
 * What scoring an appraisal produces, kept as data so anyone entitled can see how a score was made
 * (computed by core/src/appraisal/scoring.ts; shown by the admin console and the portal).
 */

/**
 * What to do with an indicator that has no input at all (no rater answered, no business data).
 * - `renormalise` (the default): it is left out and the other items of its category carry its
 *   weight. A missing survey or data feed is not the manager's doing, and a committee would not read
 *   silence as a zero; the item is listed as missing and `coverage` drops, so the committee sees it.
 * - `zero`: it scores 0, for institutions that want missing inputs to hurt.
 */
export type MissingPolicy = 'renormalise' | 'zero';

/** How one evaluation source rated one indicator. */
export interface SourceStep {
  source: EvaluationSource;
  raters: number;
  average: number;
  /** The average through the indicator's rule, 0–100. */
  score: number;
  /** The source weight as configured. */
  weight: number;
  /** Its share among the sources that answered (0–1). */
  share: number;
  /** share × score: what it adds to the indicator's score. */
  contribution: number;
}

export interface IndicatorStep {
  indicator: string;
  name: Message;
  category: IndicatorCategory;
  kind: IndicatorKind;
  rule: ScoringRule;
  /** The item's weight within its category, as the set gives it. */
  weight: number;
  /** Its share of the category after missing items were left out (0–1). */
  share: number;
  /** What the item weighs in the total, in points out of 100. */
  weightInTotal: number;
  status: 'scored' | 'missing' | 'zeroed';
  score: number | null;
  /** share × score: what it adds to the category's score. */
  contribution: number;
  /** Qualitative: the sources that answered. */
  sources?: SourceStep[];
  /** Qualitative: weighted sources allowed to rate it that gave no answer, left out and the rest renormalised. */
  leftOut?: EvaluationSource[];
  /** Ratings not counted: from sources not allowed to rate this indicator or weighing 0. */
  ignored?: EvaluationSource[];
  /** Quantitative: the actual value scored. */
  actual?: number;
}

export interface CategoryStep {
  category: IndicatorCategory;
  /** As the set gives it. */
  weight: number;
  /** Share of the total after categories without any input were left out (0–1). */
  share: number;
  score: number | null;
  /** share × score: what it adds to the total. */
  contribution: number;
  missing: string[];
}

/** How a score was made, step by step, for a UI to show. */
export interface Computation {
  set: { code: string; grade: string };
  sourceWeights: SourceWeights;
  missingPolicy: MissingPolicy;
  indicators: IndicatorStep[];
  categories: CategoryStep[];
  total: number | null;
}

export interface ManagerScore {
  /** 0–100, or null when no indicator had any input. */
  total: number | null;
  categories: Record<IndicatorCategory, number | null>;
  indicators: Record<string, number | null>;
  /** Codes of the indicators without any input. */
  missing: string[];
  /** Share of the total's weight that had input (0–1); 1 when nothing was missing. */
  coverage: number;
  computation: Computation;
}
