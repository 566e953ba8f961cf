import type {
  CycleContent,
  EvaluationSource,
  FormContent,
  Grade,
  IndicatorLibrary,
  IndicatorSetContent,
  SchemaNode,
  ScoringRule,
  WorkflowContent,
} from '@rapport/schemas';
import { EVALUATION_SOURCE_LABELS, GRADE_LABELS } from '@rapport/schemas';

/** Keys of what a cycle's launch generates: one workflow per grade, one form per grade and source. */
export const generatedKeys = {
  workflow: (cycle: string, grade: Grade) => `ap-${cycle}-${grade}`,
  form: (cycle: string, grade: Grade, source: EvaluationSource) => `ap-${cycle}-${grade}-${source}`,
};

/** The free-text remark every evaluation form ends with. */
export const REMARKS_FIELD = 'remarks';

/** The range a rating is given in: the rule's scale, else 0–100. */
function ratingRange(rule: ScoringRule): { min: number; max: number } {
  return rule.kind === 'scale' ? { min: rule.min, max: rule.max } : { min: 0, max: 100 };
}

/** The qualitative items of `set` that `source` rates, in the set's order, with the rule that applies. */
export function ratedItems(set: IndicatorSetContent, library: IndicatorLibrary, source: EvaluationSource) {
  return set.items.flatMap((item) => {
    const indicator = library.get(item.indicator);
    if (indicator?.kind !== 'qualitative' || !indicator.sources.includes(source)) return [];
    return [{ code: item.indicator, indicator, rule: item.rule ?? indicator.rule }];
  });
}

/**
 * The form `source` fills for a manager of `grade`: one required rating per qualitative indicator of
 * the set that source may rate (radio buttons on a short scale), and a remark. Labels in Chinese in
 * the schema and English in `ui:options`, as the form builder keeps them.
 */
export function evaluationForm(
  cycle: Pick<CycleContent, 'code' | 'name'>,
  grade: Grade,
  set: IndicatorSetContent,
  library: IndicatorLibrary,
  source: EvaluationSource,
): FormContent {
  const items = ratedItems(set, library, source);
  const properties: Record<string, SchemaNode> = {};
  const uiSchema: Record<string, unknown> = { 'ui:order': [...items.map((i) => i.code), REMARKS_FIELD] };
  for (const { code, indicator, rule } of items) {
    const { min, max } = ratingRange(rule);
    const short = Number.isInteger(min) && Number.isInteger(max) && max - min <= 10;
    properties[code] = {
      type: short ? 'integer' : 'number',
      title: indicator.name.zh,
      ...(indicator.description?.zh ? { description: indicator.description.zh } : {}),
      minimum: min,
      maximum: max,
      ...(short ? { enum: Array.from({ length: max - min + 1 }, (_, i) => min + i) } : {}),
      'x-rapport-indicator': code,
    };
    uiSchema[code] = {
      ...(short ? { 'ui:widget': 'radio' } : {}),
      'ui:options': {
        ...(short ? { inline: true } : {}),
        titleEn: indicator.name.en,
        ...(indicator.description?.en ? { descriptionEn: indicator.description.en } : {}),
      },
    };
  }
  properties[REMARKS_FIELD] = { type: 'string', title: '评语', maxLength: 2000 };
  uiSchema[REMARKS_FIELD] = { 'ui:widget': 'textarea', 'ui:options': { titleEn: 'Remarks' } };
  const who = EVALUATION_SOURCE_LABELS[source];
  return {
    key: generatedKeys.form(cycle.code, grade, source),
    title: {
      zh: `${cycle.name.zh} · ${GRADE_LABELS[grade].zh} · ${who.zh}`,
      en: `${cycle.name.en} · ${GRADE_LABELS[grade].en} · ${who.en}`,
    },
    description: {
      zh: '请按各项指标的评分标准逐项打分。',
      en: 'Rate each indicator on its scale.',
    },
    schema: { type: 'object', required: items.map((i) => i.code), properties },
    uiSchema,
    fillRoles: source === 'supervisor' ? ['supervisor'] : ['manager'],
    readScope: 'own',
  };
}

const label = (zh: string, en: string) => ({ zh, en });

/**
 * The default appraisal workflow for one grade of a cycle: self-evaluation → supervisor evaluation →
 * customer sample → committee calibration → results published → feedback (accept) or appeal → closed.
 * An appeal needs a written reason and goes back to the committee, who answers it (re-publishing).
 */
export function appraisalWorkflow(
  cycle: Pick<CycleContent, 'code' | 'name' | 'committee'>,
  grade: Grade,
): WorkflowContent {
  const form = (source: EvaluationSource) => generatedKeys.form(cycle.code, grade, source);
  return {
    key: generatedKeys.workflow(cycle.code, grade),
    title: {
      zh: `${cycle.name.zh} · ${GRADE_LABELS[grade].zh}`,
      en: `${cycle.name.en} · ${GRADE_LABELS[grade].en}`,
    },
    states: [
      {
        key: 'self-evaluation',
        label: label('自评', 'Self-evaluation'),
        kind: 'start',
        position: { x: 0, y: 0 },
      },
      {
        key: 'supervisor-evaluation',
        label: label('主管评价', 'Supervisor evaluation'),
        kind: 'normal',
        position: { x: 260, y: 0 },
      },
      {
        key: 'customer-sample',
        label: label('客户抽样评价', 'Customer sample'),
        kind: 'normal',
        position: { x: 520, y: 0 },
      },
      {
        key: 'calibration',
        label: label('考核委员会校准', 'Committee calibration'),
        kind: 'normal',
        position: { x: 780, y: 0 },
      },
      {
        key: 'published',
        label: label('结果已公布', 'Results published'),
        kind: 'normal',
        position: { x: 1040, y: 0 },
      },
      {
        key: 'appeal',
        label: label('申诉复核', 'Appeal review'),
        kind: 'normal',
        position: { x: 1040, y: 200 },
      },
      { key: 'closed', label: label('已结束', 'Closed'), kind: 'final', position: { x: 1300, y: 0 } },
    ],
    transitions: [
      {
        key: 'submit-self',
        label: label('提交自评', 'Submit self-evaluation'),
        from: 'self-evaluation',
        to: 'supervisor-evaluation',
        actors: { kind: 'subject' },
        allowSelf: true,
        form: form('self'),
      },
      {
        key: 'submit-supervisor',
        label: label('提交主管评价', 'Submit evaluation'),
        from: 'supervisor-evaluation',
        to: 'customer-sample',
        actors: { kind: 'supervisor' },
        form: form('supervisor'),
      },
      {
        key: 'close-sample',
        label: label('结束客户抽样', 'Close the customer sample'),
        from: 'customer-sample',
        to: 'calibration',
        actors: { kind: 'supervisor' },
      },
      {
        key: 'publish',
        label: label('公布结果', 'Publish the result'),
        from: 'calibration',
        to: 'published',
        actors: { kind: 'role', role: 'institution_admin' },
      },
      {
        key: 'accept',
        label: label('确认结果', 'Accept the result'),
        from: 'published',
        to: 'closed',
        actors: { kind: 'subject' },
        allowSelf: true,
      },
      {
        key: 'appeal',
        label: label('提出申诉', 'Appeal'),
        from: 'published',
        to: 'appeal',
        actors: { kind: 'subject' },
        allowSelf: true,
        guard: '$length($trim(comment)) >= 10',
      },
      {
        key: 'answer-appeal',
        label: label('答复申诉', 'Answer the appeal'),
        from: 'appeal',
        to: 'published',
        actors: { kind: 'committee', userIds: cycle.committee, required: 1 },
      },
    ],
  };
}
