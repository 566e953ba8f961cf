import { AppFrame, FullPageSpinner, RequireAuth } from '@rapport/ui-shared';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { usePortalT } from '../portal-messages';

/** Everything behind the login. */
export function PortalShell() {
  const t = usePortalT();
  return (
    <RequireAuth>
      <AppFrame subtitle={t('portal.subtitle')}>
        <Suspense fallback={<FullPageSpinner />}>
          <Outlet />
        </Suspense>
      </AppFrame>
    </RequireAuth>
  );
}
