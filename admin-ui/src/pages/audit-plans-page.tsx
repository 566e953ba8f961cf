import { formatDateTime, localisedName, useLanguage } from '@rapport/ui-shared';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Divider, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { type AuditPlanView, auditPlansQuery, auditPreviewQuery } from '../api/audits';
import { AuditDashboard } from '../audits/audit-dashboard';
import { useAuditT } from '../audits/audit-messages';
import { ListPage } from '../components/list-page';

export default function AuditPlansPage() {
  const t = useAuditT();
  const language = useLanguage();
  const navigate = useNavigate();
  const { institutionId = '' } = useParams();
  const plans = useQuery(auditPlansQuery(institutionId));
  const base = `/institutions/${institutionId}/audits`;
  // The next trigger of each active plan, as the preview computes it from the plan's schedule.
  const previews = useQueries({
    queries: (plans.data ?? []).map((plan) => {
      const { id: _id, status, rev: _rev, createdAt: _c, updatedAt: _u, ...content } = plan;
      return auditPreviewQuery(institutionId, status === 'active' ? content : null);
    }),
  });
  const nextTrigger = useMemo(() => {
    const byPlan = new Map<string, string>();
    (plans.data ?? []).forEach((plan, i) => {
      const next = previews[i]?.data?.nextTriggers[0];
      if (next) byPlan.set(plan.id, next);
    });
    return byPlan;
  }, [plans.data, previews]);

  const columns = useMemo<TableColumnsType<AuditPlanView>>(
    () => [
      {
        title: t('audits.name'),
        key: 'name',
        render: (_, p) => (
          <Link to={`${base}/${p.id}`} data-testid={`audit-plan-open-${p.code}`}>
            {localisedName(p.name, language)}
          </Link>
        ),
      },
      { title: t('audits.code'), dataIndex: 'code' },
      { title: t('audits.kind'), key: 'kind', render: (_, p) => t(`audits.kind.${p.kind}`) },
      { title: t('audits.mode'), key: 'mode', render: (_, p) => t(`auditMode.${p.mode}`) },
      {
        title: t('term.announced'),
        key: 'announced',
        render: (_, p) =>
          p.announced ? <Tag>{t('term.announced')}</Tag> : <Tag color="purple">{t('term.unannounced')}</Tag>,
      },
      {
        title: t('audits.status'),
        key: 'status',
        render: (_, p) => (
          <Tag
            color={p.status === 'active' ? 'success' : 'default'}
            data-testid={`audit-plan-status-${p.code}`}
          >
            {t(`audits.status.${p.status}`)}
          </Tag>
        ),
      },
      {
        title: t('audits.nextTrigger'),
        key: 'next',
        render: (_, p) => {
          const next = nextTrigger.get(p.id);
          return next ? formatDateTime(next) : '—';
        },
      },
    ],
    [t, language, base, nextTrigger],
  );
  return (
    <ListPage<AuditPlanView>
      title={t('term.inspectionPlans')}
      titleLevel={4}
      createLabel={t('audits.create')}
      createTestId="audit-plan-create"
      onCreate={() => navigate(`${base}/new`)}
      query={plans}
      columns={columns}
      tableTestId="audit-plans-table"
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('audits.intro')}
      </Typography.Paragraph>
      <Divider titlePlacement="start">{t('dashboard.title')}</Divider>
      <AuditDashboard institutionId={institutionId} />
    </ListPage>
  );
}
