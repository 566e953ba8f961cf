import { TrophyOutlined } from '@ant-design/icons';
import type { NavItem } from '@rapport/ui-shared';
import { useSelectionT } from './selection-messages';

/** The admin console's nav entry for the selection and certification page of an institution. */
export function useSelectionNav(institutionId: string | null | undefined): NavItem {
  const t = useSelectionT();
  return {
    to: `/institutions/${institutionId ?? ''}/selection`,
    label: t('selection.title'),
    icon: <TrophyOutlined />,
    testId: 'nav-selection',
  };
}
