import { useQuery } from '@tanstack/react-query';
import { Col, Form, type FormInstance, InputNumber, Radio, Row, Select } from 'antd';
import { usersQuery } from '../api/users';
import { PlanItem, PlanSection } from '../plan-editor/plan-form';
import { useCycleT } from './cycle-messages';
import type { PlanValues } from './plan-values';

/** Who calibrates and answers appeals, and how totals become result levels (score bands or a forced distribution). */
export function CommitteeFields({
  institutionId,
  form,
  initialValues,
}: {
  institutionId: string;
  form: FormInstance<PlanValues>;
  initialValues: PlanValues;
}) {
  const t = useCycleT();
  const users = useQuery(usersQuery(institutionId));
  const ruleKind = Form.useWatch(['levelRule', 'kind'], form) ?? initialValues.levelRule.kind;

  return (
    <PlanSection title={t('plan.section.committee')}>
      <PlanItem
        name="committee"
        label={t('plan.committee')}
        extra={t('plan.committeeHelp')}
        required
        path="/committee"
      >
        <Select
          mode="multiple"
          loading={users.isPending}
          optionFilterProp="label"
          options={(users.data ?? [])
            .filter((u) => !u.disabled)
            .map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
          data-testid="plan-committee"
        />
      </PlanItem>
      <PlanItem name={['levelRule', 'kind']} label={t('plan.levelRule')} path="/levelRule">
        <Radio.Group
          options={(['bands', 'distribution'] as const).map((k) => ({
            value: k,
            label: t(`plan.levelRule.${k}`),
          }))}
        />
      </PlanItem>
      <Row gutter={12}>
        {(ruleKind === 'bands'
          ? (['excellent', 'good', 'qualified'] as const)
          : (['excellent', 'good', 'unqualified'] as const)
        ).map((level) => (
          <Col xs={8} key={`${ruleKind}-${level}`}>
            <PlanItem
              name={['levelRule', level]}
              label={
                ruleKind === 'bands'
                  ? t(`plan.bands.${level as 'excellent' | 'good' | 'qualified'}`)
                  : t(`plan.distribution.${level as 'excellent' | 'good' | 'unqualified'}`)
              }
              required
              path={`/levelRule/${level}`}
            >
              <InputNumber min={0} max={100} style={{ width: '100%' }} />
            </PlanItem>
          </Col>
        ))}
      </Row>
    </PlanSection>
  );
}
