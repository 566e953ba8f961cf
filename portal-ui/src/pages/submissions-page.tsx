import {
  formatDateTime,
  LoadError,
  localisedName,
  type SubmissionSummary,
  useCurrentUser,
  useLanguage,
  useSubmissions,
  useT,
} from '@rapport/ui-shared';
import { Alert, Empty, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { RequireInstitution } from '../components/require-institution';
import { SubmissionStatusTag } from '../components/submission-status-tag';
import { usePortalT } from '../portal-messages';

const PAGE_SIZE = 20;

interface SubmittedState {
  submitted?: { id: string; title: string };
}

function SubmissionsTable({ institutionId }: { institutionId: string }) {
  const t = usePortalT();
  const tShared = useT();
  const language = useLanguage();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const submissions = useSubmissions(institutionId, { mine: true, page, pageSize: PAGE_SIZE });

  const columns = useMemo<TableColumnsType<SubmissionSummary>>(
    () => [
      {
        title: t('submissions.form'),
        key: 'form',
        render: (_, row) => localisedName(row.formTitle, language),
      },
      {
        title: t('submissions.version'),
        key: 'version',
        render: (_, row) => (
          <Tag data-testid="submission-version">{t('forms.version', { version: row.version })}</Tag>
        ),
      },
      {
        title: tShared('common.status'),
        key: 'status',
        render: (_, row) => <SubmissionStatusTag status={row.status} />,
      },
      {
        title: t('submissions.score'),
        key: 'score',
        render: (_, row) => (row.score === null ? '—' : row.score),
      },
      {
        title: t('submissions.updatedAt'),
        key: 'updatedAt',
        render: (_, row) => formatDateTime(row.submittedAt ?? row.updatedAt),
      },
      {
        title: tShared('common.actions'),
        key: 'open',
        render: (_, row) => (
          <Link to={`/submissions/${encodeURIComponent(row.id)}`} data-testid={`submission-open-${row.id}`}>
            {row.status === 'draft' && row.submittedBy.id === user.id
              ? t('submissions.resume')
              : t('submissions.open')}
          </Link>
        ),
      },
    ],
    [t, tShared, language, user.id],
  );

  if (submissions.isError)
    return <LoadError error={submissions.error} onRetry={() => submissions.refetch()} />;
  return (
    <div data-testid="submissions-table">
      <Table<SubmissionSummary>
        rowKey="id"
        columns={columns}
        dataSource={submissions.data?.items ?? []}
        loading={submissions.isFetching}
        locale={{ emptyText: <Empty description={t('submissions.empty')} /> }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: submissions.data?.total ?? 0,
          hideOnSinglePage: true,
          showSizeChanger: false,
          onChange: (next) => setParams(next === 1 ? {} : { page: String(next) }),
        }}
        scroll={{ x: 'max-content' }}
      />
    </div>
  );
}

export default function SubmissionsPage() {
  const t = usePortalT();
  const location = useLocation();
  const submitted = (location.state as SubmittedState | null)?.submitted;
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="page-title">
        {t('submissions.title')}
      </Typography.Title>
      {submitted ? (
        <Alert
          type="success"
          showIcon
          closable
          style={{ marginBottom: 16 }}
          title={t('submissions.success')}
          description={t('submissions.successDetail', { form: submitted.title })}
          data-testid="submit-success"
        />
      ) : null}
      <RequireInstitution>
        {(institutionId) => <SubmissionsTable institutionId={institutionId} />}
      </RequireInstitution>
    </>
  );
}
