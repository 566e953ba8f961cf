import {
  INSTITUTION_ROLES,
  type Role,
  roleLabel,
  type User,
  useApiErrorHandler,
  useT,
} from '@rapport/ui-shared';
import { App, Form, Modal, Select } from 'antd';
import { useAdminT } from '../admin-messages';
import { useReloadUsers, useUpdateUser } from '../api/users';

export function UserRoleModal({
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
  const [form] = Form.useForm<{ role: Role }>();
  const update = useUpdateUser(institutionId);
  const reload = useReloadUsers(institutionId);
  const onError = useApiErrorHandler();

  const submit = async ({ role }: { role: Role }) => {
    if (!user) return;
    try {
      await update.mutateAsync({ id: user.id, patch: { rev: user.rev, role } });
      message.success(tShared('common.saved'));
      onClose();
    } catch (error) {
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
      title={user ? t('users.changeRoleTitle', { name: user.name }) : ''}
      okText={tShared('common.save')}
      cancelText={tShared('common.cancel')}
      confirmLoading={update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'user-role-submit' }}
    >
      <Form<{ role: Role }>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={user ? { role: user.role } : {}}
        onFinish={submit}
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
      </Form>
    </Modal>
  );
}
