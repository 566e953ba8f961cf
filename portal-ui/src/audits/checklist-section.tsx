import {
  type AuditView,
  dataProblems,
  type FormProblem,
  RapportForm,
  type RapportFormData,
  useApiErrorHandler,
  useCreateSubmission,
  useForms,
  useFormVersion,
} from '@rapport/ui-shared';
import { Alert, App, Button, Spin } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuditChange } from '../api/audits';
import { useAuditT } from './audit-messages';

/**
 * The plan's checklist form, filled by the audit's auditor: submitted as a submission of that form,
 * then attached to the audit. Once attached, a link to it.
 */
export function ChecklistSection({
  institutionId,
  audit,
  canFill,
}: {
  institutionId: string;
  audit: AuditView;
  canFill: boolean;
}) {
  const t = useAuditT();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const forms = useForms(institutionId, { fillable: true });
  const form = forms.data?.find((f) => f.key === audit.plan.checklistFormKey);
  const version = useFormVersion(institutionId, form?.id ?? '', canFill ? form?.latestVersion : null);
  const create = useCreateSubmission(institutionId);
  const change = useAuditChange(institutionId, audit.id);
  const [data, setData] = useState<RapportFormData>({});
  const [serverErrors, setServerErrors] = useState<FormProblem[] | undefined>(undefined);
  // A submission made but not yet attached (the attach failed): attach it again rather than submit twice.
  const [submitted, setSubmitted] = useState<string | null>(null);

  if (audit.checklistSubmissionId)
    return (
      <Alert
        type="success"
        showIcon
        data-testid="checklist-attached"
        title={t('audit.checklistAttached')}
        action={
          <Link to={`/submissions/${audit.checklistSubmissionId}`} data-testid="checklist-view">
            {t('audit.checklistView')}
          </Link>
        }
      />
    );
  if (!canFill) return <Alert type="info" showIcon title={t('audit.checklistLater')} />;
  if (forms.isPending || (form && version.isPending)) return <Spin />;
  if (!form || form.latestVersion === null || !version.data)
    return (
      <Alert
        type="warning"
        showIcon
        title={t('audit.checklistMissing', { key: audit.plan.checklistFormKey })}
        data-testid="checklist-missing"
      />
    );

  const attach = (submissionId: string) =>
    change.mutate(
      { kind: 'checklist', rev: audit.rev, submissionId },
      {
        onSuccess: () => {
          setSubmitted(null);
          message.success(t('audit.checklistDone'));
        },
        onError: (error) => onError(error),
      },
    );
  const submit = async (valid: RapportFormData) => {
    if (submitted) return attach(submitted);
    setServerErrors(undefined);
    try {
      const submission = await create.mutateAsync({ formId: form.id, data: valid, submit: true });
      setSubmitted(submission.id);
      attach(submission.id);
    } catch (error) {
      const problems = dataProblems(error);
      if (problems.length > 0) {
        setServerErrors(problems);
        message.error(t('audit.checklistInvalid'));
      } else onError(error);
    }
  };
  return (
    <div data-testid="checklist-form">
      <RapportForm
        schema={version.data.schema}
        uiSchema={version.data.uiSchema}
        formData={data}
        onChange={setData}
        onSubmit={submit}
        serverErrors={serverErrors}
      >
        <Button
          type="primary"
          htmlType="submit"
          loading={create.isPending || change.isPending}
          style={{ marginTop: 16 }}
          data-testid="checklist-submit"
        >
          {t('audit.checklistSubmit')}
        </Button>
      </RapportForm>
    </div>
  );
}
