import { queryOptions } from '@tanstack/react-query';
import { api } from './api-client';
import type { ApiResponse, ListResponse } from './types';

// An audit as both apps see it: the server's view (core/src/audits/inspection-routes.ts).

export { AUDIT_STATUSES, type AuditStatus } from '@rapport/schemas';

export type AuditView = ApiResponse<'/api/institutions/{institutionId}/audits/{auditId}', 'get'>;

export type FindingView = AuditView['findings'][number];

const enc = encodeURIComponent;
const auditsPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}/audits`;
const auditPath = (institutionId: string, auditId: string) => `${auditsPath(institutionId)}/${enc(auditId)}`;

/** Query keys: everything about an institution's audits (and audit plans) sits under `auditKeys.all`. */
export const auditKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'audits'] as const,
  /** Every list of audits, whatever its filter. */
  lists: (institutionId: string) => [...auditKeys.all(institutionId), 'list'] as const,
  list: (institutionId: string, planId?: string) => [...auditKeys.lists(institutionId), { planId }] as const,
  one: (institutionId: string, auditId: string) => [...auditKeys.all(institutionId), 'one', auditId] as const,
};

// ---- plain calls ----

export const auditsApi = {
  /** The audits the user may see, of one plan if `planId` is given. */
  list: (institutionId: string, planId: string | undefined, signal?: AbortSignal) =>
    api.get<ListResponse<AuditView>>(auditsPath(institutionId), planId ? { planId } : undefined, signal),
  get: (institutionId: string, auditId: string, signal?: AbortSignal) =>
    api.get<AuditView>(auditPath(institutionId, auditId), undefined, signal),
};

// ---- query options ----

export const auditsQuery = (institutionId: string, planId?: string) =>
  queryOptions({
    queryKey: auditKeys.list(institutionId, planId),
    queryFn: ({ signal }) => auditsApi.list(institutionId, planId, signal),
    select: (data) => data.items,
  });

export const auditQuery = (institutionId: string, auditId: string) =>
  queryOptions({
    queryKey: auditKeys.one(institutionId, auditId),
    queryFn: ({ signal }) => auditsApi.get(institutionId, auditId, signal),
  });
