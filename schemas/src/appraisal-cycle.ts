import {
  EVALUATION_SOURCES,
  type EvaluationSource,
  type ResultLevelRule,
  resultLevelRuleSchema,
  type SourceWeights,
} from './indicator.js';
import { GRADES, type Grade, type Message } from './vocabulary.js';

export const CYCLE_REGULARITIES = ['regular', 'ad-hoc'] as const;
export type CycleRegularity = (typeof CYCLE_REGULARITIES)[number];
export const CYCLE_SCOPES = ['comprehensive', 'focused'] as const;
export type CycleScope = (typeof CYCLE_SCOPES)[number];

/** Where a cycle stands: designed, running (appraisals under way), results out, closed. */
export const CYCLE_STATUSES = ['draft', 'launched', 'published', 'closed'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

/** The steps of the default appraisal workflow, in order (states of the generated workflow). */
export const APPRAISAL_STEPS = [
  'self-evaluation',
  'supervisor-evaluation',
  'customer-sample',
  'calibration',
  'published',
  'appeal',
  'closed',
] as const;
export type AppraisalStep = (typeof APPRAISAL_STEPS)[number];

/** One phase of the plan, with its dates (YYYY-MM-DD). */
export interface CyclePhase {
  key: string;
  label: Message;
  from: string;
  to: string;
}

/** An appraisal cycle as the admin designs it (the yearly plan of part 2 §7(三)). */
export interface CycleContent {
  /** Short key, used in the keys of the forms and workflows the launch generates. */
  code: string;
  name: Message;
  /** YYYY-MM-DD, inclusive. */
  period: { from: string; to: string };
  regularity: CycleRegularity;
  scope: CycleScope;
  plan: { purpose: Message; principles: Message; content: Message; timing: Message };
  /** Who is appraised: managers in these units (and below) and of these grades; empty: all. */
  population: { orgUnitIds: string[]; grades: Grade[] };
  /** The indicator set (by code) each grade is appraised with. */
  indicatorSets: Partial<Record<Grade, string>>;
  /** How much each evaluation source counts (total 100); a source without answers is left out. */
  sourceWeights: SourceWeights;
  /** How many customers of each manager are asked, and for how many days their link works. */
  customerSample: { size: number; linkDays: number };
  /** Who calibrates scores (user ids); at least one. */
  committee: string[];
  levelRule: ResultLevelRule;
  phases: CyclePhase[];
}

const text = (maxLength: number, minLength = 1) => ({
  type: 'object',
  additionalProperties: false,
  required: ['zh', 'en'],
  properties: {
    zh: { type: 'string', minLength, maxLength },
    en: { type: 'string', minLength, maxLength },
  },
});
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const id = { type: 'string', pattern: '^[0-9a-f]{24}$' } as const;
const weight = { type: 'number', minimum: 0, maximum: 100 } as const;

/** JSON Schema (draft-07) of a cycle as the admin sends it. */
export const cycleSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'code',
    'name',
    'period',
    'regularity',
    'scope',
    'plan',
    'population',
    'indicatorSets',
    'sourceWeights',
    'customerSample',
    'committee',
    'levelRule',
    'phases',
  ],
  properties: {
    code: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' },
    name: text(200),
    period: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'to'],
      properties: { from: date, to: date },
    },
    regularity: { enum: [...CYCLE_REGULARITIES] },
    scope: { enum: [...CYCLE_SCOPES] },
    plan: {
      type: 'object',
      additionalProperties: false,
      required: ['purpose', 'principles', 'content', 'timing'],
      properties: {
        purpose: text(4000, 0),
        principles: text(4000, 0),
        content: text(4000, 0),
        timing: text(4000, 0),
      },
    },
    population: {
      type: 'object',
      additionalProperties: false,
      required: ['orgUnitIds', 'grades'],
      properties: {
        orgUnitIds: { type: 'array', items: id, maxItems: 500, uniqueItems: true },
        grades: { type: 'array', items: { enum: [...GRADES] }, uniqueItems: true },
      },
    },
    indicatorSets: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        GRADES.map((g) => [g, { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' }]),
      ),
    },
    sourceWeights: {
      type: 'object',
      additionalProperties: false,
      required: [...EVALUATION_SOURCES],
      properties: Object.fromEntries(EVALUATION_SOURCES.map((s) => [s, weight])),
    },
    customerSample: {
      type: 'object',
      additionalProperties: false,
      required: ['size', 'linkDays'],
      properties: {
        size: { type: 'integer', minimum: 0, maximum: 100 },
        linkDays: { type: 'integer', minimum: 1, maximum: 90 },
      },
    },
    committee: { type: 'array', items: id, minItems: 1, maxItems: 50, uniqueItems: true },
    levelRule: resultLevelRuleSchema,
    phases: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'label', 'from', 'to'],
        properties: {
          key: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' },
          label: text(200),
          from: date,
          to: date,
        },
      },
    },
  },
} as const;

/** One thing wrong with a cycle, where, in both languages. */
export interface CycleProblem {
  path: string;
  message: Message;
}

const isDate = (s: string) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/**
 * Every problem of a cycle that its schema cannot see: dates, source weights not totalling 100,
 * grades of the population without an indicator set. Sets and committee members are checked against
 * the institution by the service.
 */
export function checkCycle(cycle: CycleContent): CycleProblem[] {
  const problems: CycleProblem[] = [];
  const add = (path: string, en: string, zh: string) => problems.push({ path, message: { en, zh } });
  const { from, to } = cycle.period;
  if (!isDate(from) || !isDate(to) || from > to)
    add('/period', `the period must run forward (${from} → ${to})`, `考核期间须从前往后（${from} → ${to}）`);
  const total = EVALUATION_SOURCES.reduce((sum, s) => sum + cycle.sourceWeights[s], 0);
  if (Math.abs(total - 100) > 1e-9)
    add('/sourceWeights', `source weights total ${total}, not 100`, `评价来源权重合计 ${total}，应为 100`);
  const grades = cycle.population.grades.length > 0 ? cycle.population.grades : GRADES;
  const withSet = grades.filter((g) => cycle.indicatorSets[g]);
  if (withSet.length === 0)
    add(
      '/indicatorSets',
      'no grade of the population has an indicator set',
      '考核对象的各等级都没有指定指标体系',
    );
  cycle.phases.forEach((phase, i) => {
    if (!isDate(phase.from) || !isDate(phase.to) || phase.from > phase.to)
      add(
        `/phases/${i}`,
        `phase "${phase.key}" must run forward (${phase.from} → ${phase.to})`,
        `阶段 "${phase.key}" 的日期须从前往后（${phase.from} → ${phase.to}）`,
      );
  });
  return problems;
}

/** The evaluation sources a person fills a form for in the default workflow (customers answer by link). */
export const FORM_SOURCES = ['self', 'supervisor'] as const satisfies readonly EvaluationSource[];
