import { GRADES, type Grade, type Message } from './vocabulary.js';

// Indicators, indicator sets and result levels as content: vocabulary, types and JSON Schemas.
// The checks the schemas cannot express are in indicator-checks.ts.

/** Appraisal indicator categories (part 2 §7(二)); performance carries the largest weight. */
export const INDICATOR_CATEGORIES = ['performance', 'behaviour', 'ability'] as const;
export type IndicatorCategory = (typeof INDICATOR_CATEGORIES)[number];

/** Qualitative: rated by people on a scale. Quantitative: computed from business data. */
export const INDICATOR_KINDS = ['qualitative', 'quantitative'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** Who rates a qualitative indicator: 自评 / 主管评价 / 同事评价 / 客户抽样评价. */
export const EVALUATION_SOURCES = ['self', 'supervisor', 'peer', 'customer'] as const;
export type EvaluationSource = (typeof EVALUATION_SOURCES)[number];

export const INDICATOR_STATUSES = ['active', 'archived'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

export const INDICATOR_CATEGORY_LABELS: Record<IndicatorCategory, Message> = {
  performance: { zh: '绩效', en: 'Performance' },
  behaviour: { zh: '行为', en: 'Behaviour' },
  ability: { zh: '能力', en: 'Ability' },
};

export const EVALUATION_SOURCE_LABELS: Record<EvaluationSource, Message> = {
  self: { zh: '自评', en: 'Self' },
  supervisor: { zh: '主管评价', en: 'Supervisor' },
  peer: { zh: '同事评价', en: 'Peer' },
  customer: { zh: '客户抽样评价', en: 'Customer sample' },
};

/**
 * How an indicator's input becomes a score from 0 to 100.
 * - `scale`: a rating on `min`…`max` mapped linearly to 0…100 (qualitative).
 * - `linear`: `floor` scores 0, `target` scores `targetScore`, linear in between and beyond, never
 *   above `cap` (≤ 100) nor below 0. A floor above the target means lower is better (e.g. a
 *   non-performing ratio). With targetScore 80 and cap 100, beating the target still earns points.
 * - `bands`: the score of the highest band whose `min` the value reaches; below every band, 0.
 */
export type ScoringRule =
  | { kind: 'scale'; min: number; max: number }
  | { kind: 'linear'; target: number; targetScore: number; cap: number; floor?: number }
  | { kind: 'bands'; bands: { min: number; score: number }[] };

export interface IndicatorContent {
  /** Unique per institution; sets refer to indicators by it. */
  code: string;
  name: Message;
  description?: Message;
  category: IndicatorCategory;
  kind: IndicatorKind;
  rule: ScoringRule;
  /** Who may rate it (qualitative only; a quantitative indicator has none). */
  sources: EvaluationSource[];
  /** JSONata over the manager's business data giving the actual value (quantitative only). */
  expression?: string;
  /** What the actual is counted in, e.g. {zh: '户', en: 'customers'}. */
  unit?: Message;
}

export type CategoryWeights = Record<IndicatorCategory, number>;
export type SourceWeights = Record<EvaluationSource, number>;

export interface IndicatorSetItem {
  indicator: string;
  /** Weight within the indicator's category: the items of one category total 100. */
  weight: number;
  /** This set's own rule for the indicator, e.g. a target fit for the grade. */
  rule?: ScoringRule;
}

export interface IndicatorSetContent {
  code: string;
  name: Message;
  grade: Grade;
  items: IndicatorSetItem[];
  /** Total 100; performance carries the most. */
  categoryWeights: CategoryWeights;
  /** How much each evaluation source counts (total 100); sources without answers are left out and the rest renormalised. */
  sourceWeights: SourceWeights;
}

const text = {
  type: 'object',
  additionalProperties: false,
  required: ['zh', 'en'],
  properties: {
    zh: { type: 'string', minLength: 1, maxLength: 200 },
    en: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;
const longText = {
  type: 'object',
  additionalProperties: false,
  required: ['zh', 'en'],
  properties: { zh: { type: 'string', maxLength: 2000 }, en: { type: 'string', maxLength: 2000 } },
} as const;
const code = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' } as const;
const finite = { type: 'number', minimum: -1e12, maximum: 1e12 } as const;
const score = { type: 'number', minimum: 0, maximum: 100 } as const;
const weight = { type: 'number', minimum: 0, maximum: 100 } as const;

/** JSON Schema (draft-07) of a scoring rule. */
export const scoringRuleSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'min', 'max'],
      properties: { kind: { const: 'scale' }, min: finite, max: finite },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'target', 'targetScore', 'cap'],
      properties: {
        kind: { const: 'linear' },
        target: finite,
        targetScore: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
        cap: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
        floor: finite,
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'bands'],
      properties: {
        kind: { const: 'bands' },
        bands: {
          type: 'array',
          minItems: 1,
          maxItems: 20,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['min', 'score'],
            properties: { min: finite, score },
          },
        },
      },
    },
  ],
} as const;

/** JSON Schema (draft-07) of a library indicator. */
export const indicatorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'category', 'kind', 'rule', 'sources'],
  properties: {
    code,
    name: text,
    description: longText,
    category: { enum: [...INDICATOR_CATEGORIES] },
    kind: { enum: [...INDICATOR_KINDS] },
    rule: scoringRuleSchema,
    sources: {
      type: 'array',
      maxItems: EVALUATION_SOURCES.length,
      uniqueItems: true,
      items: { enum: [...EVALUATION_SOURCES] },
    },
    expression: { type: 'string', minLength: 1, maxLength: 2000 },
    unit: text,
  },
} as const;

const weightsOf = (keys: readonly string[]) => ({
  type: 'object',
  additionalProperties: false,
  required: [...keys],
  properties: Object.fromEntries(keys.map((k) => [k, weight])),
});

/** JSON Schema (draft-07) of an indicator set. */
export const indicatorSetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'grade', 'items', 'categoryWeights', 'sourceWeights'],
  properties: {
    code,
    name: text,
    grade: { enum: [...GRADES] },
    items: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['indicator', 'weight'],
        properties: { indicator: code, weight, rule: scoringRuleSchema },
      },
    },
    categoryWeights: weightsOf(INDICATOR_CATEGORIES),
    sourceWeights: weightsOf(EVALUATION_SOURCES),
  },
} as const;

/** Appraisal result levels, best first. */
export const RESULT_LEVELS = ['excellent', 'good', 'qualified', 'unqualified'] as const;
export type ResultLevel = (typeof RESULT_LEVELS)[number];

export const RESULT_LEVEL_LABELS: Record<ResultLevel, Message> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  qualified: { zh: '合格', en: 'Qualified' },
  unqualified: { zh: '不合格', en: 'Unqualified' },
};

/**
 * How total scores become result levels, the institution's choice:
 * - `bands`: the lowest score of each level; below `qualified`, unqualified.
 * - `distribution`: at most `excellent` % of the managers are excellent, at most `good` % good and at
 *   most `unqualified` % (the lowest scores) unqualified; everyone else is qualified.
 */
export type ResultLevelRule =
  | { kind: 'bands'; excellent: number; good: number; qualified: number }
  | { kind: 'distribution'; excellent: number; good: number; unqualified: number };

export const resultLevelRuleSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'excellent', 'good', 'qualified'],
      properties: { kind: { const: 'bands' }, excellent: score, good: score, qualified: score },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'excellent', 'good', 'unqualified'],
      properties: { kind: { const: 'distribution' }, excellent: weight, good: weight, unqualified: weight },
    },
  ],
} as const;
