import { ArrowLeftOutlined } from '@ant-design/icons';
import { SELECTION_CRITERIA } from '@rapport/schemas';
import { LoadError, localisedName, useApiErrorHandler, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Descriptions,
  Flex,
  Popconfirm,
  Space,
  Spin,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ListPage } from '../components/list-page';
import { useModalTarget } from '../org/use-modal-target';
import { CandidateModal } from '../selection/candidate-modal';
import { CandidatesTable } from '../selection/candidates-table';
import { DriveModal } from '../selection/drive-modal';
import { RankingPanel } from '../selection/ranking-panel';
import {
  candidatesQuery,
  type DriveView,
  driveQuery,
  drivesQuery,
  rankingQuery,
  useCloseDrive,
} from '../selection/selection-api';
import { criterionLabel, degreeLabel } from '../selection/selection-labels';
import { useSelectionT } from '../selection/selection-messages';

function DriveStatusTag({ drive }: { drive: DriveView }) {
  const t = useSelectionT();
  if (drive.status === 'open') return <Tag color="processing">{t('selection.open')}</Tag>;
  return (
    <Tag>
      {drive.closedBecause === 'filled' ? t('selection.closedFilled') : t('selection.closedExplicit')}
    </Tag>
  );
}

function DrivesList({ institutionId }: { institutionId: string }) {
  const t = useSelectionT();
  const language = useLanguage();
  const drives = useQuery(drivesQuery(institutionId));
  const [creating, setCreating] = useState(false);
  const base = `/institutions/${institutionId}/selection`;
  const columns = useMemo<TableColumnsType<DriveView>>(
    () => [
      {
        title: t('selection.name'),
        key: 'name',
        render: (_, d) => (
          <Link to={`${base}/${d.id}`} data-testid={`drive-open-${d.code}`}>
            {localisedName(d.name, language)}
          </Link>
        ),
      },
      { title: t('selection.code'), dataIndex: 'code' },
      { title: t('selection.positions'), dataIndex: 'positions' },
      { title: t('selection.certified'), dataIndex: 'certified' },
      { title: t('selection.status'), key: 'status', render: (_, d) => <DriveStatusTag drive={d} /> },
    ],
    [t, language, base],
  );
  return (
    <ListPage<DriveView>
      title={t('selection.title')}
      titleLevel={4}
      createLabel={t('selection.create')}
      createTestId="drive-create"
      onCreate={() => setCreating(true)}
      query={drives}
      columns={columns}
      tableTestId="drives-table"
    >
      <Typography.Paragraph type="secondary">{t('selection.intro')}</Typography.Paragraph>
      <DriveModal institutionId={institutionId} open={creating} onClose={() => setCreating(false)} />
    </ListPage>
  );
}

function DriveDetail({ institutionId, driveId }: { institutionId: string; driveId: string }) {
  const t = useSelectionT();
  const language = useLanguage();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const drive = useQuery(driveQuery(institutionId, driveId));
  const candidates = useQuery(candidatesQuery(institutionId, driveId));
  const ranking = useQuery(rankingQuery(institutionId, driveId));
  const close = useCloseDrive(institutionId, driveId);
  const editing = useModalTarget<DriveView>();
  const [adding, setAdding] = useState(false);

  if (drive.isError) return <LoadError error={drive.error} onRetry={() => drive.refetch()} />;
  if (drive.isPending) return <Spin />;
  const d = drive.data;
  const open = d.status === 'open';
  const rules = d.eligibility;

  return (
    <>
      <Link to={`/institutions/${institutionId}/selection`}>
        <ArrowLeftOutlined /> {t('selection.back')}
      </Link>
      <Flex justify="space-between" align="center" style={{ margin: '12px 0' }}>
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
            {localisedName(d.name, language)}
          </Typography.Title>
          <Tag>{d.code}</Tag>
          <DriveStatusTag drive={d} />
        </Space>
        {open ? (
          <Space>
            <Button onClick={() => editing.open(d)} data-testid="drive-edit">
              {t('selection.eligibility')} / {t('selection.weights')}
            </Button>
            <Popconfirm
              title={t('selection.closeConfirm', { name: localisedName(d.name, language) })}
              onConfirm={() =>
                close.mutate(
                  { rev: d.rev },
                  { onSuccess: () => message.success(t('selection.closedNow')), onError: (e) => onError(e) },
                )
              }
            >
              <Button danger data-testid="drive-close">
                {t('selection.close')}
              </Button>
            </Popconfirm>
            <Button type="primary" onClick={() => setAdding(true)} data-testid="candidate-add">
              {t('candidates.add')}
            </Button>
          </Space>
        ) : null}
      </Flex>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'positions', label: t('selection.positions'), children: `${d.certified} / ${d.positions}` },
          {
            key: 'eligibility',
            label: t('selection.eligibility'),
            children: (
              <Space size={4} wrap>
                <Tag>
                  {t('selection.minDegree')}: {degreeLabel(rules.minDegree, language)}
                </Tag>
                <Tag>
                  {t('selection.minYears')} {rules.minYears}
                </Tag>
                {rules.noBadRecord ? <Tag>{t('selection.noBadRecord')}</Tag> : null}
                {rules.healthDeclaration ? <Tag>{t('selection.healthDeclaration')}</Tag> : null}
              </Space>
            ),
          },
          {
            key: 'weights',
            label: t('selection.weights'),
            children: SELECTION_CRITERIA.map((c) => `${criterionLabel(c, language)} ${d.weights[c]}`).join(
              ' · ',
            ),
          },
        ]}
      />
      <Tabs
        items={[
          {
            key: 'candidates',
            label: t('selection.tabCandidates'),
            children: candidates.isError ? (
              <LoadError error={candidates.error} onRetry={() => candidates.refetch()} />
            ) : (
              <CandidatesTable
                institutionId={institutionId}
                drive={d}
                candidates={candidates.data ?? []}
                loading={candidates.isPending}
              />
            ),
          },
          {
            key: 'ranking',
            label: t('selection.tabRanking'),
            children: ranking.isError ? (
              <LoadError error={ranking.error} onRetry={() => ranking.refetch()} />
            ) : ranking.isPending ? (
              <Spin />
            ) : (
              <RankingPanel institutionId={institutionId} drive={d} ranking={ranking.data} />
            ),
          },
        ]}
      />
      <CandidateModal
        institutionId={institutionId}
        driveId={driveId}
        open={adding}
        onClose={() => setAdding(false)}
      />
      <DriveModal
        key={`drive-${editing.key}`}
        institutionId={institutionId}
        open={editing.target !== undefined}
        drive={editing.target}
        onClose={editing.close}
      />
    </>
  );
}

/** Recruitment drives; with a drive id, that drive's candidates, ranking and certification. */
export default function SelectionPage() {
  const { institutionId = '', driveId } = useParams();
  return driveId ? (
    <DriveDetail institutionId={institutionId} driveId={driveId} />
  ) : (
    <DrivesList institutionId={institutionId} />
  );
}
