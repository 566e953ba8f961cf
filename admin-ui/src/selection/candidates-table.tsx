import { SELECTION_CRITERIA, type SelectionCriterion } from '@rapport/schemas';
import { localisedName, useApiErrorHandler, useLanguage } from '@rapport/ui-shared';
import {
  App,
  Button,
  InputNumber,
  Popconfirm,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
} from 'antd';
import { useMemo, useState } from 'react';
import { type CandidateView, type DriveView, useRemoveCandidate, useUpdateCandidate } from './selection-api';
import { criterionLabel, degreeLabel } from './selection-labels';
import { useSelectionT } from './selection-messages';

/** Eligibility as a tag; the reasons of each failed rule show on hover. */
export function EligibilityTag({ candidate }: { candidate: CandidateView }) {
  const t = useSelectionT();
  const language = useLanguage();
  const { eligible, failures } = candidate.eligibility;
  if (eligible)
    return (
      <Tag color="success" data-testid={`eligibility-${candidate.id}`}>
        {t('candidates.eligible')}
      </Tag>
    );
  return (
    <Tooltip
      title={
        <ul style={{ margin: 0, paddingInlineStart: 16 }}>
          {failures.map((f) => (
            <li key={f.rule}>{localisedName(f.message, language)}</li>
          ))}
        </ul>
      }
    >
      <Tag color="error" data-testid={`eligibility-${candidate.id}`}>
        {t('candidates.ineligible', { count: failures.length })}
      </Tag>
    </Tooltip>
  );
}

/** One stage's score, saved when the field is left with a changed value (empty clears it). */
function ScoreInput({
  candidate,
  criterion,
  disabled,
  onSave,
}: {
  candidate: CandidateView;
  criterion: SelectionCriterion;
  disabled: boolean;
  onSave: (value: number | null) => void;
}) {
  const stored = candidate.scores[criterion] ?? null;
  const [value, setValue] = useState<number | null>(stored);
  const commit = () => {
    if (value !== stored) onSave(value);
  };
  return (
    <InputNumber<number>
      size="small"
      min={0}
      max={100}
      style={{ width: 72 }}
      value={value}
      disabled={disabled}
      onChange={(v) => setValue(v ?? null)}
      onBlur={commit}
      onPressEnter={commit}
      data-testid={`score-${candidate.id}-${criterion}`}
    />
  );
}

/** A drive's candidates: who they are, eligibility with reasons, scores editable while the drive is open. */
export function CandidatesTable({
  institutionId,
  drive,
  candidates,
  loading,
}: {
  institutionId: string;
  drive: DriveView;
  candidates: CandidateView[];
  loading: boolean;
}) {
  const t = useSelectionT();
  const language = useLanguage();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const update = useUpdateCandidate(institutionId, drive.id);
  const remove = useRemoveCandidate(institutionId, drive.id);
  const open = drive.status === 'open';

  const columns = useMemo<TableColumnsType<CandidateView>>(() => {
    const saveScore = (c: CandidateView, criterion: SelectionCriterion, value: number | null) =>
      update.mutate(
        { id: c.id, patch: { rev: c.rev, scores: { [criterion]: value } } },
        {
          onSuccess: () =>
            message.success(t('candidates.scoreSaved', { stage: criterionLabel(criterion, language) })),
          onError: (error) => onError(error),
        },
      );
    return [
      {
        title: t('candidates.name'),
        key: 'name',
        fixed: 'start',
        render: (_, c) => (
          <Space size={4} wrap>
            <span>{c.name}</span>
            <Tag>{c.external ? t('candidates.external') : t('candidates.internal')}</Tag>
            {c.certification ? (
              <Tag color="gold">
                {t('candidates.certifiedTag', { number: c.certification.certificateNumber })}
              </Tag>
            ) : null}
          </Space>
        ),
      },
      { title: t('candidates.email'), dataIndex: 'email', render: (email: string | null) => email ?? '—' },
      { title: t('candidates.degree'), key: 'degree', render: (_, c) => degreeLabel(c.degree, language) },
      { title: t('candidates.years'), dataIndex: 'yearsOfSimilarWork' },
      {
        title: t('candidates.eligibility'),
        key: 'eligibility',
        render: (_, c) => <EligibilityTag candidate={c} />,
      },
      {
        title: t('candidates.scores'),
        children: SELECTION_CRITERIA.map((criterion) => ({
          title: `${criterionLabel(criterion, language)} ${drive.weights[criterion]}%`,
          key: criterion,
          render: (_: unknown, c: CandidateView) => (
            <ScoreInput
              key={`${c.id}-${c.rev}`}
              candidate={c}
              criterion={criterion}
              disabled={!open || Boolean(c.certification)}
              onSave={(value) => saveScore(c, criterion, value)}
            />
          ),
        })),
      },
      {
        title: t('candidates.total'),
        key: 'total',
        render: (_, c) => (c.total === null ? '—' : c.total.toFixed(2)),
      },
      {
        key: 'actions',
        render: (_, c) =>
          open && !c.certification ? (
            <Popconfirm
              title={t('candidates.removeConfirm', { name: c.name })}
              onConfirm={() =>
                remove.mutate(
                  { id: c.id, rev: c.rev },
                  { onSuccess: () => message.success(t('candidates.removed')), onError: (e) => onError(e) },
                )
              }
            >
              <Button type="link" danger size="small" data-testid={`candidate-remove-${c.id}`}>
                {t('candidates.remove')}
              </Button>
            </Popconfirm>
          ) : null,
      },
    ];
  }, [t, language, drive.weights, open, update, remove, message, onError]);

  return (
    <Table<CandidateView>
      rowKey="id"
      data-testid="candidates-table"
      columns={columns}
      dataSource={candidates}
      loading={loading}
      locale={{ emptyText: t('candidates.empty') }}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      size="small"
    />
  );
}
