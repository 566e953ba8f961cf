/** Roles a user can hold; `platform_admin` is the only role without an institution. */
export type Role = 'platform_admin' | 'institution_admin' | 'supervisor' | 'auditor' | 'manager';

export const ROLES: readonly Role[] = [
  'platform_admin',
  'institution_admin',
  'supervisor',
  'auditor',
  'manager',
];

/** Roles an institution admin may give to the users of an institution. */
export const INSTITUTION_ROLES: readonly Role[] = ['institution_admin', 'supervisor', 'auditor', 'manager'];

/** Roles that may use the admin console. */
export const ADMIN_ROLES: readonly Role[] = ['platform_admin', 'institution_admin'];

export type Industry = 'banking' | 'postal' | 'tech' | 'other';

export const INDUSTRIES: readonly Industry[] = ['banking', 'postal', 'tech', 'other'];

export interface LocalisedName {
  zh: string;
  en: string;
}

export interface InstitutionRef {
  id: string;
  code: string;
  name: LocalisedName;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  institutionId: string | null;
  institution?: InstitutionRef;
  disabled: boolean;
  createdAt: string;
  rev: number;
}

export interface Institution {
  id: string;
  code: string;
  name: LocalisedName;
  industry: Industry;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  rev: number;
}

/** One entry of an institution's activity log. */
export interface ActivityEvent {
  id: string;
  at: string;
  actor: { id: string; name: string; email: string } | null;
  action: string;
  target: { collection: string; id: string };
  summary?: string;
}

export interface ListResponse<T> {
  items: T[];
}

export interface ValidationIssue {
  path: string;
  message: string;
}
