import { formatDateTime, LoadError, type Form as RapportFormRecord, useFormDiff } from '@rapport/ui-shared';
import { Alert, Card, Empty, Flex, Select, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useBuilderT } from './builder-messages';
import { DiffView } from './diff-view';

/** The form's published versions, and what changed between any two of them or the saved draft. */
export function VersionsTab({
  institutionId,
  form,
  dirty,
}: {
  institutionId: string;
  form: RapportFormRecord;
  dirty: boolean;
}) {
  const t = useBuilderT();
  const versions = form.versions ?? [];
  const [from, setFrom] = useState<number | undefined>(versions[0]?.version);
  const [to, setTo] = useState<number | 'draft'>('draft');
  const diff = useFormDiff(institutionId, form.id, from, to);
  const versionOptions = versions.map((v) => ({ value: v.version, label: `v${v.version}` }));

  return (
    <Flex vertical gap={16}>
      <div data-testid="versions-list">
        <Table
          size="small"
          rowKey="version"
          pagination={false}
          dataSource={versions}
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
              title: 'hash',
              dataIndex: 'hash',
              render: (h: string) => <Typography.Text code>{h.slice(0, 12)}</Typography.Text>,
            },
          ]}
        />
      </div>
      {versions.length > 0 ? (
        <Card size="small" title={t('versions.diff')}>
          <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
            {t('versions.from')}
            <Select
              style={{ width: 120 }}
              value={from}
              onChange={setFrom}
              options={versionOptions}
              data-testid="diff-from"
            />
            {t('versions.to')}
            <Select
              style={{ width: 200 }}
              value={to}
              onChange={setTo}
              options={[{ value: 'draft' as const, label: t('versions.draft') }, ...versionOptions]}
              data-testid="diff-to"
            />
          </Flex>
          {to === 'draft' && dirty ? (
            <Alert type="warning" showIcon title={t('builder.unsaved')} style={{ marginBottom: 8 }} />
          ) : null}
          {diff.isError ? (
            <LoadError error={diff.error} onRetry={() => diff.refetch()} />
          ) : diff.data ? (
            <DiffView diff={diff.data} />
          ) : (
            <Spin />
          )}
        </Card>
      ) : null}
    </Flex>
  );
}
