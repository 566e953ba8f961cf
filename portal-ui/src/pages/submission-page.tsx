import {
  FullPageSpinner,
  formatDateTime,
  isApiError,
  LoadError,
  localisedName,
  RapportForm,
  type Submission,
  useCurrentUser,
  useFormVersion,
  useLanguage,
  useSubmission,
} from '@rapport/ui-shared';
import { Button, Descriptions, Flex, Result, Tag, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { RequireInstitution } from '../components/require-institution';
import { SubmissionEditor } from '../components/submission-editor';
import { SubmissionStatusTag } from '../components/submission-status-tag';
import { usePortalT } from '../portal-messages';

const NO_CHANGE = () => undefined;

function SubmissionView({ institutionId, submission }: { institutionId: string; submission: Submission }) {
  const t = usePortalT();
  const language = useLanguage();
  const user = useCurrentUser();
  const navigate = useNavigate();
  // Rendered with its own version, whatever the form looks like today.
  const version = useFormVersion(institutionId, submission.formId, submission.version);

  if (version.isError) return <LoadError error={version.error} onRetry={() => version.refetch()} />;
  if (!version.data) return <FullPageSpinner />;
  if (submission.status === 'draft' && submission.submittedBy.id === user.id) {
    return (
      <SubmissionEditor
        key={submission.id}
        institutionId={institutionId}
        version={version.data}
        draft={submission}
      />
    );
  }
  return (
    <>
      <Flex align="center" gap={12} wrap style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="form-title">
          {localisedName(version.data.title, language)}
        </Typography.Title>
        <Tag data-testid="submission-version">{t('forms.version', { version: submission.version })}</Tag>
        <SubmissionStatusTag status={submission.status} />
        <Button style={{ marginInlineStart: 'auto' }} onClick={() => navigate('/submissions')}>
          {t('submission.back')}
        </Button>
      </Flex>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'by', label: t('submission.submittedBy'), children: submission.submittedBy.name },
          {
            key: 'at',
            label: t('submissions.submittedAt'),
            children: submission.submittedAt ? formatDateTime(submission.submittedAt) : '—',
          },
          {
            key: 'score',
            label: t('submissions.score'),
            children: <span data-testid="submission-score">{submission.score ?? '—'}</span>,
          },
        ]}
      />
      <RapportForm
        schema={version.data.schema}
        uiSchema={version.data.uiSchema}
        formData={submission.data}
        onChange={NO_CHANGE}
        readonly
      />
    </>
  );
}

function SubmissionLoader({ institutionId, submissionId }: { institutionId: string; submissionId: string }) {
  const t = usePortalT();
  const navigate = useNavigate();
  const submission = useSubmission(institutionId, submissionId);
  if (submission.isError) {
    if (isApiError(submission.error) && [403, 404].includes(submission.error.status)) {
      return (
        <Result
          status="404"
          title={t('submission.notFound')}
          data-testid="submission-not-found"
          extra={<Button onClick={() => navigate('/submissions')}>{t('submission.back')}</Button>}
        />
      );
    }
    return <LoadError error={submission.error} onRetry={() => submission.refetch()} />;
  }
  if (!submission.data) return <FullPageSpinner />;
  return <SubmissionView institutionId={institutionId} submission={submission.data} />;
}

export default function SubmissionPage() {
  const { submissionId = '' } = useParams();
  return (
    <RequireInstitution>
      {(institutionId) => <SubmissionLoader institutionId={institutionId} submissionId={submissionId} />}
    </RequireInstitution>
  );
}
