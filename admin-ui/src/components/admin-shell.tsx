import { ApartmentOutlined } from '@ant-design/icons';
import {
  AppFrame,
  FullPageSpinner,
  isAdminRole,
  type NavItem,
  RequireAuth,
  type User,
  useCurrentUser,
} from '@rapport/ui-shared';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { useAdminT } from '../admin-messages';
import { useInstitutionSections } from './institution-sections';
import { NotAdminPage } from './not-admin-page';

function useNav(user: User): NavItem[] {
  const t = useAdminT();
  const sections = useInstitutionSections();
  if (user.role === 'platform_admin') {
    return [
      {
        to: '/institutions',
        label: t('admin.nav.institutions'),
        icon: <ApartmentOutlined />,
        testId: 'nav-institutions',
      },
    ];
  }
  if (!user.institutionId) return [];
  const base = `/institutions/${user.institutionId}`;
  return sections.map((s) => ({
    to: `${base}/${s.key}`,
    label: s.label,
    icon: s.icon,
    testId: `nav-${s.key}`,
  }));
}

function AdminFrame() {
  const t = useAdminT();
  const user = useCurrentUser();
  const nav = useNav(user);
  if (!isAdminRole(user.role)) {
    return (
      <AppFrame subtitle={t('admin.subtitle')}>
        <NotAdminPage />
      </AppFrame>
    );
  }
  return (
    <AppFrame subtitle={t('admin.subtitle')} nav={nav}>
      <Suspense fallback={<FullPageSpinner />}>
        <Outlet />
      </Suspense>
    </AppFrame>
  );
}

/** Everything behind the login: signed-in users only, and pages only for admin roles. */
export function AdminShell() {
  return (
    <RequireAuth>
      <AdminFrame />
    </RequireAuth>
  );
}
