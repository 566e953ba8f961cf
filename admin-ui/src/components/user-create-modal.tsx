import { INSTITUTION_ROLES, type Role, roleLabel, useT } from '@rapport/ui-shared';
import { Form, Input, Select } from 'antd';
import { useAdminT } from '../admin-messages';
import { type UserInput, useCreateUser } from '../api/users';
import { UnitTreeSelect } from '../org/unit-tree-select';
import { FormModal } from './form-modal';
import { useSaveHandler } from './use-save-handler';

const FIELDS = ['name', 'email', 'password', 'role', 'orgUnitId'] as const;

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
  const [form] = Form.useForm<UserInput>();
  const create = useCreateUser(institutionId);
  // A new user has no rev to be stale, so a conflict needs no reload.
  const save = useSaveHandler({ form, fields: FIELDS, onClose });

  const submit = (values: UserInput) =>
    save(async () => {
      const input: UserInput = {
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        role: values.role,
        ...(values.orgUnitId ? { orgUnitId: values.orgUnitId } : {}),
      };
      const user = await create.mutateAsync(input);
      return t('users.created', { name: user.name });
    });

  return (
    <FormModal<UserInput>
      open={open}
      title={t('users.create')}
      form={form}
      onFinish={submit}
      onClose={onClose}
      saving={create.isPending}
      submitTestId="user-form-submit"
      initialValues={{ role: 'manager' satisfies Role }}
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
      <Form.Item name="orgUnitId" label={t('users.orgUnit')}>
        <UnitTreeSelect
          institutionId={institutionId}
          placeholder={t('users.orgUnitNone')}
          testId="user-form-unit"
        />
      </Form.Item>
    </FormModal>
  );
}
