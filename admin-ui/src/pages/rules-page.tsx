import { Col, Row, Typography } from 'antd';
import { useParams } from 'react-router';
import { CustomerSettingsCard } from '../rules/customer-settings-card';
import { ResultSettingsCard } from '../rules/result-settings-card';
import { useRulesT } from '../rules/rules-messages';

/** The rules an institution admin sets without code: appraisal results and customers. */
export default function RulesPage() {
  const t = useRulesT();
  const { institutionId = '' } = useParams();
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="page-title">
        {t('rules.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('rules.intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ResultSettingsCard institutionId={institutionId} />
        </Col>
        <Col xs={24} xl={12}>
          <CustomerSettingsCard institutionId={institutionId} />
        </Col>
      </Row>
    </>
  );
}
