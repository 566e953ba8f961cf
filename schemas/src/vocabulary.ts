/** Terms of the platform's own documents, shared by the server and the UIs (see DOMAIN.md's glossary). */

/** A user-visible text in both UI languages. */
export interface Message {
  zh: string;
  en: string;
}

export const ROLES = ['platform_admin', 'institution_admin', 'supervisor', 'auditor', 'manager'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that belong to an institution; the platform admin belongs to none. */
export const INSTITUTION_ROLES = ['institution_admin', 'supervisor', 'auditor', 'manager'] as const;
export type InstitutionRole = (typeof INSTITUTION_ROLES)[number];

/** Roles that may use the admin console. */
export const ADMIN_ROLES = ['platform_admin', 'institution_admin'] as const;

/** The industries an institution's plugin may come from. */
export const INDUSTRIES = ['banking', 'postal', 'tech', 'other'] as const;
export type Industry = (typeof INDUSTRIES)[number];

export function isAdminRole(role: Role): boolean {
  return (ADMIN_ROLES as readonly Role[]).includes(role);
}

/** The four manager grades, highest first (part 2 §6); `trainee` is the entry grade. */
export const GRADES = ['senior', 'level1', 'level2', 'trainee'] as const;
export type Grade = (typeof GRADES)[number];

/** Roles within a manager team (part 4). */
export const TEAM_ROLES = ['leader', 'relationship-manager', 'solution-designer', 'assistant'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Levels of the org tree, from the top. */
export const ORG_UNIT_KINDS = ['head-office', 'branch', 'sub-branch', 'outlet'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

export const GRADE_LABELS: Record<Grade, Message> = {
  senior: { zh: '高级客户经理', en: 'Senior manager' },
  level1: { zh: '一级客户经理', en: 'Level 1 manager' },
  level2: { zh: '二级客户经理', en: 'Level 2 manager' },
  trainee: { zh: '见习客户经理', en: 'Trainee manager' },
};

export const TEAM_ROLE_LABELS: Record<TeamRole, Message> = {
  leader: { zh: '组长', en: 'Team leader' },
  'relationship-manager': { zh: '关系经理', en: 'Relationship manager' },
  'solution-designer': { zh: '业务经理', en: 'Solution designer' },
  assistant: { zh: '辅助人员', en: 'Assistant' },
};

export const ORG_UNIT_KIND_LABELS: Record<OrgUnitKind, Message> = {
  'head-office': { zh: '总行（总部）', en: 'Head office' },
  branch: { zh: '分行（分公司）', en: 'Branch' },
  'sub-branch': { zh: '支行（营业部）', en: 'Sub-branch' },
  outlet: { zh: '网点', en: 'Outlet' },
};

/** How often a customer deals with the institution (classified from transactions in a window). */
export const FREQUENCY_CLASSES = ['frequent', 'occasional', 'dormant'] as const;
export type FrequencyClass = (typeof FREQUENCY_CLASSES)[number];

/** How much business a customer brings (classified from volume in a window). */
export const SIZE_CLASSES = ['large', 'medium', 'small'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** Every customer class, as audit scopes and reports name them. */
export const CUSTOMER_CLASSES = [...FREQUENCY_CLASSES, ...SIZE_CLASSES] as const;
export type CustomerClass = (typeof CUSTOMER_CLASSES)[number];

/** The kinds of business facts recorded per customer. */
export const FACT_KINDS = ['transaction', 'balance', 'volume'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** What can be said on a workflow instance besides moving it. */
export const NOTE_ACTIONS = ['comment', 'reassign', 'escalate'] as const;
export type NoteAction = (typeof NOTE_ACTIONS)[number];

export const SUBMISSION_STATUSES = ['draft', 'submitted'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** What an in-app notification is about: workflow tasks and their timers; audits assigned, announced or opened. */
export const NOTIFICATION_KINDS = [
  'task',
  'reminder',
  'overdue',
  'audit-assigned',
  'audit-announced',
  'audit-opened',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
