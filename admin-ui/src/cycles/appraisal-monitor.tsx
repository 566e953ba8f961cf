import {
  AppraisalStepTag,
  type AppraisalSummary,
  type CycleView,
  cycleAppraisalsQuery,
  LevelTag,
  LoadError,
  useLanguage,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Table } from 'antd';
import { useState } from 'react';
import { gradeLabel } from '../org/vocabulary-labels';
import { AppraisalDrawer } from './appraisal-drawer';
import { useCycleT } from './cycle-messages';

/** The cycle's appraisals: who, where their workflow stands, total and level once published. */
export function AppraisalMonitor({ institutionId, cycle }: { institutionId: string; cycle: CycleView }) {
  const t = useCycleT();
  const language = useLanguage();
  const appraisals = useQuery(cycleAppraisalsQuery(institutionId, cycle.id));
  const [open, setOpen] = useState<AppraisalSummary>();
  if (appraisals.isError) return <LoadError error={appraisals.error} onRetry={() => appraisals.refetch()} />;
  return (
    <>
      <div data-testid="appraisal-monitor">
        <Table<AppraisalSummary>
          rowKey="id"
          loading={appraisals.isPending}
          dataSource={appraisals.data ?? []}
          locale={{ emptyText: <Empty description={t('monitor.empty')} /> }}
          pagination={{ hideOnSinglePage: true, pageSize: 50, showSizeChanger: false }}
          onRow={(row) => ({ 'data-testid': `appraisal-row-${row.manager.email}` }) as never}
          columns={[
            {
              title: t('term.manager'),
              key: 'manager',
              render: (_, row) => row.manager.name,
              sorter: (a, b) => a.manager.name.localeCompare(b.manager.name, 'zh-CN'),
            },
            {
              title: t('term.grade'),
              key: 'grade',
              render: (_, row) => gradeLabel(row.grade, language),
            },
            { title: t('monitor.set'), dataIndex: 'setCode' },
            {
              title: t('monitor.state'),
              key: 'state',
              render: (_, row) => <AppraisalStepTag state={row.state} testId={`appraisal-state-${row.id}`} />,
            },
            {
              title: t('monitor.total'),
              key: 'total',
              align: 'right',
              render: (_, row) => row.finalTotal ?? '—',
              sorter: (a, b) => (a.finalTotal ?? -1) - (b.finalTotal ?? -1),
            },
            {
              title: t('term.resultLevel'),
              key: 'level',
              render: (_, row) => <LevelTag level={row.level} testId={`appraisal-level-${row.id}`} />,
            },
            {
              title: '',
              key: 'open',
              render: (_, row) => (
                <Button type="link" onClick={() => setOpen(row)} data-testid={`appraisal-open-${row.id}`}>
                  {t('monitor.open')}
                </Button>
              ),
            },
          ]}
        />
      </div>
      <AppraisalDrawer
        institutionId={institutionId}
        cycle={cycle}
        appraisalId={open?.id}
        managerName={open?.manager.name ?? ''}
        onClose={() => setOpen(undefined)}
      />
    </>
  );
}
