import { LoadError, RapportForm, submissionQuery, useFormVersion } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Descriptions, Drawer, Spin } from 'antd';
import { useBuilderT } from './builder-messages';
import { RenderBoundary } from './render-boundary';

/** One submission, read-only, rendered with the form version it was filled against. */
export function SubmissionDrawer({
  institutionId,
  formId,
  submissionId,
  onClose,
}: {
  institutionId: string;
  formId: string;
  submissionId: string | undefined;
  onClose: () => void;
}) {
  const t = useBuilderT();
  const submission = useQuery({
    ...submissionQuery(institutionId, submissionId ?? ''),
    enabled: !!submissionId,
  });
  const version = useFormVersion(institutionId, formId, submissionId ? submission.data?.version : undefined);
  const error = submission.error ?? version.error;
  return (
    <Drawer
      open={submissionId !== undefined}
      onClose={onClose}
      size={720}
      title={submission.data ? t('submissions.detail', { version: submission.data.version }) : ''}
      destroyOnHidden
    >
      {error ? (
        <LoadError error={error} onRetry={() => Promise.all([submission.refetch(), version.refetch()])} />
      ) : submission.data && version.data ? (
        <div data-testid="submission-view">
          <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('submissions.submitter')}>
              {submission.data.submittedBy.name}
            </Descriptions.Item>
            <Descriptions.Item label={t('submissions.score')}>
              {submission.data.score ?? '—'}
            </Descriptions.Item>
          </Descriptions>
          <RenderBoundary
            resetKey={submission.data.id}
            message={(e) => t('preview.failed', { message: e.message })}
          >
            <RapportForm
              schema={version.data.schema}
              uiSchema={version.data.uiSchema}
              formData={submission.data.data}
              readonly
            />
          </RenderBoundary>
        </div>
      ) : (
        <Spin />
      )}
    </Drawer>
  );
}
