import { UploadOutlined } from '@ant-design/icons';
import type { FormExport } from '@rapport/schemas';
import { isApiError, useApiErrorHandler, useImportForm } from '@rapport/ui-shared';
import { App, Button } from 'antd';
import { useNavigate } from 'react-router';
import { JsonFilePicker } from '../document-shell/json-file-picker';
import { useBuilderT } from './builder-messages';
import { ProblemList, toProblems } from './problem-list';

/** Uploads a `.form.json` export as a new draft form; every problem the server lists is shown at once. */
export function FormImportButton({ institutionId }: { institutionId: string }) {
  const t = useBuilderT();
  const { message, modal } = App.useApp();
  const onError = useApiErrorHandler();
  const navigate = useNavigate();
  const importForm = useImportForm(institutionId);

  const upload = async (file: File) => {
    let parsed: FormExport;
    try {
      parsed = JSON.parse(await file.text()) as FormExport;
    } catch {
      message.error(t('forms.importBadFile'));
      return;
    }
    try {
      const form = await importForm.mutateAsync(parsed);
      message.success(t('forms.imported', { name: form.title.zh }));
      void navigate(`/institutions/${institutionId}/forms/${form.id}`);
    } catch (error) {
      const problems = toProblems(error);
      if (isApiError(error, 'VALIDATION_ERROR') && problems.length > 0) {
        modal.error({
          title: t('forms.importFailed'),
          width: 640,
          content: <ProblemList problems={problems} testId="import-problems" />,
        });
        return;
      }
      onError(error);
    }
  };

  return (
    <JsonFilePicker onFile={(file) => void upload(file)}>
      <Button icon={<UploadOutlined />} loading={importForm.isPending} data-testid="form-import">
        {t('forms.import')}
      </Button>
    </JsonFilePicker>
  );
}
