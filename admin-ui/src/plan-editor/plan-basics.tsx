import { Col, Input, Row } from 'antd';
import type { ReactNode } from 'react';
import { usePlanEditorT } from './plan-editor-messages';
import { PlanItem, PlanSection } from './plan-form';

/** A plan's code (typed when creating, fixed after) and names, then the fields `children` adds to the same row. */
export function PlanBasics({
  isNew,
  readOnly = false,
  children,
}: {
  isNew: boolean;
  readOnly?: boolean;
  children: ReactNode;
}) {
  const t = usePlanEditorT();
  return (
    <PlanSection title={t('plan.section.basics')}>
      <Row gutter={12}>
        <Col xs={24} md={6}>
          <PlanItem name="code" label={t('plan.code')} required path="/code">
            <Input disabled={!isNew || readOnly} maxLength={40} data-testid="plan-code" />
          </PlanItem>
        </Col>
        {(['zh', 'en'] as const).map((lang) => (
          <Col xs={24} md={9} key={lang}>
            <PlanItem
              name={['name', lang]}
              label={t(lang === 'zh' ? 'plan.nameZh' : 'plan.nameEn')}
              required
              path={`/name/${lang}`}
            >
              <Input maxLength={200} data-testid={`plan-name-${lang}`} />
            </PlanItem>
          </Col>
        ))}
        {children}
      </Row>
    </PlanSection>
  );
}
