import type { Message } from '@rapport/schemas';
import type { ApiItem } from './api-types';

export type { Industry, Role } from '@rapport/schemas';
export { ADMIN_ROLES, INDUSTRIES, INSTITUTION_ROLES, isAdminRole, ROLES } from '@rapport/schemas';
export type { ApiBody, ApiItem, ApiMethod, ApiPath, ApiQuery, ApiResponse } from './api-types';

export type LocalisedName = Message;

/** A user as the users API and sign-in answer. */
export type User = ApiItem<'/api/institutions/{institutionId}/users'>;

export type InstitutionRef = NonNullable<User['institution']>;

export type Institution = ApiItem<'/api/institutions'>;

/** One entry of an institution's activity log. */
export type ActivityEvent = ApiItem<'/api/institutions/{institutionId}/events'>;

export interface ListResponse<T> {
  items: T[];
}

export interface ValidationIssue {
  path: string;
  message: string;
}
