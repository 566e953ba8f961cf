import { UploadOutlined } from '@ant-design/icons';
import { isApiError, useApiErrorHandler } from '@rapport/ui-shared';
import { App, Button } from 'antd';
import { useNavigate } from 'react-router';
import { useCreateWorkflow } from '../api/workflows';
import { JsonFilePicker } from '../document-shell/json-file-picker';
import { useDesignerT } from './designer-messages';
import { parseWorkflowImport } from './parse-workflow-import';
import { WorkflowProblemList } from './workflow-problem-list';

/** Creates a workflow from a `.workflow.json` export, checked in the browser first; every problem is shown at once. */
export function WorkflowImportButton({ institutionId }: { institutionId: string }) {
  const t = useDesignerT();
  const { message, modal } = App.useApp();
  const onError = useApiErrorHandler();
  const navigate = useNavigate();
  const create = useCreateWorkflow(institutionId);

  const upload = async (file: File) => {
    const parsed = parseWorkflowImport(await file.text());
    if ('problems' in parsed) {
      modal.error({
        title: t('import.failed', { name: file.name }),
        width: 640,
        content: (
          <WorkflowProblemList
            draft={{ title: { zh: '', en: '' }, states: [], transitions: [] }}
            problems={parsed.problems}
            testId="import-problems"
          />
        ),
      });
      return;
    }
    try {
      const workflow = await create.mutateAsync(parsed.content);
      message.success(t('import.created', { key: workflow.key }));
      void navigate(`/institutions/${institutionId}/workflows/${workflow.id}`);
    } catch (error) {
      if (isApiError(error, 'WORKFLOWS_ERR_KEY_TAKEN')) {
        modal.error({
          title: t('designer.keyTaken', { key: parsed.content.key }),
          content: t('import.keyTakenBody'),
        });
        return;
      }
      onError(error);
    }
  };

  return (
    <JsonFilePicker onFile={(file) => void upload(file)}>
      <Button icon={<UploadOutlined />} loading={create.isPending} data-testid="workflow-import">
        {t('import.button')}
      </Button>
    </JsonFilePicker>
  );
}
