import { LoadError } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { DatePicker, Empty, Flex, Progress, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { type HTMLAttributes, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { type CoreAnalysis, coreCustomersQuery } from '../api/customers';
import { RequireInstitution } from '../components/require-institution';
import { formatAmount } from '../customers/class-tags';
import { useCustomerT } from '../customers/customers-messages';

type Row = CoreAnalysis['items'][number] & { rank: number };

const percent = (share: number) => Math.round(share * 1000) / 10;

/** The 80/20 analysis: customers by volume, their cumulative share, the core ones highlighted. */
function CoreCustomers({ institutionId }: { institutionId: string }) {
  const t = useCustomerT();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const query = {
    ...(range?.[0] ? { from: range[0].format('YYYY-MM-DD') } : {}),
    ...(range?.[1] ? { to: range[1].format('YYYY-MM-DD') } : {}),
  };
  const core = useQuery(coreCustomersQuery(institutionId, query));
  const rows = useMemo<Row[]>(
    () => (core.data?.items ?? []).map((item, i) => ({ ...item, rank: i + 1 })),
    [core.data],
  );
  const columns = useMemo<TableColumnsType<Row>>(
    () => [
      { title: t('core.rank'), dataIndex: 'rank', key: 'rank', width: 64 },
      {
        title: t('customers.name'),
        key: 'name',
        render: (_, r) => <Link to={`/customers/${encodeURIComponent(r.id)}`}>{r.name}</Link>,
      },
      { title: t('customers.code'), dataIndex: 'code', key: 'code' },
      { title: t('core.volume'), key: 'volume', align: 'right', render: (_, r) => formatAmount(r.volume) },
      { title: t('core.share'), key: 'share', align: 'right', render: (_, r) => `${percent(r.share)}%` },
      {
        title: t('core.cumulative'),
        key: 'cumulative',
        width: 260,
        render: (_, r) => (
          <Progress
            percent={percent(r.cumulativeShare)}
            size="small"
            status={r.core ? 'active' : 'normal'}
            strokeColor={r.core ? '#fa8c16' : undefined}
          />
        ),
      },
      {
        title: t('core.core'),
        key: 'core',
        render: (_, r) => (r.core ? <Tag color="orange">{t('core.core')}</Tag> : null),
      },
    ],
    [t],
  );
  return (
    <>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={range}
          onChange={(value) => setRange(value)}
          placeholder={[t('core.from'), t('core.to')]}
          data-testid="core-range"
        />
      </Flex>
      {core.isError ? (
        <LoadError error={core.error} onRetry={() => core.refetch()} />
      ) : (
        <>
          {core.data ? (
            <Typography.Paragraph data-testid="core-summary">
              {t('core.summary', {
                from: core.data.from,
                to: core.data.to,
                customers: core.data.customers,
                total: formatAmount(core.data.totalVolume),
                core: core.data.coreCustomers,
              })}
            </Typography.Paragraph>
          ) : null}
          <Table<Row>
            rowKey="id"
            size="small"
            data-testid="core-table"
            loading={core.isPending}
            columns={columns}
            dataSource={rows}
            locale={{ emptyText: <Empty description={t('core.empty')} /> }}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            onRow={(r) =>
              ({
                'data-testid': `core-row-${r.code}`,
                'data-core': String(r.core),
                style: r.core ? { background: '#fff7e6' } : undefined,
              }) as HTMLAttributes<HTMLElement>
            }
          />
        </>
      )}
    </>
  );
}

export default function CoreCustomersPage() {
  const t = useCustomerT();
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="page-title">
        {t('core.title')}
      </Typography.Title>
      <RequireInstitution>
        {(institutionId) => <CoreCustomers institutionId={institutionId} />}
      </RequireInstitution>
    </>
  );
}
