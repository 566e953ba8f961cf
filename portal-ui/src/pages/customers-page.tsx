import { UploadOutlined } from '@ant-design/icons';
import { LoadError, localisedName, useCurrentUser, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Input, Select, Table, type TableColumnsType, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  type CustomerFilter,
  type CustomerSummary,
  customerSettingsQuery,
  customersQuery,
  FREQUENCY_CLASSES,
  type FrequencyClass,
  managersPickerQuery,
  SIZE_CLASSES,
  type SizeClass,
} from '../api/customers';
import { RequireInstitution } from '../components/require-institution';
import { FrequencyTag, SizeTag, useOptionLabels } from '../customers/class-tags';
import { useCustomerT } from '../customers/customers-messages';
import { FactsImportDrawer } from '../customers/facts-import-drawer';
import { canImportFacts, seesTeam } from '../customers/roles';

const PAGE_SIZE = 20;

/** The filters live in the address, so coming back from a customer keeps them. */
function useFilter(): [CustomerFilter, (change: Partial<CustomerFilter>) => void] {
  const [params, setParams] = useSearchParams();
  const filter: CustomerFilter = {
    q: params.get('q') || undefined,
    frequency: (params.get('frequency') as FrequencyClass | null) ?? undefined,
    size: (params.get('size') as SizeClass | null) ?? undefined,
    kind: params.get('kind') ?? undefined,
    industryGroup: params.get('industryGroup') ?? undefined,
    managerId: params.get('managerId') ?? undefined,
    page: Number(params.get('page')) || 1,
    pageSize: PAGE_SIZE,
  };
  const change = (next: Partial<CustomerFilter>) => {
    const merged: Record<string, string | number | undefined> = { ...filter, page: 1, ...next };
    delete merged.pageSize;
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(merged))
      if (value !== undefined && value !== '' && !(key === 'page' && value === 1))
        search.set(key, String(value));
    setParams(search, { replace: true });
  };
  return [filter, change];
}

function Customers({ institutionId }: { institutionId: string }) {
  const t = useCustomerT();
  const language = useLanguage();
  const user = useCurrentUser();
  const team = seesTeam(user.role);
  const [filter, setFilter] = useFilter();
  const [importing, setImporting] = useState(false);
  const [search, setSearch] = useState(filter.q ?? '');
  const settings = useQuery(customerSettingsQuery(institutionId));
  const managers = useQuery({ ...managersPickerQuery(institutionId), enabled: team });
  const customers = useQuery(customersQuery(institutionId, filter));
  const labels = useOptionLabels(settings.data);

  const columns = useMemo<TableColumnsType<CustomerSummary>>(
    () => [
      {
        title: t('customers.name'),
        key: 'name',
        render: (_, c) => (
          <Link to={`/customers/${encodeURIComponent(c.id)}`} data-testid={`customer-open-${c.code}`}>
            {c.name}
          </Link>
        ),
      },
      { title: t('customers.code'), dataIndex: 'code', key: 'code' },
      { title: t('customers.kind'), key: 'kind', render: (_, c) => labels.kind(c.kind) },
      {
        title: t('customers.industryGroup'),
        key: 'industryGroup',
        render: (_, c) => labels.industryGroup(c.industryGroup),
      },
      {
        title: t('customers.frequency'),
        key: 'frequency',
        render: (_, c) => (
          <FrequencyTag value={c.classification.frequency} testId={`customer-frequency-${c.code}`} />
        ),
      },
      {
        title: t('customers.size'),
        key: 'size',
        render: (_, c) => <SizeTag value={c.classification.size} testId={`customer-size-${c.code}`} />,
      },
      ...(team
        ? [
            {
              title: t('customers.relationshipManager'),
              key: 'rm',
              render: (_: unknown, c: CustomerSummary) => c.relationshipManager?.name ?? '—',
            },
          ]
        : []),
    ],
    [t, labels, team],
  );

  const options = (keys: readonly string[], prefix: 'frequency' | 'size') =>
    keys.map((key) => ({ value: key, label: t(`${prefix}.${key}` as 'frequency.frequent') }));

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('customers.search')}
          style={{ width: 240 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(q) => setFilter({ q: q.trim() || undefined })}
          data-testid="customers-search"
        />
        <Select
          allowClear
          placeholder={t('customers.frequency')}
          style={{ width: 140 }}
          value={filter.frequency}
          onChange={(frequency) => setFilter({ frequency })}
          options={options(FREQUENCY_CLASSES, 'frequency')}
          data-testid="customers-filter-frequency"
        />
        <Select
          allowClear
          placeholder={t('customers.size')}
          style={{ width: 140 }}
          value={filter.size}
          onChange={(size) => setFilter({ size })}
          options={options(SIZE_CLASSES, 'size')}
          data-testid="customers-filter-size"
        />
        <Select
          allowClear
          placeholder={t('customers.kind')}
          style={{ width: 140 }}
          value={filter.kind}
          onChange={(kind) => setFilter({ kind })}
          options={settings.data?.kinds.map((k) => ({
            value: k.key,
            label: localisedName(k.label, language),
          }))}
          data-testid="customers-filter-kind"
        />
        <Select
          allowClear
          placeholder={t('customers.industryGroup')}
          style={{ width: 160 }}
          value={filter.industryGroup}
          onChange={(industryGroup) => setFilter({ industryGroup })}
          options={settings.data?.industryGroups.map((g) => ({
            value: g.key,
            label: localisedName(g.label, language),
          }))}
          data-testid="customers-filter-industry"
        />
        {team ? (
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('customers.anyManager')}
            style={{ width: 200 }}
            value={filter.managerId}
            onChange={(managerId) => setFilter({ managerId })}
            options={managers.data?.map((m) => ({ value: m.id, label: m.name }))}
            data-testid="customers-filter-manager"
          />
        ) : null}
        {canImportFacts(user.role) ? (
          <Button
            icon={<UploadOutlined />}
            onClick={() => setImporting(true)}
            style={{ marginInlineStart: 'auto' }}
            data-testid="facts-import-open"
          >
            {t('customers.import')}
          </Button>
        ) : null}
      </Flex>
      {customers.isError ? (
        <LoadError error={customers.error} onRetry={() => customers.refetch()} />
      ) : (
        <Table<CustomerSummary>
          rowKey="id"
          data-testid="customers-table"
          loading={customers.isPending || customers.isPlaceholderData}
          columns={columns}
          dataSource={customers.data?.items}
          locale={{ emptyText: <Empty description={t('customers.empty')} /> }}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: filter.page,
            pageSize: PAGE_SIZE,
            total: customers.data?.total ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            showTotal: (total) => t('customers.total', { total }),
            onChange: (page) => setFilter({ page }),
          }}
        />
      )}
      <FactsImportDrawer institutionId={institutionId} open={importing} onClose={() => setImporting(false)} />
    </>
  );
}

export default function CustomersPage() {
  const t = useCustomerT();
  const user = useCurrentUser();
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="page-title">
        {seesTeam(user.role) ? t('term.customers') : t('customers.title')}
      </Typography.Title>
      <RequireInstitution>
        {(institutionId) => <Customers institutionId={institutionId} />}
      </RequireInstitution>
    </>
  );
}
