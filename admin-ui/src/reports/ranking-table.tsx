import { LevelTag, localisedName, useLanguage } from '@rapport/ui-shared';
import { Table, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import type { RankingRow } from '../api/reports';
import { GradeTag } from '../managers/grade-tag';
import { useReportsT } from './reports-messages';

export interface RankingTableProps {
  rows: RankingRow[];
  selected: string | undefined;
  onSelect: (managerId: string) => void;
}

/** The ranking of the cycle shown; choosing a row shows that manager in the radar and the trend. */
export function RankingTable({ rows, selected, onSelect }: RankingTableProps) {
  const t = useReportsT();
  const language = useLanguage();
  const columns = useMemo<TableColumnsType<RankingRow>>(
    () => [
      { title: t('reports.ranking.rank'), dataIndex: 'rank', width: 64 },
      { title: t('reports.ranking.name'), dataIndex: 'name' },
      {
        title: t('reports.ranking.unit'),
        key: 'unit',
        render: (_, r) => (r.orgUnit ? localisedName(r.orgUnit, language) : '—'),
      },
      { title: t('term.grade'), key: 'grade', render: (_, r) => <GradeTag grade={r.grade} /> },
      { title: t('reports.ranking.total'), dataIndex: 'total', align: 'right' },
      {
        title: t('reports.ranking.level'),
        key: 'level',
        render: (_, r) => <LevelTag level={r.level} testId={`ranking-level-${r.managerId}`} />,
      },
      {
        title: t('reports.ranking.calibrated'),
        key: 'calibrated',
        render: (_, r) => (r.calibrated ? '✓' : ''),
        align: 'center',
      },
    ],
    [t, language],
  );
  return (
    <Table<RankingRow>
      size="small"
      rowKey="managerId"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      rowSelection={{
        type: 'radio',
        selectedRowKeys: selected ? [selected] : [],
        onChange: (keys) => onSelect(String(keys[0])),
      }}
      onRow={(r) => ({ onClick: () => onSelect(r.managerId), style: { cursor: 'pointer' } })}
      data-testid="reports-ranking"
    />
  );
}
