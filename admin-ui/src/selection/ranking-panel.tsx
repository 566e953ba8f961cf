import { InfoCircleOutlined } from '@ant-design/icons';
import { localisedName, useLanguage } from '@rapport/ui-shared';
import { Button, Flex, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { CertifiedModal, CertifyModal } from './certify-modal';
import type { CandidateView, CertifyResponse, DriveView, RankingView } from './selection-api';
import { useSelectionT } from './selection-messages';

type Ranked = RankingView['ranked'][number];
type Apart = { reasons: RankingView['ineligible'][number]['reasons']; candidate: CandidateView };

/** The ranking: eligible candidates by weighted total, the rest apart with reasons; certify from here. */
export function RankingPanel({
  institutionId,
  drive,
  ranking,
}: {
  institutionId: string;
  drive: DriveView;
  ranking: RankingView;
}) {
  const t = useSelectionT();
  const language = useLanguage();
  const [selected, setSelected] = useState<string[]>([]);
  const [certifying, setCertifying] = useState<CandidateView[]>([]);
  const [certified, setCertified] = useState<CertifyResponse | null>(null);
  const open = drive.status === 'open';
  const left = drive.positions - drive.certified;

  const rankedColumns = useMemo<TableColumnsType<Ranked>>(
    () => [
      { title: t('ranking.rank'), dataIndex: 'rank', width: 72 },
      {
        title: t('candidates.name'),
        key: 'name',
        render: (_, r) => (
          <Flex gap={4} align="center" wrap>
            <span>{r.candidate.name}</span>
            {r.candidate.certification ? (
              <Tag color="gold">
                {t('candidates.certifiedTag', { number: r.candidate.certification.certificateNumber })}
              </Tag>
            ) : null}
            {r.tieBreak ? (
              <Tooltip title={localisedName(r.tieBreak, language)}>
                <InfoCircleOutlined data-testid={`tie-break-${r.candidate.id}`} />
              </Tooltip>
            ) : null}
          </Flex>
        ),
      },
      { title: t('candidates.total'), key: 'total', render: (_, r) => r.total.toFixed(2) },
    ],
    [t, language],
  );
  const apartColumns = useMemo<TableColumnsType<Apart>>(
    () => [
      { title: t('candidates.name'), key: 'name', render: (_, a) => a.candidate.name },
      {
        title: t('ranking.reasons'),
        key: 'reasons',
        render: (_, a) => a.reasons.map((r) => localisedName(r, language)).join('；'),
      },
    ],
    [t, language],
  );

  const chosen = ranking.ranked.filter((r) => selected.includes(r.candidate.id)).map((r) => r.candidate);
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">{t('ranking.tieRule')}</Typography.Text>
        <Flex gap={8} align="center">
          <Tag>{t('ranking.positionsLeft', { left: Math.max(left, 0) })}</Tag>
          <Button
            type="primary"
            disabled={!open || chosen.length === 0}
            onClick={() => setCertifying(chosen)}
            data-testid="ranking-certify"
          >
            {t('ranking.certify', { count: chosen.length })}
          </Button>
        </Flex>
      </Flex>
      <Table<Ranked>
        rowKey={(r) => r.candidate.id}
        data-testid="ranking-table"
        size="small"
        pagination={false}
        columns={rankedColumns}
        dataSource={ranking.ranked}
        rowSelection={
          open
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                getCheckboxProps: (r) => ({ disabled: Boolean(r.candidate.certification) }),
              }
            : undefined
        }
      />
      {ranking.unranked.length > 0 ? (
        <>
          <Typography.Title level={5}>{t('ranking.unranked')}</Typography.Title>
          <Table<Apart>
            rowKey={(a) => a.candidate.id}
            data-testid="ranking-unranked"
            size="small"
            pagination={false}
            columns={apartColumns}
            dataSource={ranking.unranked}
          />
        </>
      ) : null}
      {ranking.ineligible.length > 0 ? (
        <>
          <Typography.Title level={5}>{t('ranking.ineligible')}</Typography.Title>
          <Table<Apart>
            rowKey={(a) => a.candidate.id}
            data-testid="ranking-ineligible"
            size="small"
            pagination={false}
            columns={apartColumns}
            dataSource={ranking.ineligible}
          />
        </>
      ) : null}
      <CertifyModal
        institutionId={institutionId}
        drive={drive}
        chosen={certifying}
        onClose={() => setCertifying([])}
        onCertified={(response) => {
          setCertifying([]);
          setSelected([]);
          setCertified(response);
        }}
      />
      <CertifiedModal response={certified} onClose={() => setCertified(null)} />
    </>
  );
}
