import {
  type CycleContent,
  type CycleRegularity,
  type CycleScope,
  EVALUATION_SOURCES,
  GRADES,
  type Grade,
  type Message,
  type SourceWeights,
} from '@rapport/schemas';
import dayjs, { type Dayjs } from 'dayjs';

const DATE = 'YYYY-MM-DD';

/** What the plan editor's form holds: the cycle's content with dates as dayjs ranges. */
export interface PlanValues {
  code: string;
  name: Message;
  period: [Dayjs, Dayjs] | null;
  regularity: CycleRegularity;
  scope: CycleScope;
  plan: CycleContent['plan'];
  population: { orgUnitIds: string[]; grades: Grade[] };
  indicatorSets: Partial<Record<Grade, string | null>>;
  sourceWeights: SourceWeights;
  customerSample: { size: number; linkDays: number };
  committee: string[];
  levelRule: {
    kind: 'bands' | 'distribution';
    excellent: number;
    good: number;
    qualified: number;
    unqualified: number;
  };
  phases: { key: string; label: Message; dates: [Dayjs, Dayjs] | null }[];
}

const empty = { zh: '', en: '' };
const range = (from: string, to: string): [Dayjs, Dayjs] => [dayjs(from), dayjs(to)];

/** A new plan: this year, every grade with the set made for it, the current admin on the committee. */
export function newPlanValues(setsByGrade: Partial<Record<Grade, string>>, adminId: string): PlanValues {
  const year = dayjs().year();
  return {
    code: `y${year}`,
    name: { zh: `${year} 年度客户经理考核`, en: `Manager appraisal ${year}` },
    period: range(`${year}-01-01`, `${year}-12-31`),
    regularity: 'regular',
    scope: 'comprehensive',
    plan: { purpose: empty, principles: empty, content: empty, timing: empty },
    population: { orgUnitIds: [], grades: [] },
    indicatorSets: setsByGrade,
    sourceWeights: { self: 20, supervisor: 50, peer: 0, customer: 30 },
    customerSample: { size: 5, linkDays: 14 },
    committee: [adminId],
    levelRule: { kind: 'bands', excellent: 90, good: 80, qualified: 60, unqualified: 10 },
    phases: [],
  };
}

/** The form's values for a cycle the server holds. */
export function planValuesOf(cycle: CycleContent): PlanValues {
  const rule = cycle.levelRule;
  return {
    ...cycle,
    period: range(cycle.period.from, cycle.period.to),
    levelRule:
      rule.kind === 'bands' ? { ...rule, unqualified: 10 } : { ...rule, qualified: 60, kind: 'distribution' },
    phases: cycle.phases.map((p) => ({ key: p.key, label: p.label, dates: range(p.from, p.to) })),
  };
}

/** The content to send; dates the admin left empty go as '' for the server to name. */
export function contentOf(values: PlanValues): CycleContent {
  const day = (d: Dayjs | undefined) => (d ? d.format(DATE) : '');
  const rule = values.levelRule;
  const indicatorSets: Partial<Record<Grade, string>> = {};
  for (const grade of GRADES) {
    const code = values.indicatorSets[grade];
    if (code) indicatorSets[grade] = code;
  }
  return {
    code: values.code.trim(),
    name: values.name,
    period: { from: day(values.period?.[0]), to: day(values.period?.[1]) },
    regularity: values.regularity,
    scope: values.scope,
    plan: values.plan,
    population: values.population,
    indicatorSets,
    sourceWeights: Object.fromEntries(
      EVALUATION_SOURCES.map((s) => [s, values.sourceWeights[s] ?? 0]),
    ) as SourceWeights,
    customerSample: values.customerSample,
    committee: values.committee,
    levelRule:
      rule.kind === 'bands'
        ? { kind: 'bands', excellent: rule.excellent, good: rule.good, qualified: rule.qualified }
        : { kind: 'distribution', excellent: rule.excellent, good: rule.good, unqualified: rule.unqualified },
    phases: (values.phases ?? []).map((p) => ({
      key: p.key,
      label: p.label,
      from: day(p.dates?.[0]),
      to: day(p.dates?.[1]),
    })),
  };
}

/** Source weights summed as the server sums them. */
export function sourceTotal(weights: Partial<SourceWeights> | undefined): number {
  const total = EVALUATION_SOURCES.reduce((sum, s) => sum + (Number(weights?.[s]) || 0), 0);
  return Math.round(total * 100) / 100;
}
