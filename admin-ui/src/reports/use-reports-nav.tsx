import { BarChartOutlined } from '@ant-design/icons';
import type { NavItem } from '@rapport/ui-shared';
import { useReportsT } from './reports-messages';

/** The admin console's nav entry for the reports of an institution. */
export function useReportsNav(institutionId: string | null | undefined): NavItem {
  const t = useReportsT();
  return {
    to: `/institutions/${institutionId ?? ''}/reports`,
    label: t('reports.nav'),
    icon: <BarChartOutlined />,
    testId: 'nav-reports',
  };
}
