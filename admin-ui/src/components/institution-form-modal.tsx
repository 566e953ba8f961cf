import { INDUSTRIES, type Institution, industryLabel, useT } from '@rapport/ui-shared';
import { Form, Input, Select } from 'antd';
import { useAdminT } from '../admin-messages';
import {
  type InstitutionInput,
  useCreateInstitution,
  useReloadInstitutions,
  useUpdateInstitution,
} from '../api/institutions';
import { FormModal } from './form-modal';
import { useSaveHandler } from './use-save-handler';

const FIELDS = ['code', 'name', 'industry'] as const;

export interface InstitutionFormModalProps {
  open: boolean;
  /** Edits this institution; creates a new one when absent. */
  institution?: Institution | undefined;
  onClose: () => void;
}

export function InstitutionFormModal({ open, institution, onClose }: InstitutionFormModalProps) {
  const t = useAdminT();
  const tShared = useT();
  const [form] = Form.useForm<InstitutionInput>();
  const create = useCreateInstitution();
  const update = useUpdateInstitution();
  const reload = useReloadInstitutions();
  const save = useSaveHandler({ form, fields: FIELDS, onClose, reload });
  const editing = institution !== undefined;

  const submit = (values: InstitutionInput) => {
    const name = { zh: values.name.zh.trim(), en: values.name.en.trim() };
    return save(async () => {
      if (institution) {
        await update.mutateAsync({
          id: institution.id,
          patch: { rev: institution.rev, name, industry: values.industry },
        });
        return tShared('common.saved');
      }
      const created = await create.mutateAsync({
        code: values.code.trim(),
        name,
        industry: values.industry,
      });
      return t('institutions.created', { name: created.name.zh || created.name.en });
    });
  };

  return (
    <FormModal<InstitutionInput>
      open={open}
      title={editing ? t('institutions.edit') : t('institutions.create')}
      form={form}
      onFinish={submit}
      onClose={onClose}
      saving={create.isPending || update.isPending}
      submitTestId="institution-form-submit"
      initialValues={
        institution ? { code: institution.code, name: institution.name, industry: institution.industry } : {}
      }
    >
      <Form.Item
        name="code"
        label={t('institutions.code')}
        extra={editing ? undefined : t('institutions.codeHelp')}
        rules={[{ required: true, whitespace: true, message: t('institutions.codeRequired') }]}
      >
        <Input disabled={editing} maxLength={64} data-testid="institution-form-code" />
      </Form.Item>
      <Form.Item
        name={['name', 'zh']}
        label={t('institutions.nameZh')}
        rules={[{ required: true, whitespace: true, message: t('institutions.nameRequired') }]}
      >
        <Input maxLength={200} data-testid="institution-form-name-zh" />
      </Form.Item>
      <Form.Item
        name={['name', 'en']}
        label={t('institutions.nameEn')}
        rules={[{ required: true, whitespace: true, message: t('institutions.nameRequired') }]}
      >
        <Input maxLength={200} data-testid="institution-form-name-en" />
      </Form.Item>
      <Form.Item
        name="industry"
        label={t('institutions.industry')}
        rules={[{ required: true, message: t('institutions.industryRequired') }]}
      >
        <Select
          data-testid="institution-form-industry"
          options={INDUSTRIES.map((industry) => ({
            value: industry,
            label: industryLabel(tShared, industry),
          }))}
        />
      </Form.Item>
    </FormModal>
  );
}
