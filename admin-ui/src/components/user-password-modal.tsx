import { Form, Input } from 'antd';
import { useAdminT } from '../admin-messages';
import { FormModal } from './form-modal';
import { useUserPatch } from './use-user-patch';
import { MIN_PASSWORD_LENGTH } from './user-create-modal';
import type { UserModalProps } from './user-modal-props';

interface PasswordForm {
  password: string;
  confirm: string;
}

const FIELDS = ['password'] as const;

export function UserPasswordModal({ institutionId, user, onClose }: UserModalProps) {
  const t = useAdminT();
  const [form] = Form.useForm<PasswordForm>();
  const { patch, saving } = useUserPatch({ institutionId, user, form, fields: FIELDS, onClose });

  const submit = ({ password }: PasswordForm) => patch({ password }, t('users.passwordReset'));

  return (
    <FormModal<PasswordForm>
      open={user !== undefined}
      title={user ? t('users.resetPasswordTitle', { name: user.name }) : ''}
      form={form}
      onFinish={submit}
      onClose={onClose}
      saving={saving}
      submitTestId="user-password-submit"
      autoComplete="off"
    >
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
    </FormModal>
  );
}
