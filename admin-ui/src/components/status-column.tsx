import type { SharedMessageKey, Translate } from '@rapport/ui-shared';
import { type TableColumnType, Tag } from 'antd';

/** The table column that shows whether a row is disabled (red) or active (green). */
export function statusColumn<Row extends { disabled: boolean }>(
  tShared: Translate<SharedMessageKey>,
): TableColumnType<Row> {
  return {
    title: tShared('common.status'),
    dataIndex: 'disabled',
    render: (disabled: boolean) =>
      disabled ? (
        <Tag color="red">{tShared('status.disabled')}</Tag>
      ) : (
        <Tag color="green">{tShared('status.active')}</Tag>
      ),
  };
}
