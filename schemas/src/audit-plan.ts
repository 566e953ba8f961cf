import { CUSTOMER_CLASSES, GRADES, type Grade, type Message } from './vocabulary.js';

export const AUDIT_KINDS = ['scheduled', 'random'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];
export const AUDIT_MODES = ['on-site', 'off-site'] as const;
export type AuditMode = (typeof AUDIT_MODES)[number];

/** The inspection methods of the seed (盘点, 核对, 查询, 分析, 确认, 观察, 函证, 答卷, 调查). */
export const INSPECTION_METHODS = [
  'stock-count',
  'reconciliation',
  'inquiry',
  'analysis',
  'confirmation',
  'observation',
  'confirmation-letter',
  'questionnaire',
  'investigation',
] as const;
export type InspectionMethod = (typeof INSPECTION_METHODS)[number];

export const INSPECTION_METHOD_LABELS: Record<InspectionMethod, Message> = {
  'stock-count': { zh: '盘点', en: 'Stock count' },
  reconciliation: { zh: '核对', en: 'Reconciliation' },
  inquiry: { zh: '查询', en: 'Inquiry' },
  analysis: { zh: '分析', en: 'Analysis' },
  confirmation: { zh: '确认', en: 'Confirmation' },
  observation: { zh: '观察', en: 'Observation' },
  'confirmation-letter': { zh: '函证', en: 'Confirmation letter' },
  questionnaire: { zh: '答卷', en: 'Questionnaire' },
  investigation: { zh: '调查', en: 'Investigation' },
};

/** Where an audit stands: assigned (unopened: unannounced ones invisible to the manager), open, awaiting the manager's response, responded, closed. */
export const AUDIT_STATUSES = ['assigned', 'open', 'awaiting-response', 'responded', 'closed'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export const FINDING_SEVERITIES = ['low', 'medium', 'high'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export const FINDING_SEVERITY_LABELS: Record<FindingSeverity, Message> = {
  low: { zh: '一般', en: 'Low' },
  medium: { zh: '较重', en: 'Medium' },
  high: { zh: '严重', en: 'High' },
};

/** What a finding weighs in the behaviour indicator fed by inspections. */
export const FINDING_POINTS: Record<FindingSeverity, number> = { low: 1, medium: 2, high: 3 };

/** Risk flags a focused plan may target. */
export const RISK_FLAGS = ['unqualified-result', 'open-findings'] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

export type SampleSize =
  | { kind: 'fixed'; n: number }
  | { kind: 'rate'; rate: number }
  /** Attribute sampling: confidence and tolerable deviation rate, as fractions (0.95, 0.05). */
  | { kind: 'confidence'; confidence: number; tolerableRate: number };

export type SamplingDesign =
  | { design: 'simple'; size: SampleSize }
  | {
      design: 'stratified';
      by: 'orgUnit' | 'grade';
      allocation: 'proportional' | 'neyman';
      size: SampleSize;
    }
  /** Probability proportional to portfolio volume; units at or above the sampling interval are always taken. */
  | { design: 'pps'; size: SampleSize };

export interface AuditPlanContent {
  code: string;
  name: Message;
  kind: AuditKind;
  mode: AuditMode;
  announced: boolean;
  /** Comprehensive: every manager; focused: those matching every filter given. */
  scope: {
    focus: 'comprehensive' | 'focused';
    orgUnitIds: string[];
    grades: Grade[];
    /** Managers with at least one customer in one of these classes (frequency or size). */
    customerClasses: string[];
    riskFlags: RiskFlag[];
  };
  /** Key of the checklist form the auditor fills. */
  checklistFormKey: string;
  methods: InspectionMethod[];
  /** Auditors (user ids) the audits are shared among. */
  auditorIds: string[];
  daysToComplete: number;
  /**
   * When runs happen: a cron pattern read in `tz`. A random plan's run is drawn inside
   * `windowDays` after each trigger (working days only if asked), so its date cannot be foreseen.
   */
  schedule: { cron: string; tz: string; windowDays: number; workingDaysOnly: boolean };
  sampling: SamplingDesign;
}

const id = { type: 'string', pattern: '^[0-9a-f]{24}$' } as const;
const text = {
  type: 'object',
  additionalProperties: false,
  required: ['zh', 'en'],
  properties: {
    zh: { type: 'string', minLength: 1, maxLength: 200 },
    en: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;
const sampleSize = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'n'],
      properties: { kind: { const: 'fixed' }, n: { type: 'integer', minimum: 1, maximum: 10000 } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'rate'],
      properties: { kind: { const: 'rate' }, rate: { type: 'number', exclusiveMinimum: 0, maximum: 1 } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'confidence', 'tolerableRate'],
      properties: {
        kind: { const: 'confidence' },
        confidence: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        tolerableRate: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      },
    },
  ],
} as const;

