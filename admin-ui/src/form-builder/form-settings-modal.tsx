import {
  INSTITUTION_ROLES,
  type InstitutionRole,
  type Message,
  READ_SCOPES,
  type ReadScope,
} from '@rapport/schemas';
import { type Form as RapportFormRecord, roleLabel, useT, useUpdateForm } from '@rapport/ui-shared';
import { Form, Input, Select } from 'antd';
import type { FormDraft } from '../builder/form-draft';
import { FormModal } from '../components/form-modal';
import { useSaveHandler } from '../components/use-save-handler';
import { useBuilderT } from './builder-messages';

interface SettingsValues {
  title: Message;
  description: Message;
  fillRoles: InstitutionRole[];
  readScope: ReadScope;
}

const FIELDS = ['title', 'description', 'fillRoles', 'readScope'] as const;

/** Title, description, who fills and who reads; saved together with the current draft. */
export function FormSettingsModal({
  institutionId,
  form: record,
  draft,
  open,
  onClose,
  onSaved,
  reload,
}: {
  institutionId: string;
  form: RapportFormRecord;
  draft: FormDraft;
  open: boolean;
  onClose: () => void;
  onSaved: (saved: RapportFormRecord) => void;
  reload: () => unknown;
}) {
  const t = useBuilderT();
  const tShared = useT();
  const [form] = Form.useForm<SettingsValues>();
  const update = useUpdateForm(institutionId);
  const save = useSaveHandler({ form, fields: FIELDS, onClose, reload });
  const submit = (values: SettingsValues) =>
    save(async () => {
      const saved = await update.mutateAsync({
        formId: record.id,
        update: { rev: record.rev, ...values, schema: draft.schema, uiSchema: draft.uiSchema },
      });
      onSaved(saved);
      return tShared('common.saved');
    });
  return (
    <FormModal<SettingsValues>
      open={open}
      title={t('builder.settings')}
      form={form}
      onFinish={submit}
      onClose={onClose}
      saving={update.isPending}
      submitTestId="form-settings-submit"
      initialValues={{
        title: record.title,
        description: record.description,
        fillRoles: record.fillRoles,
        readScope: record.readScope,
      }}
    >
      <Form.Item
        name={['title', 'zh']}
        label={t('forms.titleZh')}
        rules={[{ required: true, whitespace: true, message: t('forms.titleRequired') }]}
      >
        <Input maxLength={200} data-testid="form-settings-title-zh" />
      </Form.Item>
      <Form.Item
        name={['title', 'en']}
        label={t('forms.titleEn')}
        rules={[{ required: true, whitespace: true, message: t('forms.titleRequired') }]}
      >
        <Input maxLength={200} data-testid="form-settings-title-en" />
      </Form.Item>
      <Form.Item name={['description', 'zh']} label={t('forms.descriptionZh')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Form.Item name={['description', 'en']} label={t('forms.descriptionEn')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Form.Item
        name="fillRoles"
        label={t('forms.fillRoles')}
        rules={[{ required: true, message: t('forms.fillRolesRequired') }]}
      >
        <Select
          mode="multiple"
          options={INSTITUTION_ROLES.map((role) => ({ value: role, label: roleLabel(tShared, role) }))}
        />
      </Form.Item>
      <Form.Item name="readScope" label={t('forms.readScope')}>
        <Select
          options={READ_SCOPES.map((scope) => ({ value: scope, label: t(`forms.readScope.${scope}`) }))}
        />
      </Form.Item>
    </FormModal>
  );
}
