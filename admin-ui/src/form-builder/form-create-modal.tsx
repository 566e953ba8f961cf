import type { InstitutionRole, ReadScope } from '@rapport/schemas';
import { useCreateForm } from '@rapport/ui-shared';
import { Form, Input } from 'antd';
import { useNavigate } from 'react-router';
import { FormModal } from '../components/form-modal';
import { useSaveHandler } from '../components/use-save-handler';
import { useBuilderT } from './builder-messages';
import { FormSettingsFields } from './form-settings-fields';

interface CreateValues {
  key: string;
  title: { zh: string; en: string };
  fillRoles: InstitutionRole[];
  readScope: ReadScope;
}

const FIELDS = ['key', 'title', 'fillRoles', 'readScope'] as const;
export const FORM_KEY_PATTERN = /^[a-z][a-z0-9-]{1,63}$/;

/** Creates an empty draft form and opens it in the builder. */
export function FormCreateModal({
  institutionId,
  open,
  onClose,
}: {
  institutionId: string;
  open: boolean;
  onClose: () => void;
}) {
  const t = useBuilderT();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateForm(institutionId);
  const save = useSaveHandler({ form, fields: FIELDS, onClose });

  const submit = (values: CreateValues) =>
    save(async () => {
      const created = await create.mutateAsync({
        key: values.key.trim(),
        title: { zh: values.title.zh.trim(), en: values.title.en.trim() },
        description: { zh: '', en: '' },
        schema: { type: 'object', properties: {} },
        uiSchema: {},
        fillRoles: values.fillRoles,
        readScope: values.readScope,
      });
      void navigate(`/institutions/${institutionId}/forms/${created.id}`);
      return t('forms.created', { name: created.title.zh });
    });

  return (
    <FormModal<CreateValues>
      open={open}
      title={t('forms.create')}
      form={form}
      onFinish={submit}
      onClose={onClose}
      saving={create.isPending}
      submitTestId="form-create-submit"
      initialValues={{ fillRoles: ['manager'], readScope: 'own' }}
      autoComplete="off"
    >
      <Form.Item
        name="key"
        label={t('forms.key')}
        extra={t('forms.keyHelp')}
        rules={[
          { required: true, message: t('forms.keyRequired') },
          { pattern: FORM_KEY_PATTERN, message: t('forms.keyInvalid') },
        ]}
      >
        <Input maxLength={64} data-testid="form-create-key" />
      </Form.Item>
      <FormSettingsFields
        testIds={{
          titleZh: 'form-create-title-zh',
          titleEn: 'form-create-title-en',
          fillRoles: 'form-create-fill-roles',
          readScope: 'form-create-read-scope',
        }}
      />
    </FormModal>
  );
}
