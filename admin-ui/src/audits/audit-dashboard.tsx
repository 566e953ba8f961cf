import { FINDING_SEVERITIES } from '@rapport/schemas';
import {
  AuditStatusTag,
  DueDate,
  LoadError,
  localisedName,
  methodLabel,
  SEVERITY_COLOURS,
  severityLabel,
  useLanguage,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Progress, Row, Space, Spin, Statistic, Table, Tag } from 'antd';
import { auditDashboardQuery, type AuditDashboard as Dashboard } from '../api/audits';
import { useAuditT } from './audit-messages';
import { useUserNames } from './use-user-names';

type CoverageRow = Dashboard['coverage'][number];

/** Coverage per org unit, findings by severity and by method, and the overdue audits. */
export function AuditDashboard({ institutionId }: { institutionId: string }) {
  const t = useAuditT();
  const language = useLanguage();
  const nameOf = useUserNames(institutionId);
  const dashboard = useQuery(auditDashboardQuery(institutionId));
  if (dashboard.isError) return <LoadError error={dashboard.error} onRetry={() => dashboard.refetch()} />;
  if (dashboard.isPending) return <Spin />;
  const { coverage, findings, overdue } = dashboard.data;
  const byMethod = Object.entries(findings.byMethod).sort((a, b) => b[1] - a[1]);
  const total = Object.values(findings.bySeverity).reduce((sum, n) => sum + n, 0);
  return (
    <Row gutter={[16, 16]} data-testid="audit-dashboard">
      <Col xs={24} lg={14}>
        <Card size="small" title={t('dashboard.coverage')}>
          <Table<CoverageRow>
            rowKey={(row) => row.orgUnitId ?? 'none'}
            size="small"
            pagination={false}
            dataSource={coverage}
            data-testid="dashboard-coverage"
            columns={[
              {
                title: t('term.orgUnit'),
                key: 'unit',
                render: (_, row) => localisedName(row.name, language),
              },
              { title: t('term.managers'), dataIndex: 'managers' },
              { title: t('dashboard.inspected'), dataIndex: 'inspected' },
              {
                title: t('dashboard.rate'),
                key: 'rate',
                width: 220,
                render: (_, row) => (
                  <Progress
                    size="small"
                    percent={row.managers > 0 ? Math.round((row.inspected / row.managers) * 100) : 0}
                    data-testid={`coverage-${row.orgUnitId ?? 'none'}`}
                  />
                ),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('dashboard.bySeverity')} style={{ marginBottom: 16 }}>
          <Row gutter={8} data-testid="dashboard-severity">
            {FINDING_SEVERITIES.map((s) => (
              <Col span={8} key={s}>
                <Statistic
                  title={<Tag color={SEVERITY_COLOURS[s]}>{severityLabel(s, language)}</Tag>}
                  value={findings.bySeverity[s] ?? 0}
                />
              </Col>
            ))}
          </Row>
        </Card>
        <Card size="small" title={t('dashboard.byMethod')}>
          {byMethod.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noFindings')} />
          ) : (
            <Space orientation="vertical" style={{ width: '100%' }} data-testid="dashboard-method">
              {byMethod.map(([method, n]) => (
                <div key={method}>
                  {methodLabel(method, language)}
                  <Progress
                    percent={total > 0 ? Math.round((n / total) * 100) : 0}
                    format={() => n}
                    size="small"
                  />
                </div>
              ))}
            </Space>
          )}
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={t('dashboard.overdue')}>
          {overdue.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noOverdue')} />
          ) : (
            <Table
              rowKey="id"
              size="small"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={overdue}
              data-testid="dashboard-overdue"
              columns={[
                { title: t('term.manager'), key: 'manager', render: (_, a) => nameOf(a.managerId) },
                {
                  title: t('list.status'),
                  key: 'status',
                  render: (_, a) => <AuditStatusTag status={a.status as never} />,
                },
                {
                  title: t('list.dueAt'),
                  key: 'dueAt',
                  render: (_, a) => <DueDate audit={{ dueAt: a.dueAt, closedAt: null }} />,
                },
              ]}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
