import { INSTITUTION_ROLES, type Role, roleLabel, useT } from '@rapport/ui-shared';
import { Form, Select } from 'antd';
import { useAdminT } from '../admin-messages';
import { FormModal } from './form-modal';
import { useUserPatch } from './use-user-patch';
import type { UserModalProps } from './user-modal-props';

export function UserRoleModal({ institutionId, user, onClose }: UserModalProps) {
  const t = useAdminT();
  const tShared = useT();
  const [form] = Form.useForm<{ role: Role }>();
  const { patch, saving } = useUserPatch({ institutionId, user, form, onClose });

  const submit = ({ role }: { role: Role }) => patch({ role }, tShared('common.saved'));

  return (
    <FormModal<{ role: Role }>
      open={user !== undefined}
      title={user ? t('users.changeRoleTitle', { name: user.name }) : ''}
      form={form}
      onFinish={submit}
      onClose={onClose}
      saving={saving}
      submitTestId="user-role-submit"
      initialValues={user ? { role: user.role } : {}}
    >
      <Form.Item
        name="role"
        label={t('users.role')}
        rules={[{ required: true, message: t('users.roleRequired') }]}
      >
        <Select
          data-testid="user-role-select"
          options={INSTITUTION_ROLES.map((role) => ({ value: role, label: roleLabel(tShared, role) }))}
        />
      </Form.Item>
    </FormModal>
  );
}
