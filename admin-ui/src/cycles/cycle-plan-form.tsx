import {
  CYCLE_REGULARITIES,
  CYCLE_SCOPES,
  EVALUATION_SOURCE_LABELS,
  EVALUATION_SOURCES,
  GRADES,
  type Grade,
} from '@rapport/schemas';
import { localisedName, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Col, DatePicker, Flex, Form, Input, InputNumber, Row, Select, Tag } from 'antd';
import { setsQuery } from '../indicators/indicators-api';
import { gradeLabel } from '../org/vocabulary-labels';
import { PlanBasics } from '../plan-editor/plan-basics';
import { usePlanEditorT } from '../plan-editor/plan-editor-messages';
import { PlanForm, PlanItem, PlanSection } from '../plan-editor/plan-form';
import { GradesSelect, OrgUnitsSelect } from '../plan-editor/population-selects';
import type { ServerProblem } from '../plan-editor/server-problems';
import { CommitteeFields } from './committee-fields';
import { useCycleT } from './cycle-messages';
import { PhasesEditor } from './phases-editor';
import { type PlanValues, sourceTotal } from './plan-values';

export interface CyclePlanFormProps {
  institutionId: string;
  initialValues: PlanValues;
  /** Creating: the code can be typed; editing: it is fixed. */
  isNew: boolean;
  readOnly: boolean;
  problems: readonly ServerProblem[];
  saving: boolean;
  onSubmit: (values: PlanValues) => void;
  /** Called on any edit, to clear the server's problems that may no longer hold. */
  onEdit: () => void;
}

/** The four texts of the yearly plan (purpose, principles, content, timing), each in both languages. */
function PlanTexts() {
  const t = useCycleT();
  return (['purpose', 'principles', 'content', 'timing'] as const).map((key) => (
    <div key={key}>
      <strong>{t(`plan.${key}`)}</strong>
      <Row gutter={12}>
        {(['zh', 'en'] as const).map((lang) => (
          <Col span={12} key={lang}>
            <PlanItem name={['plan', key, lang]} label={t(`plan.${lang}`)} path={`/plan/${key}/${lang}`}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
            </PlanItem>
          </Col>
        ))}
      </Row>
    </div>
  ));
}

/** The plan of a cycle: every field of the content, each server problem shown on its field. */
export function CyclePlanForm({
  institutionId,
  initialValues,
  isNew,
  readOnly,
  ...formProps
}: CyclePlanFormProps) {
  const t = useCycleT();
  const tPlan = usePlanEditorT();
  const language = useLanguage();
  const [form] = Form.useForm<PlanValues>();
  const sets = useQuery(setsQuery(institutionId));
  const weights = Form.useWatch('sourceWeights', form);
  const total = sourceTotal(weights ?? initialValues.sourceWeights);

  return (
    <PlanForm<PlanValues>
      form={form}
      initialValues={initialValues}
      readOnly={readOnly}
      testId="cycle-plan-form"
      {...formProps}
    >
      <PlanBasics isNew={isNew} readOnly={readOnly}>
        <Col xs={24} md={10}>
          <PlanItem name="period" label={t('cycles.period')} required path="/period">
            <DatePicker.RangePicker style={{ width: '100%' }} data-testid="plan-period" />
          </PlanItem>
        </Col>
        <Col xs={12} md={7}>
          <PlanItem name="regularity" label={t('plan.regularity')} path="/regularity">
            <Select
              options={CYCLE_REGULARITIES.map((r) => ({ value: r, label: t(`plan.regularity.${r}`) }))}
            />
          </PlanItem>
        </Col>
        <Col xs={12} md={7}>
          <PlanItem name="scope" label={t('plan.scope')} path="/scope">
            <Select options={CYCLE_SCOPES.map((s) => ({ value: s, label: t(`plan.scope.${s}`) }))} />
          </PlanItem>
        </Col>
      </PlanBasics>

      <PlanSection title={t('plan.section.plan')}>
        <PlanTexts />
      </PlanSection>

      <PlanSection title={t('plan.section.population')}>
        <Row gutter={12}>
          <Col xs={24} md={14}>
            <PlanItem
              name={['population', 'orgUnitIds']}
              label={t('plan.orgUnits')}
              extra={t('plan.orgUnitsHelp')}
              path="/population/orgUnitIds"
            >
              <OrgUnitsSelect institutionId={institutionId} treeLine />
            </PlanItem>
          </Col>
          <Col xs={24} md={10}>
            <PlanItem
              name={['population', 'grades']}
              label={tPlan('term.grades')}
              extra={t('plan.gradesHelp')}
              path="/population/grades"
            >
              <GradesSelect />
            </PlanItem>
          </Col>
        </Row>
        <PlanItem label={t('plan.indicatorSets')} path="/indicatorSets" style={{ marginBottom: 0 }}>
          <Row gutter={12}>
            {GRADES.map((grade: Grade) => (
              <Col xs={24} md={12} key={grade}>
                <PlanItem
                  name={['indicatorSets', grade]}
                  label={gradeLabel(grade, language)}
                  path={`/indicatorSets/${grade}`}
                >
                  <Select
                    allowClear
                    placeholder={t('plan.noSet')}
                    loading={sets.isPending}
                    options={(sets.data ?? [])
                      .filter((s) => s.grade === grade)
                      .map((s) => ({
                        value: s.code,
                        label: `${localisedName(s.name, language)} (${s.code})`,
                      }))}
                    data-testid={`plan-set-${grade}`}
                  />
                </PlanItem>
              </Col>
            ))}
          </Row>
        </PlanItem>
      </PlanSection>

      <PlanSection title={t('plan.section.sources')}>
        <PlanItem
          label={
            <Flex gap={8} align="center">
              {t('plan.sourceWeights')}
              <Tag color={total === 100 ? 'success' : 'error'} data-testid="plan-source-total">
                {total === 100 ? t('plan.sourceTotal', { total }) : t('plan.sourceTotalWrong', { total })}
              </Tag>
            </Flex>
          }
          path="/sourceWeights"
        >
          <Row gutter={12}>
            {EVALUATION_SOURCES.map((source) => (
              <Col xs={12} md={6} key={source}>
                <PlanItem
                  name={['sourceWeights', source]}
                  label={localisedName(EVALUATION_SOURCE_LABELS[source], language)}
                  required
                  style={{ marginBottom: 0 }}
                >
                  <InputNumber
                    min={0}
                    max={100}
                    style={{ width: '100%' }}
                    data-testid={`plan-weight-${source}`}
                  />
                </PlanItem>
              </Col>
            ))}
          </Row>
        </PlanItem>
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <PlanItem
              name={['customerSample', 'size']}
              label={t('plan.sampleSize')}
              required
              path="/customerSample/size"
            >
              <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
            </PlanItem>
          </Col>
          <Col xs={12} md={6}>
            <PlanItem
              name={['customerSample', 'linkDays']}
              label={t('plan.linkDays')}
              required
              path="/customerSample/linkDays"
            >
              <InputNumber min={1} max={90} precision={0} style={{ width: '100%' }} />
            </PlanItem>
          </Col>
        </Row>
      </PlanSection>

      <CommitteeFields institutionId={institutionId} form={form} initialValues={initialValues} />

      <PlanSection title={t('plan.section.phases')}>
        <PhasesEditor />
      </PlanSection>
    </PlanForm>
  );
}
