import {
  ApartmentOutlined,
  BranchesOutlined,
  ClusterOutlined,
  FormOutlined,
  HistoryOutlined,
  IdcardOutlined,
  RiseOutlined,
  TeamOutlined,
} from '@ant-design/icons';
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
import { useCyclesNav } from '../cycles/use-cycles-nav';
import { useBuilderT } from '../form-builder/builder-messages';
import { useIndicatorsNav } from '../indicators/use-indicators-nav';
import { useReportsNav } from '../reports/use-reports-nav';
import { useSelectionNav } from '../selection/use-selection-nav';
import { useDesignerT } from '../workflow-designer/designer-messages';
import { NotAdminPage } from './not-admin-page';

function useNav(user: User): NavItem[] {
  const t = useAdminT();
  const tBuilder = useBuilderT();
  const tDesigner = useDesignerT();
  const indicatorsNav = useIndicatorsNav(user.institutionId);
  const cyclesNav = useCyclesNav(user.institutionId);
  const reportsNav = useReportsNav(user.institutionId);
  const selectionNav = useSelectionNav(user.institutionId);
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
  return [
    { to: `${base}/users`, label: t('admin.nav.users'), icon: <TeamOutlined />, testId: 'nav-users' },
    { to: `${base}/org`, label: t('admin.nav.org'), icon: <ClusterOutlined />, testId: 'nav-org' },
    {
      to: `${base}/managers`,
      label: t('admin.nav.managers'),
      icon: <IdcardOutlined />,
      testId: 'nav-managers',
    },
    selectionNav,
    { to: `${base}/grades`, label: t('admin.nav.grades'), icon: <RiseOutlined />, testId: 'nav-grades' },
    { to: `${base}/forms`, label: tBuilder('forms.nav'), icon: <FormOutlined />, testId: 'nav-forms' },
    {
      to: `${base}/workflows`,
      label: tDesigner('workflows.nav'),
      icon: <BranchesOutlined />,
      testId: 'nav-workflows',
    },
    indicatorsNav,
    cyclesNav,
    reportsNav,
    { to: `${base}/events`, label: t('admin.nav.events'), icon: <HistoryOutlined />, testId: 'nav-events' },
  ];
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
