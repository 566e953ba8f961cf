import { type CustomerClass, FREQUENCY_CLASSES, type FrequencyClass, type SizeClass } from '@rapport/schemas';

const zh = {
  'role.platform_admin': '平台管理员',
  'role.institution_admin': '机构管理员',
  'role.supervisor': '主管',
  'role.auditor': '稽核员',
  'role.manager': '客户经理',
  'term.manager': '客户经理',
  'term.managers': '客户经理',
  'term.grade': '等级',
  'term.grades': '等级',
  'term.gradeStandards': '等级标准',
  'term.cycle': '考核周期',
  'term.cycles': '考核周期',
  'term.resultLevel': '结果等级',
  'term.orgUnit': '机构',
  'term.orgUnits': '机构',
  'term.weight': '权重',
  'term.customers': '客户',
  'term.inspectionPlans': '检查计划',
  'term.inspectionMethods': '检查方法',
  'term.announced': '事先通知',
  'term.unannounced': '无预警',
  'auditMode.on-site': '现场',
  'auditMode.off-site': '非现场',
  'frequency.frequent': '经常联系户',
  'frequency.occasional': '流动户',
  'frequency.dormant': '休眠户',
  'size.large': '大型客户',
  'size.medium': '中等客户',
  'size.small': '小客户',
} as const;

export type GlossaryKey = keyof typeof zh;

const en: Record<GlossaryKey, string> = {
  'role.platform_admin': 'Platform admin',
  'role.institution_admin': 'Institution admin',
  'role.supervisor': 'Supervisor',
  'role.auditor': 'Auditor',
  'role.manager': 'Customer manager',
  'term.manager': 'Manager',
  'term.managers': 'Managers',
  'term.grade': 'Grade',
  'term.grades': 'Grades',
  'term.gradeStandards': 'Grades',
  'term.cycle': 'Appraisal cycle',
  'term.cycles': 'Appraisal cycles',
  'term.resultLevel': 'Level',
  'term.orgUnit': 'Org unit',
  'term.orgUnits': 'Org units',
  'term.weight': 'Weight',
  'term.customers': 'Customers',
  'term.inspectionPlans': 'Inspection plans',
  'term.inspectionMethods': 'Inspection methods',
  'term.announced': 'Announced',
  'term.unannounced': 'Unannounced',
  'auditMode.on-site': 'On-site',
  'auditMode.off-site': 'Off-site',
  'frequency.frequent': 'Frequent',
  'frequency.occasional': 'Occasional',
  'frequency.dormant': 'Dormant',
  'size.large': 'Large',
  'size.medium': 'Medium',
  'size.small': 'Small',
};

/**
 * The glossary's words (DOMAIN.md) as both UIs show them, written once: every message bundle of
 * either UI spreads `glossary.zh` and `glossary.en` into its own dictionaries, so `t('term.manager')`
 * reads the same word on every page. A word with another English wording in one place stays there.
 */
export const glossary = { zh, en };

/** The glossary key naming a customer class, by frequency (`frequency.*`) or by size (`size.*`). */
export function customerClassTerm(customerClass: CustomerClass): GlossaryKey {
  return (FREQUENCY_CLASSES as readonly string[]).includes(customerClass)
    ? `frequency.${customerClass as FrequencyClass}`
    : `size.${customerClass as SizeClass}`;
}
