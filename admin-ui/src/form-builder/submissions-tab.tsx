import { DownloadOutlined } from '@ant-design/icons';
import {
  formatDateTime,
  formsApi,
  LoadError,
  type SubmissionStatus,
  type SubmissionSummary,
  useSubmissions,
} from '@rapport/ui-shared';
import { Button, Flex, Table, Tag } from 'antd';
import { useState } from 'react';
import { useBuilderT } from './builder-messages';
import { SubmissionDrawer } from './submission-drawer';

const PAGE_SIZE = 20;

/** What has been filled with this form (any version), for admins; opens one read-only; exports all. */
export function SubmissionsTab({ institutionId, formId }: { institutionId: string; formId: string }) {
  const t = useBuilderT();
  const [page, setPage] = useState(1);
  const [opened, setOpened] = useState<string>();
  const submissions = useSubmissions(institutionId, { formId, page, pageSize: PAGE_SIZE });

  return (
    <>
      <Flex gap={8} justify="flex-end" style={{ marginBottom: 12 }}>
        <Button
          icon={<DownloadOutlined />}
          href={formsApi.submissionsExportUrl(institutionId, formId, 'csv')}
          data-testid="export-csv"
        >
          {t('submissions.exportCsv')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          href={formsApi.submissionsExportUrl(institutionId, formId, 'xlsx')}
          data-testid="export-xlsx"
        >
          {t('submissions.exportXlsx')}
        </Button>
      </Flex>
      {submissions.isError ? (
        <LoadError error={submissions.error} onRetry={() => submissions.refetch()} />
      ) : (
        <div data-testid="submissions-table">
          <Table<SubmissionSummary>
            rowKey="id"
            size="small"
            loading={submissions.isPending}
            dataSource={submissions.data?.items ?? []}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: submissions.data?.total ?? 0,
              onChange: setPage,
              hideOnSinglePage: true,
            }}
            columns={[
              {
                title: t('submissions.submitter'),
                key: 'by',
                render: (_, s) => `${s.submittedBy.name} <${s.submittedBy.email}>`,
              },
              { title: t('submissions.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
              {
                title: t('submissions.status'),
                dataIndex: 'status',
                render: (status: SubmissionStatus) => (
                  <Tag color={status === 'submitted' ? 'green' : 'default'}>
                    {t(`submissions.status.${status}`)}
                  </Tag>
                ),
              },
              {
                title: t('submissions.score'),
                dataIndex: 'score',
                render: (score: number | null) => score ?? '—',
              },
              {
                title: t('submissions.date'),
                key: 'date',
                render: (_, s) => formatDateTime(s.submittedAt ?? s.updatedAt),
              },
              {
                key: 'open',
                render: (_, s) => (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setOpened(s.id)}
                    data-testid={`submission-open-${s.id}`}
                  >
                    {t('submissions.open')}
                  </Button>
                ),
              },
            ]}
          />
        </div>
      )}
      <SubmissionDrawer
        institutionId={institutionId}
        formId={formId}
        submissionId={opened}
        onClose={() => setOpened(undefined)}
      />
    </>
  );
}
