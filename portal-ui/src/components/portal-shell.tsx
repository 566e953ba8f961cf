import {
  AuditOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  FormOutlined,
  HomeOutlined,
  PieChartOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import {
  AppFrame,
  FullPageSpinner,
  type NavItem,
  RequireAuth,
  useCurrentUser,
  useNotifications,
} from '@rapport/ui-shared';
import { Badge } from 'antd';
import { Suspense, useMemo } from 'react';
import { Outlet } from 'react-router';
import { useAppraisalT } from '../appraisals/appraisal-messages';
import { useAuditT } from '../audits/audit-messages';
import { useCustomerT } from '../customers/customers-messages';
import { usePortalT } from '../portal-messages';

/** The inbox icon with my unread notifications (refetched every 30 s). */
function UnreadBadge({ institutionId }: { institutionId: string }) {
  const notifications = useNotifications(institutionId, true);
  const unread = notifications.data?.unread ?? 0;
  return (
    <Badge
      size="small"
      offset={[2, -2]}
      style={{ marginInlineEnd: 10 }}
      count={
        unread > 0 ? (
          <span
            data-testid="unread-count"
            style={{
              minWidth: 16,
              height: 16,
              padding: '0 4px',
              borderRadius: 8,
              background: '#ff4d4f',
              color: '#fff',
              fontSize: 11,
              lineHeight: '16px',
              textAlign: 'center',
            }}
          >
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null
      }
    >
      <CheckSquareOutlined />
    </Badge>
  );
}

/** The side menu; inside RequireAuth, where the current user is known. */
function PortalFrame() {
  const t = usePortalT();
  const tAppraisals = useAppraisalT();
  const tCustomers = useCustomerT();
  const tAudits = useAuditT();
  const user = useCurrentUser();
  const institutionId = user.institutionId;
  const nav = useMemo<NavItem[]>(
    () => [
      { to: '/', label: t('nav.home'), icon: <HomeOutlined />, testId: 'nav-home' },
      {
        to: '/inbox',
        label: t('nav.inbox'),
        icon: institutionId ? <UnreadBadge institutionId={institutionId} /> : <CheckSquareOutlined />,
        testId: 'nav-inbox',
      },
      { to: '/forms', label: t('nav.forms'), icon: <FormOutlined />, testId: 'nav-forms' },
      {
        to: '/submissions',
        label: t('nav.submissions'),
        icon: <FileDoneOutlined />,
        testId: 'nav-submissions',
      },
      {
        to: '/appraisals',
        label: tAppraisals('nav.appraisals'),
        icon: <AuditOutlined />,
        testId: 'nav-appraisals',
      },
      {
        to: '/audits',
        label: tAudits('nav.audits'),
        icon: <FileSearchOutlined />,
        testId: 'nav-audits',
      },
      {
        to: '/customers',
        label: tCustomers('nav.customers'),
        icon: <TeamOutlined />,
        testId: 'nav-customers',
      },
      {
        to: '/weekly-entry',
        label: tCustomers('nav.weekly'),
        icon: <CalendarOutlined />,
        testId: 'nav-weekly-entry',
      },
      {
        to: '/core-customers',
        label: tCustomers('nav.core'),
        icon: <PieChartOutlined />,
        testId: 'nav-core-customers',
      },
    ],
    [t, tAppraisals, tCustomers, tAudits, institutionId],
  );
  return (
    <AppFrame subtitle={t('portal.subtitle')} nav={nav}>
      <Suspense fallback={<FullPageSpinner />}>
        <Outlet />
      </Suspense>
    </AppFrame>
  );
}

/** Everything behind the login. */
export function PortalShell() {
  return (
    <RequireAuth>
      <PortalFrame />
    </RequireAuth>
  );
}
