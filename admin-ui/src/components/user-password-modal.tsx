import { showValidationErrors, type User, useApiErrorHandler, useT } from '@rapport/ui-shared';
import { App, Form, Input, Modal } from 'antd';
import { useAdminT } from '../admin-messages';
import { useReloadUsers, useUpdateUser } from '../api/users';
import { MIN_PASSWORD_LENGTH } from './user-create-modal';

interface PasswordForm {
  password: string;
  confirm: string;
}

export function UserPasswordModal({
  institutionId,
  user,
  onClose,
}: {
  institutionId: string;
  user: User | undefined;
  onClose: () => void;
}) {
  const t = useAdminT();
  const tShared = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const update = useUpdateUser(institutionId);
  const reload = useReloadUsers(institutionId);
  const onError = useApiErrorHandler();

  const submit = async ({ password }: PasswordForm) => {
    if (!user) return;
    try {
      await update.mutateAsync({ id: user.id, patch: { rev: user.rev, password } });
      message.success(t('users.passwordReset'));
      onClose();
    } catch (error) {
      if (showValidationErrors(form, error, ['password'])) return;
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
      open={user !== undefined}
      title={user ? t('users.resetPasswordTitle', { name: user.name }) : ''}
      okText={tShared('common.save')}
      cancelText={tShared('common.cancel')}
      confirmLoading={update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'user-password-submit' }}
    >
      <Form<PasswordForm> form={form} layout="vertical" preserve={false} onFinish={submit} autoComplete="off">
        <Form.Item
          name="password"
          label={t('users.password')}
          rules={[
            { required: true, message: t('users.passwordRequired') },
            { min: MIN_PASSWORD_LENGTH, message: t('users.passwordMin', { min: MIN_PASSWORD_LENGTH }) },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-password-input" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('users.passwordConfirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('users.passwordRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('password') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('users.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
