import {
  AuditStatusTag,
  type AuditView,
  auditsQuery,
  DueDate,
  formatDateTime,
  LoadError,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Table, type TableColumnsType, Typography } from 'antd';
import { useMemo } from 'react';
import { useAuditT } from './audit-messages';
import { useUserNames } from './use-user-names';

/** A plan's audits: who is inspected, by whom, where each stands and when it is due. */
export function PlanAudits({ institutionId, planId }: { institutionId: string; planId: string }) {
  const t = useAuditT();
  const nameOf = useUserNames(institutionId);
  const audits = useQuery({ ...auditsQuery(institutionId, planId), refetchInterval: 5000 });
  const columns = useMemo<TableColumnsType<AuditView>>(
    () => [
      {
        title: t('term.manager'),
        key: 'manager',
        render: (_, a) => <span data-testid={`audit-manager-${a.id}`}>{nameOf(a.managerId)}</span>,
      },
      {
        title: t('role.auditor'),
        key: 'auditor',
        render: (_, a) =>
          a.auditorId ? (
            nameOf(a.auditorId)
          ) : (
            <Typography.Text type="danger">{t('list.unassigned')}</Typography.Text>
          ),
      },
      {
        title: t('list.status'),
        key: 'status',
        render: (_, a) => <AuditStatusTag status={a.status} testId={`audit-status-${a.id}`} />,
      },
      { title: t('list.dueAt'), key: 'dueAt', render: (_, a) => <DueDate audit={a} /> },
      { title: t('list.findings'), key: 'findings', render: (_, a) => a.findings.length },
      {
        title: t('list.openedAt'),
        key: 'openedAt',
        render: (_, a) => (a.openedAt ? formatDateTime(a.openedAt) : '—'),
      },
      {
        title: t('list.closedAt'),
        key: 'closedAt',
        render: (_, a) => (a.closedAt ? formatDateTime(a.closedAt) : '—'),
      },
    ],
    [t, nameOf],
  );
  if (audits.isError) return <LoadError error={audits.error} onRetry={() => audits.refetch()} />;
  return (
    <div data-testid="plan-audits">
      <Table<AuditView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={audits.data ?? []}
        loading={audits.isPending}
        locale={{ emptyText: t('list.empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
      />
    </div>
  );
}
