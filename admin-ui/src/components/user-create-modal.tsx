import {
  INSTITUTION_ROLES,
  type Role,
  roleLabel,
  showValidationErrors,
  useApiErrorHandler,
  useT,
} from '@rapport/ui-shared';
import { App, Form, Input, Modal, Select } from 'antd';
import { useAdminT } from '../admin-messages';
import { type UserInput, useCreateUser } from '../api/users';

const FIELDS = ['name', 'email', 'password', 'role'] as const;

/** Client-side floor only; the server has the final word on password rules. */
export const MIN_PASSWORD_LENGTH = 8;

export function UserCreateModal({
  institutionId,
  open,
  onClose,
}: {
  institutionId: string;
  open: boolean;
  onClose: () => void;
}) {
  const t = useAdminT();
  const tShared = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserInput>();
  const create = useCreateUser(institutionId);
  const onError = useApiErrorHandler();

  const submit = async (values: UserInput) => {
    try {
      const user = await create.mutateAsync({
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        role: values.role,
      });
      message.success(t('users.created', { name: user.name }));
      onClose();
    } catch (error) {
      if (!showValidationErrors(form, error, FIELDS)) onError(error);
    }
  };

  return (
    <Modal
      open={open}
      title={t('users.create')}
      okText={tShared('common.save')}
      cancelText={tShared('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'user-form-submit' }}
    >
      <Form<UserInput>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ role: 'manager' satisfies Role }}
        onFinish={submit}
        autoComplete="off"
      >
        <Form.Item
          name="name"
          label={t('users.name')}
          rules={[{ required: true, whitespace: true, message: t('users.nameRequired') }]}
        >
          <Input maxLength={100} data-testid="user-form-name" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('users.email')}
          rules={[
            { required: true, message: t('users.emailRequired') },
            { type: 'email', message: t('users.emailInvalid') },
          ]}
        >
          <Input maxLength={200} autoComplete="off" data-testid="user-form-email" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.initialPassword')}
          rules={[
            { required: true, message: t('users.passwordRequired') },
            { min: MIN_PASSWORD_LENGTH, message: t('users.passwordMin', { min: MIN_PASSWORD_LENGTH }) },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-form-password" />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[{ required: true, message: t('users.roleRequired') }]}
        >
          <Select
            data-testid="user-form-role"
            options={INSTITUTION_ROLES.map((role) => ({ value: role, label: roleLabel(tShared, role) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
