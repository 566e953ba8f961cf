import { type CycleView, cyclesQuery, formatDateTime, localisedName, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ListPage } from '../components/list-page';
import { CycleStatusTag } from '../cycles/cycle-labels';
import { useCycleT } from '../cycles/cycle-messages';

export default function CyclesPage() {
  const t = useCycleT();
  const language = useLanguage();
  const navigate = useNavigate();
  const { institutionId = '' } = useParams();
  const cycles = useQuery(cyclesQuery(institutionId));
  const base = `/institutions/${institutionId}/cycles`;
  const columns = useMemo<TableColumnsType<CycleView>>(
    () => [
      {
        title: t('cycles.name'),
        key: 'name',
        render: (_, c) => (
          <Link to={`${base}/${c.id}`} data-testid={`cycle-open-${c.code}`}>
            {localisedName(c.name, language)}
          </Link>
        ),
      },
      { title: t('cycles.code'), dataIndex: 'code' },
      { title: t('cycles.period'), key: 'period', render: (_, c) => `${c.period.from} – ${c.period.to}` },
      {
        title: t('cycles.status'),
        key: 'status',
        render: (_, c) => <CycleStatusTag status={c.status} testId={`cycle-status-${c.code}`} />,
      },
      {
        title: t('cycles.launchedAt'),
        key: 'launchedAt',
        render: (_, c) => (c.launchedAt ? formatDateTime(c.launchedAt) : '—'),
      },
      {
        title: t('cycles.publishedAt'),
        key: 'publishedAt',
        render: (_, c) => (c.publishedAt ? formatDateTime(c.publishedAt) : '—'),
      },
    ],
    [t, language, base],
  );
  return (
    <ListPage<CycleView>
      title={t('term.cycles')}
      titleLevel={4}
      createLabel={t('cycles.create')}
      createTestId="cycle-create"
      onCreate={() => navigate(`${base}/new`)}
      query={cycles}
      columns={columns}
      tableTestId="cycles-table"
    />
  );
}
