import type { InstitutionRole, Message, ReadScope } from '@rapport/schemas';
import { type Form as RapportFormRecord, useT, useUpdateForm } from '@rapport/ui-shared';
import { Form } from 'antd';
import type { FormDraft } from '../builder/form-draft';
import { FormModal } from '../components/form-modal';
import { useSaveHandler } from '../components/use-save-handler';
import { useBuilderT } from './builder-messages';
import { FormSettingsFields } from './form-settings-fields';

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
      <FormSettingsFields
        testIds={{ titleZh: 'form-settings-title-zh', titleEn: 'form-settings-title-en' }}
        withDescription
      />
    </FormModal>
  );
}
