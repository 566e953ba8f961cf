import { roleLabel, useCurrentUser, useT } from '@rapport/ui-shared';
import { Button, Result } from 'antd';
import { useAdminT } from '../admin-messages';

/** Shown to supervisors, auditors and managers who open the admin console. */
export function NotAdminPage() {
  const t = useAdminT();
  const tShared = useT();
  const user = useCurrentUser();
  return (
    <Result
      status="403"
      title={t('admin.notAdmin.title')}
      subTitle={t('admin.notAdmin.description', { role: roleLabel(tShared, user.role) })}
      data-testid="not-admin"
      extra={
        // The portal lives outside the /admin basename, so this is a plain link, not a router Link.
        <Button type="primary" href="/" data-testid="go-portal">
          {t('admin.notAdmin.goPortal')}
        </Button>
      }
    />
  );
}
