import { FileDoneOutlined, FormOutlined, HomeOutlined } from '@ant-design/icons';
import { AppFrame, FullPageSpinner, type NavItem, RequireAuth } from '@rapport/ui-shared';
import { Suspense, useMemo } from 'react';
import { Outlet } from 'react-router';
import { usePortalT } from '../portal-messages';

/** Everything behind the login. */
export function PortalShell() {
  const t = usePortalT();
  const nav = useMemo<NavItem[]>(
    () => [
      { to: '/', label: t('nav.home'), icon: <HomeOutlined />, testId: 'nav-home' },
      { to: '/forms', label: t('nav.forms'), icon: <FormOutlined />, testId: 'nav-forms' },
      {
        to: '/submissions',
        label: t('nav.submissions'),
        icon: <FileDoneOutlined />,
        testId: 'nav-submissions',
      },
    ],
    [t],
  );
  return (
    <RequireAuth>
      <AppFrame subtitle={t('portal.subtitle')} nav={nav}>
        <Suspense fallback={<FullPageSpinner />}>
          <Outlet />
        </Suspense>
      </AppFrame>
    </RequireAuth>
  );
}
