import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useLogin } from '../auth/use-login';
import { useMe } from '../auth/use-me';
import { useT } from '../i18n/shared-messages';
import { FullPageSpinner } from './full-page-spinner';
import { LanguageSwitch } from './language-switch';
import { useDocumentTitle } from './use-document-title';

export interface LoginPageProps {
  /** Shown under the product name, e.g. "管理控制台". */
  subtitle?: string;
}

function redirectTarget(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state && typeof state.from === 'string') {
    return state.from.startsWith('/') ? state.from : '/';
  }
  return '/';
}

export function LoginPage({ subtitle }: LoginPageProps) {
  const t = useT();
  const me = useMe();
  const login = useLogin();
  const location = useLocation();
  const navigate = useNavigate();
  const target = redirectTarget(location.state);
  useDocumentTitle(subtitle);

  if (me.isPending) return <FullPageSpinner />;
  if (me.data) return <Navigate to={target} replace />;

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }} data-testid="login-card">
        <Flex justify="space-between" align="flex-start">
          <div>
            <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
              {t('app.productName')}
            </Typography.Title>
            {subtitle ? <Typography.Text type="secondary">{subtitle}</Typography.Text> : null}
          </div>
          <LanguageSwitch />
        </Flex>
        <Typography.Title level={4} style={{ marginTop: 24 }}>
          {t('auth.login.title')}
        </Typography.Title>
        {login.error ? (
          <Alert
            type="error"
            showIcon
            title={login.error.message || t('auth.login.failed')}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        ) : null}
        <Form<{ email: string; password: string }>
          layout="vertical"
          requiredMark={false}
          disabled={login.isPending}
          onFinish={(values) =>
            login.mutate(
              { email: values.email.trim(), password: values.password },
              { onSuccess: () => navigate(target, { replace: true }) },
            )
          }
          data-testid="login-form"
        >
          <Form.Item
            name="email"
            label={t('auth.login.email')}
            rules={[
              { required: true, message: t('auth.login.emailRequired') },
              { type: 'email', message: t('auth.login.emailInvalid') },
            ]}
          >
            <Input prefix={<MailOutlined />} autoComplete="username" autoFocus data-testid="login-email" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.login.password')}
            rules={[{ required: true, message: t('auth.login.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('auth.login.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
