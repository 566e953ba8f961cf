import { LoadError } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Flex, Progress, Table, type TableColumnsType, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { type Fact, factsQuery, monthlyVolumeQuery } from '../api/customers';
import { formatAmount } from './class-tags';
import { useCustomerT } from './customers-messages';

const PAGE_SIZE = 20;

/** The first day of the month eleven months back, and the twelve months up to this one. */
function lastTwelveMonths(now = new Date()): { from: string; months: string[] } {
  const months: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getFullYear(), now.getMonth() - i, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return { from: `${months[0]}-01`, months };
}

/** Volume per month as bars scaled to the largest month. */
function MonthlyVolume({ institutionId, customerId }: { institutionId: string; customerId: string }) {
  const t = useCustomerT();
  const { from, months } = useMemo(() => lastTwelveMonths(), []);
  const volume = useQuery(monthlyVolumeQuery(institutionId, customerId, from));
  if (volume.isError) return <LoadError error={volume.error} onRetry={() => volume.refetch()} />;
  const values = months.map((month) => ({ month, value: volume.data?.get(month) ?? 0 }));
  const max = Math.max(0, ...values.map((v) => v.value));
  return (
    <Card size="small" title={t('facts.monthly')} loading={volume.isPending} data-testid="facts-monthly">
      {max <= 0 ? (
        <Typography.Text type="secondary">{t('facts.noVolume')}</Typography.Text>
      ) : (
        values.map(({ month, value }) => (
          <Flex key={month} align="center" gap={12} data-testid={`facts-month-${month}`}>
            <span style={{ width: 64, flex: 'none' }}>{month}</span>
            <Progress percent={(value / max) * 100} showInfo={false} size="small" style={{ margin: 0 }} />
            <span style={{ width: 140, flex: 'none', textAlign: 'right' }}>{formatAmount(value)}</span>
          </Flex>
        ))
      )}
    </Card>
  );
}

/** The customer's business facts: the monthly volume, then every fact newest first. */
export function FactsSection({ institutionId, customerId }: { institutionId: string; customerId: string }) {
  const t = useCustomerT();
  const [page, setPage] = useState(1);
  const facts = useQuery(factsQuery(institutionId, customerId, page, PAGE_SIZE));
  const columns = useMemo<TableColumnsType<Fact>>(
    () => [
      { title: t('facts.date'), dataIndex: 'date', key: 'date' },
      { title: t('facts.kind'), key: 'kind', render: (_, f) => t(`factKind.${f.kind}`) },
      {
        title: t('facts.amount'),
        key: 'amount',
        align: 'right',
        render: (_, f) => formatAmount(f.amount),
      },
      { title: t('facts.product'), key: 'product', render: (_, f) => f.product ?? '—' },
      { title: t('facts.externalId'), key: 'externalId', render: (_, f) => f.externalId ?? '—' },
      { title: t('facts.recordedBy'), key: 'recordedBy', render: (_, f) => f.recordedBy.name },
    ],
    [t],
  );
  return (
    <Flex vertical gap={16}>
      <MonthlyVolume institutionId={institutionId} customerId={customerId} />
      {facts.isError ? (
        <LoadError error={facts.error} onRetry={() => facts.refetch()} />
      ) : (
        <Table<Fact>
          rowKey="id"
          size="small"
          data-testid="facts-table"
          loading={facts.isPending || facts.isPlaceholderData}
          columns={columns}
          dataSource={facts.data?.items}
          locale={{ emptyText: <Empty description={t('facts.empty')} /> }}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: facts.data?.total ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: false,
            onChange: setPage,
          }}
        />
      )}
    </Flex>
  );
}
