import type { Role } from '@rapport/ui-shared';

/** Supervisors, admins and auditors see customers across managers (the server scopes them by the org tree). */
export const seesTeam = (role: Role) => role !== 'manager';

/** Who may import facts and reassign customers: the server's "overseers". */
export const canImportFacts = (role: Role) =>
  role === 'supervisor' || role === 'institution_admin' || role === 'platform_admin';

export const canReassign = canImportFacts;

/** Who may log visits (the server's "keepers"); auditors read only. */
export const canLogVisits = (role: Role) => role !== 'auditor';
