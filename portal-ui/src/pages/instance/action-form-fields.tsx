import {
  type FormProblem,
  FullPageSpinner,
  LoadError,
  RapportForm,
  type RapportFormData,
  useForms,
  useFormVersion,
} from '@rapport/ui-shared';
import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { usePortalT } from '../../portal-messages';

/** The form an action needs, at its latest version, filled inside the action dialog. */
export function ActionFormFields({
  institutionId,
  formKey,
  data,
  onChange,
  onSubmit,
  serverErrors,
  children,
}: {
  institutionId: string;
  formKey: string;
  data: RapportFormData;
  onChange: (data: RapportFormData) => void;
  onSubmit: (data: RapportFormData) => void;
  serverErrors: FormProblem[] | undefined;
  children: ReactNode;
}) {
  const t = usePortalT();
  const forms = useForms(institutionId, { fillable: true });
  const form = forms.data?.find((f) => f.key === formKey);
  const version = useFormVersion(institutionId, form?.id ?? '', form?.latestVersion);
  if (forms.isError) return <LoadError error={forms.error} onRetry={() => forms.refetch()} />;
  if (forms.isPending) return <FullPageSpinner />;
  if (!form || form.latestVersion === null)
    return (
      <Alert
        type="error"
        showIcon
        title={t('instance.formUnavailable', { form: formKey })}
        data-testid="action-form-missing"
      />
    );
  if (version.isError) return <LoadError error={version.error} onRetry={() => version.refetch()} />;
  if (!version.data) return <FullPageSpinner />;
  return (
    <div data-testid="action-form">
      <RapportForm
        schema={version.data.schema}
        uiSchema={version.data.uiSchema}
        formData={data}
        onChange={onChange}
        onSubmit={onSubmit}
        serverErrors={serverErrors}
      >
        {children}
      </RapportForm>
    </div>
  );
}
