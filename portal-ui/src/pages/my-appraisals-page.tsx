import {
  AppraisalStepTag,
  LevelTag,
  LoadError,
  localisedName,
  useCurrentUser,
  useLanguage,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Empty, Table, type TableColumnsType, Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { type AppraisalRow, appraisalsQuery } from '../api/appraisals';
import { useAppraisalT } from '../appraisals/appraisal-messages';
import { gradeName } from '../appraisals/grade-name';
import { RequireInstitution } from '../components/require-institution';

function AppraisalTable({
  rows,
  withManager,
  empty,
  testId,
}: {
  rows: AppraisalRow[];
  withManager: boolean;
  empty: string;
  testId: string;
}) {
  const t = useAppraisalT();
  const language = useLanguage();
  const columns = useMemo<TableColumnsType<AppraisalRow>>(
    () => [
      {
        title: t('appraisals.cycle'),
        key: 'cycle',
        render: (_, row) => localisedName(row.cycle.name, language),
      },
      {
        title: t('appraisals.period'),
        key: 'period',
        render: (_, row) => `${row.cycle.period.from} – ${row.cycle.period.to}`,
      },
      ...(withManager
        ? [
            {
              title: t('term.manager'),
              key: 'manager',
              render: (_: unknown, row: AppraisalRow) => row.manager.name,
            },
            {
              title: t('term.grade'),
              key: 'grade',
              render: (_: unknown, row: AppraisalRow) => gradeName(row.grade, language),
            },
          ]
        : []),
      {
        title: t('appraisals.state'),
        key: 'state',
        render: (_, row) => <AppraisalStepTag state={row.state} testId={`appraisal-state-${row.id}`} />,
      },
      {
        title: t('appraisals.total'),
        key: 'total',
        align: 'right',
        render: (_, row) => row.finalTotal ?? '—',
      },
      {
        title: t('term.resultLevel'),
        key: 'level',
        render: (_, row) => (
          <LevelTag level={row.level} testId={`appraisal-level-${row.id}`} unpublishedTag />
        ),
      },
      {
        title: '',
        key: 'open',
        render: (_, row) => (
          <Link to={`/appraisals/${encodeURIComponent(row.id)}`} data-testid={`appraisal-open-${row.id}`}>
            {t('appraisals.open')}
          </Link>
        ),
      },
    ],
    [t, language, withManager],
  );
  return (
    <div data-testid={testId}>
      <Table<AppraisalRow>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        locale={{ emptyText: <Empty description={empty} /> }}
        pagination={{ hideOnSinglePage: true, pageSize: 20, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
      />
    </div>
  );
}

function Appraisals({ institutionId }: { institutionId: string }) {
  const t = useAppraisalT();
  const user = useCurrentUser();
  const appraisals = useQuery(appraisalsQuery(institutionId));
  if (appraisals.isError) return <LoadError error={appraisals.error} onRetry={() => appraisals.refetch()} />;
  const rows = appraisals.data ?? [];
  const mine = rows.filter((r) => r.manager.id === user.id);
  const team = rows.filter((r) => r.manager.id !== user.id);
  const mineTable = (
    <AppraisalTable rows={mine} withManager={false} empty={t('appraisals.empty')} testId="my-appraisals" />
  );
  if (appraisals.isPending) return <Table loading />;
  if (team.length === 0 && user.role === 'manager') return mineTable;
  return (
    <Tabs
      defaultActiveKey={mine.length > 0 ? 'mine' : 'team'}
      items={[
        { key: 'mine', label: t('appraisals.mine'), children: mineTable },
        {
          key: 'team',
          label: <span data-testid="team-tab">{t('appraisals.team')}</span>,
          children: (
            <AppraisalTable
              rows={team}
              withManager
              empty={t('appraisals.teamEmpty')}
              testId="team-appraisals"
            />
          ),
        },
      ]}
    />
  );
}

export default function MyAppraisalsPage() {
  const t = useAppraisalT();
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="page-title">
        {t('appraisals.title')}
      </Typography.Title>
      <RequireInstitution>
        {(institutionId) => <Appraisals institutionId={institutionId} />}
      </RequireInstitution>
    </>
  );
}
