import { BarChartOutlined } from '@ant-design/icons';
import type { NavItem } from '@rapport/ui-shared';
import { useIndicatorT } from './indicator-messages';

/** The admin console's nav entry for the indicators page of an institution. */
export function useIndicatorsNav(institutionId: string | null | undefined): NavItem {
  const t = useIndicatorT();
  return {
    to: `/institutions/${institutionId ?? ''}/indicators`,
    label: t('indicators.title'),
    icon: <BarChartOutlined />,
    testId: 'nav-indicators',
  };
}
