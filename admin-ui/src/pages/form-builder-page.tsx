import { FullPageSpinner, LoadError, useForm } from '@rapport/ui-shared';
import { useParams } from 'react-router';
import { FormBuilder } from '../form-builder/form-builder';

export default function FormBuilderPage() {
  const { institutionId = '', formId = '' } = useParams();
  const form = useForm(institutionId, formId);
  if (form.isError) return <LoadError error={form.error} onRetry={() => form.refetch()} />;
  if (!form.data) return <FullPageSpinner />;
  return (
    <FormBuilder
      key={form.data.id}
      institutionId={institutionId}
      form={form.data}
      reload={async () => (await form.refetch()).data}
    />
  );
}
