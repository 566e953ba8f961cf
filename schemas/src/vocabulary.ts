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
