import { PlusOutlined } from '@ant-design/icons';
import {
  formatDateTime,
  INSTITUTION_ROLES,
  LoadError,
  type Role,
  roleLabel,
  type User,
  useApiErrorHandler,
  useCurrentUser,
  useT,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Flex,
  Popconfirm,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useAdminT } from '../admin-messages';
import { useReloadUsers, usersQuery, useUpdateUser } from '../api/users';
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
    {
      title: tShared('common.status'),
      dataIndex: 'disabled',
      render: (disabled: boolean) =>
        disabled ? (
          <Tag color="red">{tShared('status.disabled')}</Tag>
        ) : (
          <Tag color="green">{tShared('status.active')}</Tag>
        ),
    },
    {
      title: tShared('common.createdAt'),
      dataIndex: 'createdAt',
      render: (createdAt: string) => formatDateTime(createdAt),
      sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
    },
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
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
          {t('users.title')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="user-create"
        >
          {t('users.create')}
        </Button>
      </Flex>
      {users.isError ? (
        <LoadError error={users.error} onRetry={() => users.refetch()} />
      ) : (
        <div data-testid="users-table">
          <Table<User>
            rowKey="id"
            columns={columns}
            dataSource={users.data ?? []}
            loading={users.isPending}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
          />
        </div>
      )}
      <UserCreateModal institutionId={institutionId} open={creating} onClose={() => setCreating(false)} />
      <UserRoleModal
        institutionId={institutionId}
        user={changingRole}
        onClose={() => setChangingRole(undefined)}
      />
      <UserPasswordModal
        institutionId={institutionId}
        user={resettingPassword}
        onClose={() => setResettingPassword(undefined)}
      />
    </>
  );
}
