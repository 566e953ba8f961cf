import { FullPageSpinner, LoadError, useForms, useFormVersion } from '@rapport/ui-shared';
import { Button, Result } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { RequireInstitution } from '../components/require-institution';
import { SubmissionEditor } from '../components/submission-editor';
import { usePortalT } from '../portal-messages';

/** A new submission, against the form's latest published version. */
function FillForm({ institutionId, formId }: { institutionId: string; formId: string }) {
  const t = usePortalT();
  const navigate = useNavigate();
  // Members read forms through the fillable list: it is also what says this form is theirs to fill.
  const forms = useForms(institutionId, { fillable: true });
  const form = forms.data?.find((item) => item.id === formId);
  const version = useFormVersion(institutionId, formId, form?.latestVersion);

  if (forms.isError) return <LoadError error={forms.error} onRetry={() => forms.refetch()} />;
  if (forms.isPending) return <FullPageSpinner />;
  if (!form || form.latestVersion === null) {
    return (
      <Result
        status="404"
        title={t('fill.notFillable')}
        data-testid="form-not-fillable"
        extra={<Button onClick={() => navigate('/forms')}>{t('fill.backToForms')}</Button>}
      />
    );
  }
  if (version.isError) return <LoadError error={version.error} onRetry={() => version.refetch()} />;
  if (!version.data) return <FullPageSpinner />;
  return (
    <SubmissionEditor
      key={`${formId}@${version.data.version}`}
      institutionId={institutionId}
      version={version.data}
    />
  );
}

export default function FillFormPage() {
  const { formId = '' } = useParams();
  return (
    <RequireInstitution>
      {(institutionId) => <FillForm institutionId={institutionId} formId={formId} />}
    </RequireInstitution>
  );
}
