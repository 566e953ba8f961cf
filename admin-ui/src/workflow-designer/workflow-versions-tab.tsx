import { formatDateTime, LoadError } from '@rapport/ui-shared';
import { Alert, Card, Empty, Flex, Select, Spin, Table } from 'antd';
import { useMemo, useState } from 'react';
import { useWorkflowVersions, type WorkflowVersionView } from '../api/workflows';
import { useDesignerT } from './designer-messages';
import { diffWorkflows } from './diff-workflows';
import { WorkflowDiffView } from './workflow-diff-view';
import type { WorkflowDraft } from './workflow-draft';

type Side = number | 'draft';

/** The published versions, and what changed between any two of them or a version and the draft being edited. */
export function WorkflowVersionsTab({
  institutionId,
  workflowId,
  draft,
  dirty,
}: {
  institutionId: string;
  workflowId: string | undefined;
  draft: WorkflowDraft;
  dirty: boolean;
}) {
  const t = useDesignerT();
  const versions = useWorkflowVersions(institutionId, workflowId ?? '', workflowId !== undefined);
  const items = versions.data ?? [];
  const [from, setFrom] = useState<Side>();
  const [to, setTo] = useState<Side>('draft');
  const fromSide = from ?? items[0]?.version;
  const pick = (side: Side | undefined): WorkflowDraft | WorkflowVersionView | undefined =>
    side === 'draft' ? draft : items.find((v) => v.version === side);
  const before = pick(fromSide);
  const after = pick(to);
  const diff = useMemo(() => (before && after ? diffWorkflows(before, after) : undefined), [before, after]);
  const options = [
    { value: 'draft' as const, label: t('versions.draft') },
    ...items.map((v) => ({ value: v.version, label: `v${v.version}` })),
  ];

  if (versions.isError) return <LoadError error={versions.error} onRetry={() => versions.refetch()} />;
  if (workflowId && versions.isPending) return <Spin />;
  return (
    <Flex vertical gap={16}>
      <div data-testid="workflow-versions">
        <Table<WorkflowVersionView>
          size="small"
          rowKey="version"
          pagination={false}
          dataSource={items}
          locale={{ emptyText: <Empty description={t('versions.none')} /> }}
          columns={[
            { title: t('versions.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
            {
              title: t('versions.publishedAt'),
              dataIndex: 'publishedAt',
              render: (at: string) => formatDateTime(at),
            },
            {
              title: t('versions.publishedBy'),
              key: 'by',
              render: (_, v) => `${v.publishedBy.name} <${v.publishedBy.email}>`,
            },
            {
              title: t('versions.size'),
              key: 'size',
              render: (_, v) =>
                t('workflow.counts', { states: v.states.length, transitions: v.transitions.length }),
            },
          ]}
        />
      </div>
      {items.length > 0 ? (
        <Card size="small" title={t('versions.compare')}>
          <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
            {t('versions.from')}
            <Select<Side>
              style={{ width: 160 }}
              value={fromSide}
              onChange={setFrom}
              options={options}
              data-testid="workflow-diff-from"
            />
            {t('versions.to')}
            <Select<Side>
              style={{ width: 160 }}
              value={to}
              onChange={setTo}
              options={options}
              data-testid="workflow-diff-to"
            />
          </Flex>
          {(to === 'draft' || fromSide === 'draft') && dirty ? (
            <Alert type="info" showIcon title={t('versions.draftUnsaved')} style={{ marginBottom: 8 }} />
          ) : null}
          {diff ? <WorkflowDiffView diff={diff} /> : null}
        </Card>
      ) : null}
    </Flex>
  );
}
