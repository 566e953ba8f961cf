import { LoginPage } from '@rapport/ui-shared';
import { usePortalT } from '../portal-messages';

export function LoginRoute() {
  const t = usePortalT();
  return <LoginPage subtitle={t('portal.subtitle')} />;
}
