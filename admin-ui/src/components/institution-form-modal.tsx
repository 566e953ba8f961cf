import {
  INDUSTRIES,
  type Institution,
  industryLabel,
  showValidationErrors,
  useApiErrorHandler,
  useT,
} from '@rapport/ui-shared';
import { App, Form, Input, Modal, Select } from 'antd';
import { useAdminT } from '../admin-messages';
import {
  type InstitutionInput,
  useCreateInstitution,
  useReloadInstitutions,
  useUpdateInstitution,
} from '../api/institutions';

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
  const { message } = App.useApp();
  const [form] = Form.useForm<InstitutionInput>();
  const create = useCreateInstitution();
  const update = useUpdateInstitution();
  const reload = useReloadInstitutions();
  const onError = useApiErrorHandler();
  const editing = institution !== undefined;

  const submit = async (values: InstitutionInput) => {
    const name = { zh: values.name.zh.trim(), en: values.name.en.trim() };
    try {
      if (institution) {
        await update.mutateAsync({
          id: institution.id,
          patch: { rev: institution.rev, name, industry: values.industry },
        });
        message.success(tShared('common.saved'));
      } else {
        const created = await create.mutateAsync({
          code: values.code.trim(),
          name,
          industry: values.industry,
        });
        message.success(t('institutions.created', { name: created.name.zh || created.name.en }));
      }
      onClose();
    } catch (error) {
      if (showValidationErrors(form, error, FIELDS)) return;
      onError(error, {
        onConflict: () => {
          void reload();
          onClose();
        },
      });
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('institutions.edit') : t('institutions.create')}
      okText={tShared('common.save')}
      cancelText={tShared('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'institution-form-submit' }}
    >
      <Form<InstitutionInput>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          institution
            ? { code: institution.code, name: institution.name, industry: institution.industry }
            : {}
        }
        onFinish={submit}
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
      </Form>
    </Modal>
  );
}
