import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import {
  cyclesQuery,
  LoadError,
  localisedName,
  useApiErrorHandler,
  useCurrentUser,
  useLanguage,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Row, Select, Space, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { dashboardQuery, downloadFile, reportFiles } from '../api/reports';
import { customerMixOption } from '../reports/customer-mix-option';
import { distributionOption } from '../reports/distribution-option';
import { EChart } from '../reports/echart';
import { pyramidOption } from '../reports/pyramid-option';
import { radarOption } from '../reports/radar-option';
import { RankingTable } from '../reports/ranking-table';
import { useReportsT } from '../reports/reports-messages';
import { trendOption } from '../reports/trend-option';

/** The reports dashboard: one cycle's results, the trend across cycles, grades and customer classes. */
export default function ReportsPage() {
  const t = useReportsT();
  const language = useLanguage();
  const user = useCurrentUser();
  const onError = useApiErrorHandler();
  const { institutionId = '' } = useParams();
  const [cycleId, setCycleId] = useState<string | undefined>();
  const [chosen, setChosen] = useState<string | undefined>();
  const cycles = useQuery(cyclesQuery(institutionId));
  const dashboard = useQuery(dashboardQuery(institutionId, cycleId));
  const d = dashboard.data;

  const published = useMemo(
    () =>
      (cycles.data ?? [])
        .filter((c) => c.status === 'published' || c.status === 'closed')
        .sort((a, b) => b.period.from.localeCompare(a.period.from)),
    [cycles.data],
  );
  const shown = d?.cycle?.id;
  const managerId = d?.ranking.some((r) => r.managerId === chosen) ? chosen : d?.ranking[0]?.managerId;
  const appraisalId = d?.ranking.find((r) => r.managerId === managerId)?.appraisalId;
  const options = useMemo(
    () =>
      d && {
        distribution: distributionOption(d, t, language),
        radar: radarOption(d, managerId, t, language),
        trend: trendOption(d, managerId, t, language),
        pyramid: pyramidOption(d, t, language),
        mix: customerMixOption(d, t),
      },
    [d, managerId, t, language],
  );
  const download = (path: string, name: string) => downloadFile(path, name).catch(onError);
  const isAdmin = user.role === 'institution_admin' || user.role === 'platform_admin';

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="page-title">
        {t('reports.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('reports.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>{t('term.cycle')}</span>
        <Select
          style={{ minWidth: 260 }}
          value={cycleId ?? shown}
          placeholder={t('reports.cycle.latest')}
          loading={cycles.isPending}
          onChange={setCycleId}
          options={published.map((c) => ({
            value: c.id,
            label: `${localisedName(c.name, language)}（${c.period.from} – ${c.period.to}）`,
          }))}
          data-testid="reports-cycle"
        />
        {isAdmin && shown ? (
          <>
            <Button
              icon={<FileExcelOutlined />}
              onClick={() => download(reportFiles.results(institutionId, shown), 'results.xlsx')}
              data-testid="reports-download-results"
            >
              {t('reports.download.results')}
            </Button>
            <Button
              icon={<FileExcelOutlined />}
              onClick={() => download(reportFiles.paySheet(institutionId, shown), 'pay-sheet.xlsx')}
              data-testid="reports-download-pay-sheet"
            >
              {t('reports.download.paySheet')}
            </Button>
          </>
        ) : null}
      </Space>
      {dashboard.isError ? (
        <LoadError error={dashboard.error} onRetry={() => dashboard.refetch()} />
      ) : !d || !options ? (
        <Spin />
      ) : (
        <Row gutter={[16, 16]}>
          {d.cycle ? null : (
            <Col span={24}>
              <Alert type="info" showIcon title={t('reports.noResults')} data-testid="reports-no-results" />
            </Col>
          )}
          {d.cycle ? (
            <>
              <Col xs={24} xl={12}>
                <Card title={t('reports.distribution')} size="small">
                  <EChart option={options.distribution} testId="reports-distribution" />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card title={t('reports.trend')} size="small">
                  <EChart option={options.trend} testId="reports-trend" />
                </Card>
              </Col>
              <Col xs={24} xl={14}>
                <Card title={t('reports.ranking')} size="small" style={{ height: '100%' }}>
                  <RankingTable rows={d.ranking} selected={managerId} onSelect={setChosen} />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card
                  title={t('reports.radar')}
                  size="small"
                  style={{ height: '100%' }}
                  extra={
                    appraisalId ? (
                      <Space size={4}>
                        {(['zh', 'en'] as const).map((lang) => (
                          <Button
                            key={lang}
                            size="small"
                            type="link"
                            icon={<FilePdfOutlined />}
                            onClick={() =>
                              download(
                                reportFiles.letter(institutionId, appraisalId, lang),
                                `letter-${lang}.pdf`,
                              )
                            }
                            data-testid={`reports-letter-${lang}`}
                          >
                            {t(lang === 'zh' ? 'reports.download.letterZh' : 'reports.download.letterEn')}
                          </Button>
                        ))}
                      </Space>
                    ) : null
                  }
                >
                  <EChart option={options.radar} testId="reports-radar" />
                </Card>
              </Col>
            </>
          ) : null}
          <Col xs={24} xl={12}>
            <Card title={t('reports.pyramid')} size="small">
              {d.gradePyramid.some((g) => g.count > 0) ? (
                <EChart option={options.pyramid} height={260} testId="reports-pyramid" />
              ) : (
                <Empty description={t('reports.empty')} />
              )}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={t('reports.mix')} size="small">
              {d.customerMix.some((c) => c.count > 0) ? (
                <EChart option={options.mix} height={260} testId="reports-mix" />
              ) : (
                <Empty description={t('reports.empty')} />
              )}
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}
