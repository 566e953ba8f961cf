import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useCurrentUser } from '../auth/current-user';
import { useLogout } from '../auth/use-logout';
import { roleLabel } from '../i18n/format';
import { useT } from '../i18n/shared-messages';
import { LanguageSwitch } from './language-switch';
import { useDocumentTitle } from './use-document-title';

export interface NavItem {
  /** Route path; the item is selected when the location starts with it. */
  to: string;
  label: string;
  icon?: ReactNode;
  testId?: string;
}

export interface AppFrameProps {
  /** Which app this is, shown beside the product name (e.g. "管理控制台"). */
  subtitle?: string;
  nav?: NavItem[];
  children: ReactNode;
}

/**
 * The page chrome both apps share (use inside RequireAuth): header with product name, user,
 * language switch and sign-out; an optional side menu.
 */
export function AppFrame({ subtitle, nav = [], children }: AppFrameProps) {
  const t = useT();
  const user = useCurrentUser();
  useDocumentTitle(subtitle);
  const { message } = App.useApp();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const selected = nav
    .filter((item) => location.pathname === item.to || location.pathname.startsWith(`${item.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 24, background: '#fff' }}
        data-testid="app-header"
      >
        <Link to="/" style={{ color: 'inherit' }}>
          <Typography.Text strong style={{ fontSize: 18, whiteSpace: 'nowrap' }} data-testid="product-name">
            {t('app.productName')}
          </Typography.Text>
        </Link>
        {subtitle ? (
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {subtitle}
          </Typography.Text>
        ) : null}
        <Space size="middle" wrap={false} style={{ marginInlineStart: 'auto' }}>
          <Space size={4}>
            <UserOutlined />
            <Typography.Text data-testid="user-name">{user.name}</Typography.Text>
            <Tag color="blue" data-testid="user-role">
              {roleLabel(t, user.role)}
            </Tag>
          </Space>
          <LanguageSwitch />
          <Button
            icon={<LogoutOutlined />}
            loading={logout.isPending}
            data-testid="logout"
            onClick={() =>
              logout.mutate(undefined, {
                onSuccess: () => navigate('/login', { replace: true }),
                onError: (error) => message.error(error.message || t('auth.logout.failed')),
              })
            }
          >
            {t('auth.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        {nav.length > 0 ? (
          <Layout.Sider width={200} theme="light" breakpoint="md" collapsedWidth={0}>
            <Menu
              mode="inline"
              style={{ height: '100%', borderInlineEnd: 0 }}
              selectedKeys={selected ? [selected.to] : []}
              data-testid="nav-menu"
              items={nav.map((item) => ({
                key: item.to,
                icon: item.icon,
                label: (
                  <Link to={item.to} data-testid={item.testId}>
                    {item.label}
                  </Link>
                ),
              }))}
            />
          </Layout.Sider>
        ) : null}
        <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
