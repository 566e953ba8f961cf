import { AuditOutlined } from '@ant-design/icons';
import type { NavItem } from '@rapport/ui-shared';
import { useCycleT } from './cycle-messages';

/** The admin console's nav entry for the appraisal cycles of an institution. */
export function useCyclesNav(institutionId: string | null | undefined): NavItem {
  const t = useCycleT();
  return {
    to: `/institutions/${institutionId ?? ''}/cycles`,
    label: t('cycles.title'),
    icon: <AuditOutlined />,
    testId: 'nav-cycles',
  };
}
