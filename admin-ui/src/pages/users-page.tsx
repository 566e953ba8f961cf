import {
  INSTITUTION_ROLES,
  type Role,
  roleLabel,
  type User,
  useApiErrorHandler,
  useCurrentUser,
  useT,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Button, Popconfirm, Space, type TableColumnsType, Tooltip } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useAdminT } from '../admin-messages';
import { useReloadUsers, usersQuery, useUpdateUser } from '../api/users';
import { createdAtColumn } from '../components/created-at-column';
import { ListPage } from '../components/list-page';
import { statusColumn } from '../components/status-column';
import { UserCreateModal } from '../components/user-create-modal';
import { UserPasswordModal } from '../components/user-password-modal';
import { UserRoleModal } from '../components/user-role-modal';

export default function UsersPage() {
  const t = useAdminT();
  const tShared = useT();
  const me = useCurrentUser();
  const { institutionId = '' } = useParams();
  const users = useQuery(usersQuery(institutionId));
  const update = useUpdateUser(institutionId);
  const reload = useReloadUsers(institutionId);
  const onError = useApiErrorHandler();
  const [creating, setCreating] = useState(false);
  const [changingRole, setChangingRole] = useState<User>();
  const [resettingPassword, setResettingPassword] = useState<User>();

  const toggleDisabled = (user: User) =>
    update
      .mutateAsync({ id: user.id, patch: { rev: user.rev, disabled: !user.disabled } })
      .catch((error: unknown) => onError(error, { onConflict: () => void reload() }));

  const columns: TableColumnsType<User> = [
    {
      title: t('users.name'),
      dataIndex: 'name',
      render: (name: string, user) => (user.id === me.id ? `${name}${t('users.you')}` : name),
      sorter: (a, b) => a.name.localeCompare(b.name),
    },
    { title: t('users.email'), dataIndex: 'email', sorter: (a, b) => a.email.localeCompare(b.email) },
    {
      title: t('users.role'),
      dataIndex: 'role',
      render: (role: Role) => roleLabel(tShared, role),
      filters: INSTITUTION_ROLES.map((role) => ({ text: roleLabel(tShared, role), value: role })),
      onFilter: (value, user) => user.role === value,
    },
    statusColumn(tShared),
    createdAtColumn(tShared),
    {
      title: tShared('common.actions'),
      key: 'actions',
      render: (_, user) => {
        // Changing your own role or locking yourself out is refused here rather than left to surprise.
        const isSelf = user.id === me.id;
        const selfHint = isSelf ? t('users.selfHint') : undefined;
        return (
          <Space size={0} wrap>
            <Tooltip title={selfHint}>
              <Button
                type="link"
                size="small"
                disabled={isSelf}
                onClick={() => setChangingRole(user)}
                data-testid={`user-change-role-${user.email}`}
              >
                {t('users.changeRole')}
              </Button>
            </Tooltip>
            <Button
              type="link"
              size="small"
              onClick={() => setResettingPassword(user)}
              data-testid={`user-reset-password-${user.email}`}
            >
              {t('users.resetPassword')}
            </Button>
            <Popconfirm
              title={t(user.disabled ? 'users.enableConfirm' : 'users.disableConfirm', { name: user.name })}
              okText={tShared('common.confirm')}
              cancelText={tShared('common.cancel')}
              onConfirm={() => toggleDisabled(user)}
              disabled={isSelf}
            >
              <Tooltip title={selfHint}>
                <Button
                  type="link"
                  size="small"
                  danger={!user.disabled}
                  disabled={isSelf}
                  data-testid={`user-toggle-${user.email}`}
                >
                  {user.disabled ? tShared('common.enable') : tShared('common.disable')}
                </Button>
              </Tooltip>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];

  return (
    <ListPage<User>
      title={t('users.title')}
      titleLevel={4}
      createLabel={t('users.create')}
      createTestId="user-create"
      onCreate={() => setCreating(true)}
      query={users}
      columns={columns}
      tableTestId="users-table"
    >
      <UserCreateModal institutionId={institutionId} open={creating} onClose={() => setCreating(false)} />
      <UserRoleModal
        key={changingRole?.id ?? 'none'}
        institutionId={institutionId}
        user={changingRole}
        onClose={() => setChangingRole(undefined)}
      />
      <UserPasswordModal
        key={resettingPassword?.id ?? 'none'}
        institutionId={institutionId}
        user={resettingPassword}
        onClose={() => setResettingPassword(undefined)}
      />
    </ListPage>
  );
}
