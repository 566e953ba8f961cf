import type { Industry, Message, Role } from '@rapport/schemas';

export type { Industry, Role } from '@rapport/schemas';
export { ADMIN_ROLES, INDUSTRIES, INSTITUTION_ROLES, isAdminRole, ROLES } from '@rapport/schemas';

export type LocalisedName = Message;

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
  /** The org unit the user works in. */
  orgUnitId: string | null;
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
