import { formatDateTime, type SharedMessageKey, type Translate } from '@rapport/ui-shared';
import type { TableColumnType } from 'antd';

/** The table column with a row's creation time, sortable. */
export function createdAtColumn<Row extends { createdAt: string }>(
  tShared: Translate<SharedMessageKey>,
): TableColumnType<Row> {
  return {
    title: tShared('common.createdAt'),
    dataIndex: 'createdAt',
    render: (createdAt: string) => formatDateTime(createdAt),
    sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
  };
}
