import {
  AuditStatusTag,
  type AuditView,
  auditsQuery,
  DueDate,
  LoadError,
  localisedName,
  useCurrentUser,
  useLanguage,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Segmented, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useAuditT } from '../audits/audit-messages';
import { ManagerName } from '../audits/manager-name';
import { RequireInstitution } from '../components/require-institution';

type Filter = 'active' | 'closed' | 'all';

/** The audits the server lets me see: an auditor's own, a manager's opened or announced ones, a supervisor's team's. */
function Audits({ institutionId }: { institutionId: string }) {
  const t = useAuditT();
  const language = useLanguage();
  const user = useCurrentUser();
  const audits = useQuery({ ...auditsQuery(institutionId), refetchInterval: 30_000 });
  const [filter, setFilter] = useState<Filter>('active');
  const who = user.role === 'auditor' ? 'auditor' : user.role === 'manager' ? 'manager' : 'team';
  const rows = (audits.data ?? []).filter((a) =>
    filter === 'all' ? true : filter === 'closed' ? a.status === 'closed' : a.status !== 'closed',
  );
  const columns = useMemo<TableColumnsType<AuditView>>(
    () => [
      {
        title: t('audits.plan'),
        key: 'plan',
        render: (_, a) => (
          <Link to={`/audits/${a.id}`} data-testid={`audit-open-${a.id}`}>
            {localisedName(a.plan.name, language)}
          </Link>
        ),
      },
      ...(who === 'manager'
        ? []
        : [
            {
              title: t('term.manager'),
              key: 'manager',
              render: (_: unknown, a: AuditView) => (
                <ManagerName institutionId={institutionId} managerId={a.managerId} />
              ),
            },
          ]),
      {
        title: t('audits.mode'),
        key: 'mode',
        render: (_, a) => (
          <>
            {t(`auditMode.${a.plan.mode}`)}
            {a.plan.announced ? null : (
              <Tag color="purple" style={{ marginInlineStart: 6 }}>
                {t('term.unannounced')}
              </Tag>
            )}
          </>
        ),
      },
      {
        title: t('audits.status'),
        key: 'status',
        render: (_, a) => <AuditStatusTag status={a.status} testId={`audit-status-${a.id}`} />,
      },
      { title: t('audits.dueAt'), key: 'due', render: (_, a) => <DueDate audit={a} /> },
      { title: t('audits.findings'), key: 'findings', render: (_, a) => a.findings.length },
    ],
    [t, language, who, institutionId],
  );
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="page-title">
        {t(`audits.title.${who}`)}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t(`audits.intro.${who}`)}</Typography.Paragraph>
      <Segmented<Filter>
        value={filter}
        onChange={setFilter}
        style={{ marginBottom: 16 }}
        data-testid="audits-filter"
        options={(['active', 'closed', 'all'] as const).map((f) => ({
          value: f,
          label: t(`audits.filter.${f}`),
        }))}
      />
      {audits.isError ? (
        <LoadError error={audits.error} onRetry={() => audits.refetch()} />
      ) : (
        <div data-testid="audits-table">
          <Table<AuditView>
            rowKey="id"
            columns={columns}
            dataSource={rows}
            loading={audits.isPending}
            locale={{ emptyText: t('audits.empty') }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
          />
        </div>
      )}
    </>
  );
}

export default function AuditsPage() {
  return (
    <RequireInstitution>{(institutionId) => <Audits institutionId={institutionId} />}</RequireInstitution>
  );
}
