import { PlusOutlined } from '@ant-design/icons';
import { LoadError } from '@rapport/ui-shared';
import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Flex, Table, type TableColumnsType, Typography } from 'antd';
import type { ReactNode } from 'react';

export interface ListPageProps<Row extends { id: string }> {
  title: ReactNode;
  /** 3 for a page of its own, 4 for a page under the institution header. */
  titleLevel: 3 | 4;
  createLabel: ReactNode;
  createTestId: string;
  onCreate: () => void;
  query: UseQueryResult<Row[]>;
  columns: TableColumnsType<Row>;
  /** data-testid of the div around the table. */
  tableTestId: string;
  /** More buttons, shown before the create button. */
  actions?: ReactNode;
  /** The page's modals. */
  children?: ReactNode;
}

/** A page title with a create button, then the rows of a query in a table, or why they failed to load. */
export function ListPage<Row extends { id: string }>({
  title,
  titleLevel,
  createLabel,
  createTestId,
  onCreate,
  query,
  columns,
  tableTestId,
  actions,
  children,
}: ListPageProps<Row>) {
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={titleLevel} style={{ margin: 0 }} data-testid="page-title">
          {title}
        </Typography.Title>
        <Flex gap={8}>
          {actions}
          <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid={createTestId}>
            {createLabel}
          </Button>
        </Flex>
      </Flex>
      {query.isError ? (
        <LoadError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <div data-testid={tableTestId}>
          <Table<Row>
            rowKey="id"
            columns={columns}
            dataSource={query.data ?? []}
            loading={query.isPending}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
          />
        </div>
      )}
      {children}
    </>
  );
}
