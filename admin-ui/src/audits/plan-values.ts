import type { AuditPlanContent, Grade, InspectionMethod, RiskFlag } from '@rapport/schemas';
import type { AuditPlanView } from '../api/audits';

/** The plan editor's values: the content, with the sample size spread over fields and rates in %. */
export interface PlanValues {
  code: string;
  name: { zh: string; en: string };
  kind: AuditPlanContent['kind'];
  mode: AuditPlanContent['mode'];
  announced: boolean;
  scope: {
    focus: 'comprehensive' | 'focused';
    orgUnitIds: string[];
    grades: Grade[];
    customerClasses: string[];
    riskFlags: RiskFlag[];
  };
  checklistFormKey?: string;
  methods: InspectionMethod[];
  auditorIds: string[];
  daysToComplete: number;
  schedule: AuditPlanContent['schedule'];
  sampling: {
    design: 'simple' | 'stratified' | 'pps';
    by: 'orgUnit' | 'grade';
    allocation: 'proportional' | 'neyman';
    sizeKind: 'fixed' | 'rate' | 'confidence';
    n: number;
    ratePct: number;
    confidencePct: number;
    tolerablePct: number;
  };
}

export function newPlanValues(): PlanValues {
  return {
    code: '',
    name: { zh: '', en: '' },
    kind: 'random',
    mode: 'on-site',
    announced: false,
    scope: { focus: 'comprehensive', orgUnitIds: [], grades: [], customerClasses: [], riskFlags: [] },
    methods: [],
    auditorIds: [],
    daysToComplete: 10,
    schedule: { cron: '0 9 1 * *', tz: 'Asia/Shanghai', windowDays: 20, workingDaysOnly: true },
    sampling: {
      design: 'simple',
      by: 'orgUnit',
      allocation: 'proportional',
      sizeKind: 'fixed',
      n: 5,
      ratePct: 10,
      confidencePct: 95,
      tolerablePct: 5,
    },
  };
}

// Percentages become fractions without binary noise (7 % is 0.07, not 0.07000000000000001).
const fraction = (pct: number) => Math.round(pct * 1000) / 100_000;
const percent = (f: number) => Math.round(f * 100_000) / 1000;

export function planValuesOf(plan: AuditPlanView): PlanValues {
  const base = newPlanValues();
  const { sampling } = plan;
  const size = sampling.size;
  return {
    code: plan.code,
    name: plan.name,
    kind: plan.kind,
    mode: plan.mode,
    announced: plan.announced,
    scope: plan.scope,
    checklistFormKey: plan.checklistFormKey,
    methods: plan.methods,
    auditorIds: plan.auditorIds,
    daysToComplete: plan.daysToComplete,
    schedule: plan.schedule,
    sampling: {
      ...base.sampling,
      design: sampling.design,
      ...(sampling.design === 'stratified' ? { by: sampling.by, allocation: sampling.allocation } : {}),
      sizeKind: size.kind,
      ...(size.kind === 'fixed' ? { n: size.n } : {}),
      ...(size.kind === 'rate' ? { ratePct: percent(size.rate) } : {}),
      ...(size.kind === 'confidence'
        ? { confidencePct: percent(size.confidence), tolerablePct: percent(size.tolerableRate) }
        : {}),
    },
  };
}

function samplingOf(s: PlanValues['sampling']): AuditPlanContent['sampling'] {
  const size =
    s.sizeKind === 'fixed'
      ? { kind: 'fixed' as const, n: s.n }
      : s.sizeKind === 'rate'
        ? { kind: 'rate' as const, rate: fraction(s.ratePct) }
        : {
            kind: 'confidence' as const,
            confidence: fraction(s.confidencePct),
            tolerableRate: fraction(s.tolerablePct),
          };
  return s.design === 'stratified'
    ? { design: 'stratified', by: s.by, allocation: s.allocation, size }
    : { design: s.design, size };
}

export function contentOf(values: PlanValues): AuditPlanContent {
  const focused = values.scope.focus === 'focused';
  return {
    code: values.code.trim(),
    name: { zh: values.name.zh.trim(), en: values.name.en.trim() },
    kind: values.kind,
    mode: values.mode,
    announced: values.announced,
    // A comprehensive plan covers everyone: filters left from a focused draft would only confuse.
    scope: {
      focus: values.scope.focus,
      orgUnitIds: focused ? (values.scope.orgUnitIds ?? []) : [],
      grades: focused ? (values.scope.grades ?? []) : [],
      customerClasses: focused ? (values.scope.customerClasses ?? []) : [],
      riskFlags: focused ? (values.scope.riskFlags ?? []) : [],
    },
    checklistFormKey: values.checklistFormKey ?? '',
    methods: values.methods ?? [],
    auditorIds: values.auditorIds ?? [],
    daysToComplete: values.daysToComplete,
    schedule: { ...values.schedule, cron: values.schedule.cron.trim(), tz: values.schedule.tz.trim() },
    sampling: samplingOf(values.sampling),
  };
}

const PLACEHOLDER_ID = '000000000000000000000000';

/**
 * What the preview is asked about: the plan as typed so far. The preview reads only the scope, the
 * schedule and the sampling, so what is not filled in yet elsewhere is given a stand-in that passes
 * the schema; null while the schedule or the size is not complete.
 */
export function previewContentOf(values: PlanValues | undefined): AuditPlanContent | null {
  if (!values?.schedule?.cron?.trim() || !values.schedule.tz?.trim() || !values.sampling) return null;
  const s = values.sampling;
  const sizeReady =
    s.sizeKind === 'fixed'
      ? Number.isInteger(s.n) && s.n >= 1
      : s.sizeKind === 'rate'
        ? s.ratePct > 0 && s.ratePct <= 100
        : s.confidencePct > 0 && s.confidencePct < 100 && s.tolerablePct > 0 && s.tolerablePct < 100;
  if (!sizeReady || typeof values.schedule.windowDays !== 'number') return null;
  const content = contentOf({
    ...newPlanValues(),
    ...values,
    scope: { ...newPlanValues().scope, ...values.scope },
  });
  return {
    ...content,
    code: /^[a-z][a-z0-9-]{0,39}$/.test(content.code) ? content.code : 'preview',
    name: { zh: content.name.zh || '预览', en: content.name.en || 'preview' },
    checklistFormKey: /^[a-z][a-z0-9-]{0,63}$/.test(content.checklistFormKey)
      ? content.checklistFormKey
      : 'preview',
    methods: content.methods.length > 0 ? content.methods : ['inquiry'],
    auditorIds: content.auditorIds.length > 0 ? content.auditorIds : [PLACEHOLDER_ID],
    daysToComplete:
      Number.isInteger(content.daysToComplete) && content.daysToComplete > 1 ? content.daysToComplete : 1,
  };
}
