import { INSTITUTION_ROLES, roleLabel, useT } from '@rapport/ui-shared';
import { Form, Select } from 'antd';
import { useAdminT } from '../admin-messages';
import { useReloadManagers } from '../api/org';
import type { UserPatch } from '../api/users';
import { UnitTreeSelect } from '../org/unit-tree-select';
import { FormModal } from './form-modal';
import { useUserPatch } from './use-user-patch';
import type { UserModalProps } from './user-modal-props';

interface RoleForm extends Pick<UserPatch, 'orgUnitId'> {
  /** The server takes an institution role here (the select offers only those). */
  role: NonNullable<UserPatch['role']>;
}

const FIELDS = ['role', 'orgUnitId'] as const;

/** A user's role and the org unit they sit in. */
export function UserRoleModal({ institutionId, user, onClose }: UserModalProps) {
  const t = useAdminT();
  const tShared = useT();
  const [form] = Form.useForm<RoleForm>();
  const { patch, saving } = useUserPatch({ institutionId, user, form, fields: FIELDS, onClose });
  // A manager's unit shows in the managers list too.
  const reloadManagers = useReloadManagers(institutionId);
  const placedIn = user?.orgUnitId ?? null;

  const submit = async ({ role, orgUnitId }: RoleForm) => {
    const changes: Omit<UserPatch, 'rev'> = {
      role,
      ...((orgUnitId ?? null) === placedIn ? {} : { orgUnitId: orgUnitId ?? null }),
    };
    await patch(changes, tShared('common.saved'));
    if ('orgUnitId' in changes) void reloadManagers();
  };

  return (
    <FormModal<RoleForm>
      open={user !== undefined}
      title={user ? t('users.roleAndUnitTitle', { name: user.name }) : ''}
      form={form}
      onFinish={submit}
      onClose={onClose}
      saving={saving}
      submitTestId="user-role-submit"
      initialValues={user ? { role: user.role, orgUnitId: placedIn ?? undefined } : {}}
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
      <Form.Item name="orgUnitId" label={t('users.orgUnit')}>
        <UnitTreeSelect
          institutionId={institutionId}
          placeholder={t('users.orgUnitNone')}
          testId="user-role-unit"
        />
      </Form.Item>
    </FormModal>
  );
}
