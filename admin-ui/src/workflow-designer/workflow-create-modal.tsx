import { Form, Input } from 'antd';
import { useNavigate } from 'react-router';
import { FormModal } from '../components/form-modal';
import { useDesignerT } from './designer-messages';
import { KEY_PATTERN } from './workflow-draft';

interface CreateValues {
  key: string;
  title: { zh: string; en: string };
}

/** Where the designer of a workflow not saved yet finds its key and title. */
export interface NewWorkflow {
  key: string;
  title: { zh: string; en: string };
}

/**
 * Asks for a new workflow's key and title, then opens an empty designer: the workflow is created
 * on its first save, once it has the two states every workflow needs.
 */
export function WorkflowCreateModal({
  institutionId,
  open,
  onClose,
  takenKeys,
}: {
  institutionId: string;
  open: boolean;
  onClose: () => void;
  takenKeys: ReadonlySet<string>;
}) {
  const t = useDesignerT();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateValues>();

  const submit = (values: CreateValues) => {
    const state: NewWorkflow = {
      key: values.key.trim(),
      title: { zh: values.title.zh.trim(), en: values.title.en.trim() },
    };
    onClose();
    void navigate(`/institutions/${institutionId}/workflows/new`, { state });
  };

  return (
    <FormModal<CreateValues>
      open={open}
      title={t('workflows.create')}
      form={form}
      onFinish={submit}
      onClose={onClose}
      saving={false}
      submitTestId="workflow-create-submit"
      autoComplete="off"
    >
      <Form.Item
        name="key"
        label={t('key.label')}
        extra={t('workflows.keyHelp')}
        rules={[
          { required: true, message: t('key.required') },
          { pattern: KEY_PATTERN, message: t('key.invalid') },
          {
            validator: (_, key: string) =>
              takenKeys.has(key?.trim())
                ? Promise.reject(new Error(t('workflows.keyTaken')))
                : Promise.resolve(),
          },
        ]}
      >
        <Input maxLength={64} data-testid="workflow-create-key" />
      </Form.Item>
      <Form.Item
        name={['title', 'zh']}
        label={t('workflows.titleZh')}
        rules={[{ required: true, whitespace: true, message: t('label.required') }]}
      >
        <Input maxLength={200} data-testid="workflow-create-title-zh" />
      </Form.Item>
      <Form.Item
        name={['title', 'en']}
        label={t('workflows.titleEn')}
        rules={[{ required: true, whitespace: true, message: t('label.required') }]}
      >
        <Input maxLength={200} data-testid="workflow-create-title-en" />
      </Form.Item>
    </FormModal>
  );
}
