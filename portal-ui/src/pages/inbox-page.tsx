import {
  formatDateTime,
  type Instance,
  LoadError,
  localisedName,
  useInbox,
  useLanguage,
  useT,
} from '@rapport/ui-shared';
import { Alert, Empty, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useLocation } from 'react-router';
import { RequireInstitution } from '../components/require-institution';
import { WorkflowStateLabel } from '../components/workflow-state-label';
import { usePortalT } from '../portal-messages';

/** What the instance page hands back after acting. */
export interface ActedState {
  acted?: { workflow: string; action: string };
}

function InboxTable({ institutionId }: { institutionId: string }) {
  const t = usePortalT();
  const tShared = useT();
  const language = useLanguage();
  const inbox = useInbox(institutionId);

  const columns = useMemo<TableColumnsType<Instance>>(() => {
    const now = Date.now();
    return [
      {
        title: t('inbox.workflow'),
        key: 'workflow',
        render: (_, row) => localisedName(row.workflowTitle, language),
      },
      {
        title: t('inbox.subject'),
        key: 'subject',
        render: (_, row) => `${row.subject.kind} · ${row.subject.id}`,
      },
      {
        title: t('inbox.state'),
        key: 'state',
        render: (_, row) => (
          <WorkflowStateLabel
            institutionId={institutionId}
            workflowId={row.workflowId}
            version={row.version}
            state={row.state}
          />
        ),
      },
      {
        title: t('inbox.dueAt'),
        key: 'dueAt',
        render: (_, row) =>
          row.dueAt ? (
            <Flex gap={8} align="center">
              {formatDateTime(row.dueAt)}
              {Date.parse(row.dueAt) < now ? (
                <Tag color="error" data-testid={`overdue-${row.id}`}>
                  {t('inbox.overdue')}
                </Tag>
              ) : null}
            </Flex>
          ) : (
            '—'
          ),
      },
      {
        title: t('inbox.startedAt'),
        key: 'createdAt',
        render: (_, row) => formatDateTime(row.createdAt),
      },
      {
        title: tShared('common.actions'),
        key: 'open',
        render: (_, row) => (
          <Link to={`/inbox/${encodeURIComponent(row.id)}`} data-testid={`open-instance-${row.id}`}>
            {t('inbox.open')}
          </Link>
        ),
      },
    ];
  }, [t, tShared, language, institutionId]);

  if (inbox.isError) return <LoadError error={inbox.error} onRetry={() => inbox.refetch()} />;
  return (
    <div data-testid="inbox-table">
      <Table<Instance>
        rowKey="id"
        columns={columns}
        dataSource={inbox.data ?? []}
        loading={inbox.isFetching}
        locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
        pagination={{ hideOnSinglePage: true, showSizeChanger: false, pageSize: 20 }}
        scroll={{ x: 'max-content' }}
      />
    </div>
  );
}

export default function InboxPage() {
  const t = usePortalT();
  const location = useLocation();
  const acted = (location.state as ActedState | null)?.acted;
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="page-title">
        {t('inbox.title')}
      </Typography.Title>
      {acted ? (
        <Alert
          type="success"
          showIcon
          closable
          style={{ marginBottom: 16 }}
          title={t('inbox.acted')}
          description={t('inbox.actedDetail', acted)}
          data-testid="act-success"
        />
      ) : null}
      <RequireInstitution>
        {(institutionId) => <InboxTable institutionId={institutionId} />}
      </RequireInstitution>
    </>
  );
}
