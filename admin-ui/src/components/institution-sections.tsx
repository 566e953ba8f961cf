import {
  AppstoreAddOutlined,
  AuditOutlined,
  BarChartOutlined,
  BranchesOutlined,
  ClusterOutlined,
  FileSearchOutlined,
  FormOutlined,
  FundOutlined,
  HistoryOutlined,
  IdcardOutlined,
  RiseOutlined,
  SlidersOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useAdminT } from '../admin-messages';
import { useAuditT } from '../audits/audit-messages';
import { useCycleT } from '../cycles/cycle-messages';
import { useBuilderT } from '../form-builder/builder-messages';
import { useIndicatorT } from '../indicators/indicator-messages';
import { usePluginT } from '../plugins/plugin-messages';
import { useReportsT } from '../reports/reports-messages';
import { useRulesT } from '../rules/rules-messages';
import { useSelectionT } from '../selection/selection-messages';
import { useDesignerT } from '../workflow-designer/designer-messages';

/** One page of an institution in the admin console: its path segment, name and icon. */
export interface InstitutionSection {
  key: string;
  label: string;
  icon: ReactNode;
}

/**
 * The pages of an institution, in the order the console shows them: the side navigation of an
 * institution admin and the tabs a platform admin sees on an institution both come from here.
 */
export function useInstitutionSections(): InstitutionSection[] {
  const t = useAdminT();
  const tBuilder = useBuilderT();
  const tDesigner = useDesignerT();
  const tIndicators = useIndicatorT();
  const tCycles = useCycleT();
  const tReports = useReportsT();
  const tSelection = useSelectionT();
  const tAudits = useAuditT();
  const tPlugins = usePluginT();
  const tRules = useRulesT();
  return [
    { key: 'users', label: t('admin.nav.users'), icon: <TeamOutlined /> },
    { key: 'plugins', label: tPlugins('plugins.title'), icon: <AppstoreAddOutlined /> },
    { key: 'org', label: t('admin.nav.org'), icon: <ClusterOutlined /> },
    { key: 'managers', label: t('term.managers'), icon: <IdcardOutlined /> },
    { key: 'selection', label: tSelection('selection.title'), icon: <TrophyOutlined /> },
    { key: 'grades', label: t('term.gradeStandards'), icon: <RiseOutlined /> },
    { key: 'rules', label: tRules('rules.title'), icon: <SlidersOutlined /> },
    { key: 'forms', label: tBuilder('forms.nav'), icon: <FormOutlined /> },
    { key: 'workflows', label: tDesigner('workflows.nav'), icon: <BranchesOutlined /> },
    { key: 'indicators', label: tIndicators('indicators.title'), icon: <FundOutlined /> },
    { key: 'cycles', label: tCycles('term.cycles'), icon: <AuditOutlined /> },
    { key: 'audits', label: tAudits('audits.title'), icon: <FileSearchOutlined /> },
    { key: 'reports', label: tReports('reports.nav'), icon: <BarChartOutlined /> },
    { key: 'events', label: t('admin.nav.events'), icon: <HistoryOutlined /> },
  ];
}
