import { Col, Form, type FormInstance, InputNumber, Radio, Row, Select } from 'antd';
import { PlanItem, PlanSection } from '../plan-editor/plan-form';
import { useAuditT } from './audit-messages';
import type { PlanValues } from './plan-values';

/** How the managers audited are drawn: the design (and its strata) and the sample size, fixed, a rate or by confidence. */
export function SamplingFields({
  form,
  initialValues,
}: {
  form: FormInstance<PlanValues>;
  initialValues: PlanValues;
}) {
  const t = useAuditT();
  const design = Form.useWatch(['sampling', 'design'], form) ?? initialValues.sampling.design;
  const sizeKind = Form.useWatch(['sampling', 'sizeKind'], form) ?? initialValues.sampling.sizeKind;

  return (
    <PlanSection title={t('plan.section.sampling')}>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <PlanItem name={['sampling', 'design']} label={t('plan.design')} path="/sampling/design">
            <Select
              data-testid="plan-design"
              options={(['simple', 'stratified', 'pps'] as const).map((d) => ({
                value: d,
                label: t(`plan.design.${d}`),
              }))}
            />
          </PlanItem>
        </Col>
        {design === 'stratified' ? (
          <>
            <Col xs={12} md={8}>
              <PlanItem name={['sampling', 'by']} label={t('plan.by')} path="/sampling/by">
                <Select
                  options={(['orgUnit', 'grade'] as const).map((b) => ({
                    value: b,
                    label: t(b === 'orgUnit' ? 'term.orgUnit' : 'term.grade'),
                  }))}
                />
              </PlanItem>
            </Col>
            <Col xs={12} md={8}>
              <PlanItem
                name={['sampling', 'allocation']}
                label={t('plan.allocation')}
                path="/sampling/allocation"
              >
                <Select
                  options={(['proportional', 'neyman'] as const).map((a) => ({
                    value: a,
                    label: t(`plan.allocation.${a}`),
                  }))}
                />
              </PlanItem>
            </Col>
          </>
        ) : null}
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <PlanItem name={['sampling', 'sizeKind']} label={t('plan.size')} path="/sampling/size">
            <Radio.Group
              optionType="button"
              data-testid="plan-size-kind"
              options={(['fixed', 'rate', 'confidence'] as const).map((k) => ({
                value: k,
                label: t(`plan.size.${k}`),
              }))}
            />
          </PlanItem>
        </Col>
        {sizeKind === 'fixed' ? (
          <Col xs={12} md={5}>
            <PlanItem name={['sampling', 'n']} label={t('plan.n')} required path="/sampling/size/n">
              <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} data-testid="plan-n" />
            </PlanItem>
          </Col>
        ) : null}
        {sizeKind === 'rate' ? (
          <Col xs={12} md={5}>
            <PlanItem
              name={['sampling', 'ratePct']}
              label={t('plan.rate')}
              required
              path="/sampling/size/rate"
            >
              <InputNumber min={0.1} max={100} style={{ width: '100%' }} data-testid="plan-rate" />
            </PlanItem>
          </Col>
        ) : null}
        {sizeKind === 'confidence' ? (
          <>
            <Col xs={12} md={5}>
              <PlanItem
                name={['sampling', 'confidencePct']}
                label={t('plan.confidence')}
                required
                path="/sampling/size/confidence"
              >
                <InputNumber min={1} max={99.9} style={{ width: '100%' }} data-testid="plan-confidence" />
              </PlanItem>
            </Col>
            <Col xs={12} md={5}>
              <PlanItem
                name={['sampling', 'tolerablePct']}
                label={t('plan.tolerableRate')}
                required
                path="/sampling/size/tolerableRate"
              >
                <InputNumber min={0.1} max={99.9} style={{ width: '100%' }} data-testid="plan-tolerable" />
              </PlanItem>
            </Col>
          </>
        ) : null}
      </Row>
    </PlanSection>
  );
}