/** JSON Schema (draft-07) of an audit plan. */
export const auditPlanSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'code',
    'name',
    'kind',
    'mode',
    'announced',
    'scope',
    'checklistFormKey',
    'methods',
    'auditorIds',
    'daysToComplete',
    'schedule',
    'sampling',
  ],
  properties: {
    code: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' },
    name: text,
    kind: { enum: [...AUDIT_KINDS] },
    mode: { enum: [...AUDIT_MODES] },
    announced: { type: 'boolean' },
    scope: {
      type: 'object',
      additionalProperties: false,
      required: ['focus', 'orgUnitIds', 'grades', 'customerClasses', 'riskFlags'],
      properties: {
        focus: { enum: ['comprehensive', 'focused'] },
        orgUnitIds: { type: 'array', items: id, maxItems: 500, uniqueItems: true },
        grades: { type: 'array', items: { enum: [...GRADES] }, uniqueItems: true },
        customerClasses: {
          type: 'array',
          items: { enum: [...CUSTOMER_CLASSES] },
          uniqueItems: true,
        },
        riskFlags: { type: 'array', items: { enum: [...RISK_FLAGS] }, uniqueItems: true },
      },
    },
    checklistFormKey: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' },
    methods: { type: 'array', items: { enum: [...INSPECTION_METHODS] }, minItems: 1, uniqueItems: true },
    auditorIds: { type: 'array', items: id, minItems: 1, maxItems: 200, uniqueItems: true },
    daysToComplete: { type: 'integer', minimum: 1, maximum: 365 },
    schedule: {
      type: 'object',
      additionalProperties: false,
      required: ['cron', 'tz', 'windowDays', 'workingDaysOnly'],
      properties: {
        cron: { type: 'string', minLength: 9, maxLength: 100 },
        tz: { type: 'string', minLength: 1, maxLength: 64 },
        windowDays: { type: 'integer', minimum: 0, maximum: 92 },
        workingDaysOnly: { type: 'boolean' },
      },
    },
    sampling: {
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['design', 'size'],
          properties: { design: { enum: ['simple', 'pps'] }, size: sampleSize },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['design', 'by', 'allocation', 'size'],
          properties: {
            design: { const: 'stratified' },
            by: { enum: ['orgUnit', 'grade'] },
            allocation: { enum: ['proportional', 'neyman'] },
            size: sampleSize,
          },
        },
      ],
    },
  },
} as const;

/**
 * The attribute-sampling size for a confidence C and tolerable deviation rate T with no deviation
 * expected: n = ceil(ln(1 − C) / ln(1 − T)); with a population of N, the finite-population
 * correction n / (1 + (n − 1) / N), rounded up. C = 95 %: T = 5 % gives 59, T = 10 % gives 29.
 */
export function attributeSampleSize(confidence: number, tolerableRate: number, population?: number): number {
  const n = Math.ceil(Math.log(1 - confidence) / Math.log(1 - tolerableRate) - 1e-9);
  if (population === undefined) return n;
  return Math.min(population, Math.ceil(n / (1 + (n - 1) / population) - 1e-9));
}

/** How many of `population` a plan's size rule takes (never more than there are). */
export function sampleSizeFor(size: SampleSize, population: number): number {
  if (population <= 0) return 0;
  switch (size.kind) {
    case 'fixed':
      return Math.min(size.n, population);
    case 'rate':
      return Math.min(population, Math.max(1, Math.ceil(size.rate * population - 1e-9)));
    case 'confidence':
      return attributeSampleSize(size.confidence, size.tolerableRate, population);
  }
}

/**
 * Shares `n` among strata by `weights` (their sizes for proportional allocation, N_h × S_h for
 * Neyman) with the largest-remainder method: the shares total exactly `n`, none exceeds its
 * stratum's size, and ties in remainders go to the earlier stratum.
 */
export function allocate(n: number, strata: readonly { size: number; weight: number }[]): number[] {
  const total = Math.min(
    n,
    strata.reduce((sum, s) => sum + s.size, 0),
  );
  const allocation = strata.map(() => 0);
  let left = total;
  // Repeat while capacity caps leave some of `n` unassigned: the rest goes by weight again.
  while (left > 0) {
    const open = strata.map((s, i) => (allocation[i] as number) < s.size && s.weight > 0);
    const weightSum = strata.reduce((sum, s, i) => sum + (open[i] ? s.weight : 0), 0);
    if (weightSum <= 0) {
      // No weight left (e.g. no spread anywhere): fill by size order.
      for (const [i, s] of strata.entries()) {
        const room = s.size - (allocation[i] as number);
        const give = Math.min(room, left);
        allocation[i] = (allocation[i] as number) + give;
        left -= give;
      }
      break;
    }
    const exact = strata.map((s, i) => (open[i] ? (left * s.weight) / weightSum : 0));
    const floors = exact.map((e, i) =>
      Math.min(Math.floor(e), (strata[i]?.size ?? 0) - (allocation[i] as number)),
    );
    let given = floors.reduce((a, b) => a + b, 0);
    const order = exact
      .map((e, i) => ({ i, rest: e - Math.floor(e) }))
      .filter(
        ({ i }) => open[i] && (floors[i] as number) + (allocation[i] as number) < (strata[i]?.size ?? 0),
      )
      .sort((a, b) => b.rest - a.rest || a.i - b.i);
    for (const { i } of order) {
      if (given >= left) break;
      floors[i] = (floors[i] as number) + 1;
      given++;
    }
    for (const [i, f] of floors.entries()) allocation[i] = (allocation[i] as number) + f;
    if (given === 0) break;
    left -= given;
  }
  return allocation;
}
