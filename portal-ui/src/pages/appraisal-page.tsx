import {
  type AppraisalDetail,
  AppraisalStepTag,
  appraisalQuery,
  CalibrationTimeline,
  cycleQuery,
  FullPageSpinner,
  isApiError,
  LevelTag,
  LoadError,
  localisedName,
  ScoreComputation,
  useLanguage,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Result, Row, Statistic, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useAppraisalT } from '../appraisals/appraisal-messages';
import { gradeName } from '../appraisals/grade-name';
import { RequireInstitution } from '../components/require-institution';

function AppraisalView({ institutionId, appraisal }: { institutionId: string; appraisal: AppraisalDetail }) {
  const t = useAppraisalT();
  const language = useLanguage();
  const cycle = useQuery(cycleQuery(institutionId, appraisal.cycleId));
  const published = appraisal.publishedAt !== null;
  const last = appraisal.calibrations.at(-1);
  return (
    <>
      <Link to="/appraisals" data-testid="appraisal-back">
        {t('appraisal.back')}
      </Link>
      <Flex align="center" gap={12} wrap style={{ margin: '8px 0 16px' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="appraisal-title">
          {t('appraisal.title', {
            cycle: cycle.data ? localisedName(cycle.data.name, language) : '…',
            name: appraisal.manager.name,
          })}
        </Typography.Title>
        <AppraisalStepTag state={appraisal.state} testId="appraisal-state" />
        <Typography.Text type="secondary">{gradeName(appraisal.grade, language)}</Typography.Text>
        {appraisal.instanceId ? (
          <Link
            to={`/inbox/${encodeURIComponent(appraisal.instanceId)}`}
            style={{ marginInlineStart: 'auto' }}
          >
            <Button type="primary" data-testid="appraisal-workflow">
              {t('appraisal.workflow')}
            </Button>
          </Link>
        ) : null}
      </Flex>
      <Typography.Paragraph type="secondary">{t('appraisal.workflowHelp')}</Typography.Paragraph>
      {published ? (
        <Card style={{ marginBottom: 16 }} data-testid="appraisal-result">
          <Row gutter={24}>
            <Col xs={12} md={6}>
              <Statistic title={t('appraisal.total')} value={appraisal.finalTotal ?? '—'} />
            </Col>
            <Col xs={12} md={6}>
              <Typography.Text type="secondary">{t('term.resultLevel')}</Typography.Text>
              <div style={{ fontSize: 20, marginTop: 4 }}>
                <LevelTag level={appraisal.level} testId="appraisal-level" unpublishedTag />
              </div>
            </Col>
            <Col xs={24} md={12}>
              <Typography.Text type="secondary">{t('appraisal.feedback')}</Typography.Text>
              <Typography.Paragraph
                style={{ marginTop: 4, marginBottom: 0 }}
                data-testid="appraisal-feedback"
              >
                {appraisal.feedback || t('appraisal.noFeedback')}
              </Typography.Paragraph>
            </Col>
          </Row>
          {last ? (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 16 }}
              title={t('appraisal.calibrated', {
                to: appraisal.finalTotal ?? last.to,
                from: appraisal.score?.total ?? '—',
              })}
            />
          ) : null}
        </Card>
      ) : (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('appraisal.pending')}
          data-testid="appraisal-pending"
        />
      )}
      {appraisal.score ? (
        <Card title={t('appraisal.how')} style={{ marginBottom: 16 }}>
          <ScoreComputation score={appraisal.score} />
          {appraisal.customerAnswers.asked > 0 ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('appraisal.customers', appraisal.customerAnswers)}
            </Typography.Paragraph>
          ) : null}
        </Card>
      ) : null}
      {appraisal.calibrations.length > 0 ? (
        <Card title={t('appraisal.calibrations')}>
          <CalibrationTimeline calibrations={appraisal.calibrations} testId="appraisal-calibrations" />
        </Card>
      ) : null}
    </>
  );
}

function AppraisalLoader({ institutionId, appraisalId }: { institutionId: string; appraisalId: string }) {
  const t = useAppraisalT();
  const appraisal = useQuery(appraisalQuery(institutionId, appraisalId));
  if (appraisal.isError) {
    if (isApiError(appraisal.error, 'ERR_NOT_FOUND'))
      return <Result status="404" title={t('appraisal.notFound')} data-testid="appraisal-not-found" />;
    return <LoadError error={appraisal.error} onRetry={() => appraisal.refetch()} />;
  }
  if (!appraisal.data) return <FullPageSpinner />;
  return <AppraisalView institutionId={institutionId} appraisal={appraisal.data} />;
}

export default function AppraisalPage() {
  const { appraisalId = '' } = useParams();
  return (
    <RequireInstitution>
      {(institutionId) => <AppraisalLoader institutionId={institutionId} appraisalId={appraisalId} />}
    </RequireInstitution>
  );
}
