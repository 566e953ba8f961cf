import { LoginPage } from '@rapport/ui-shared';
import { useAdminT } from '../admin-messages';

export function LoginRoute() {
  const t = useAdminT();
  return <LoginPage subtitle={t('admin.subtitle')} />;
}
