import type { AuditPlanContent, FindingSeverity, InspectionMethod } from '@rapport/schemas';
import { type ApiError, api, type ListResponse, type UserRef } from '@rapport/ui-shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

// The shapes of core/src/audits/routes.ts, as the portal's people see an audit.

export const AUDIT_STATUSES = ['assigned', 'open', 'awaiting-response', 'responded', 'closed'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export interface FindingView {
  id: string;
  severity: FindingSeverity;
  method: InspectionMethod;
  description: string;
  evidence: string;
  correctiveAction: string;
  recordedAt: string;
  recordedBy: UserRef;
}

export interface AuditView {
  id: string;
  planId: string;
  runId: string;
  managerId: string;
  auditorId: string | null;
  plan: Pick<AuditPlanContent, 'code' | 'name' | 'mode' | 'announced' | 'checklistFormKey' | 'methods'>;
  status: AuditStatus;
  dueAt: string;
  openedAt: string | null;
  checklistSubmissionId: string | null;
  findings: FindingView[];
  response: { at: string; text: string } | null;
  closedAt: string | null;
  rev: number;
  createdAt: string;
}

export interface FindingInput {
  severity: FindingSeverity;
  method: InspectionMethod;
  description: string;
  evidence: string;
  correctiveAction: string;
}

const enc = encodeURIComponent;
const auditsPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}/audits`;
const auditPath = (institutionId: string, auditId: string) => `${auditsPath(institutionId)}/${enc(auditId)}`;

export const auditKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'audits'] as const,
  list: (institutionId: string) => [...auditKeys.all(institutionId), 'list'] as const,
  one: (institutionId: string, auditId: string) => [...auditKeys.all(institutionId), 'one', auditId] as const,
  manager: (institutionId: string, managerId: string) =>
    ['institutions', institutionId, 'managers', managerId] as const,
};

export const auditsApi = {
  list: (institutionId: string, signal?: AbortSignal) =>
    api.get<ListResponse<AuditView>>(auditsPath(institutionId), undefined, signal),
  get: (institutionId: string, auditId: string, signal?: AbortSignal) =>
    api.get<AuditView>(auditPath(institutionId, auditId), undefined, signal),
  step: (institutionId: string, auditId: string, step: 'open' | 'request-response' | 'close', rev: number) =>
    api.post<AuditView>(`${auditPath(institutionId, auditId)}/${step}`, { rev }),
  checklist: (institutionId: string, auditId: string, rev: number, submissionId: string) =>
    api.post<AuditView>(`${auditPath(institutionId, auditId)}/checklist`, { rev, submissionId }),
  finding: (institutionId: string, auditId: string, rev: number, finding: FindingInput) =>
    api.post<AuditView>(`${auditPath(institutionId, auditId)}/findings`, { rev, ...finding }),
  respond: (institutionId: string, auditId: string, rev: number, text: string) =>
    api.post<AuditView>(`${auditPath(institutionId, auditId)}/respond`, { rev, text }),
  managerName: (institutionId: string, managerId: string, signal?: AbortSignal) =>
    api.get<{ id: string; name: string }>(
      `/api/institutions/${enc(institutionId)}/managers/${enc(managerId)}`,
      undefined,
      signal,
    ),
};

export const myAuditsQuery = (institutionId: string) =>
  queryOptions({
    queryKey: auditKeys.list(institutionId),
    queryFn: ({ signal }) => auditsApi.list(institutionId, signal),
    select: (data) => data.items,
  });

export const auditQuery = (institutionId: string, auditId: string) =>
  queryOptions({
    queryKey: auditKeys.one(institutionId, auditId),
    queryFn: ({ signal }) => auditsApi.get(institutionId, auditId, signal),
  });

/** A manager's name, for the people who may see that manager. */
export const managerNameQuery = (institutionId: string, managerId: string) =>
  queryOptions({
    queryKey: auditKeys.manager(institutionId, managerId),
    queryFn: ({ signal }) => auditsApi.managerName(institutionId, managerId, signal),
    select: (data) => data.name,
    staleTime: 5 * 60_000,
    retry: false,
  });

type AuditChange =
  | { kind: 'open' | 'request-response' | 'close'; rev: number }
  | { kind: 'checklist'; rev: number; submissionId: string }
  | { kind: 'finding'; rev: number; finding: FindingInput }
  | { kind: 'respond'; rev: number; text: string };

/** Every change to an audit; the answer is the audit as it now stands, put straight in the cache. */
export function useAuditChange(institutionId: string, auditId: string) {
  const queryClient = useQueryClient();
  return useMutation<AuditView, ApiError, AuditChange>({
    mutationFn: (change) => {
      switch (change.kind) {
        case 'checklist':
          return auditsApi.checklist(institutionId, auditId, change.rev, change.submissionId);
        case 'finding':
          return auditsApi.finding(institutionId, auditId, change.rev, change.finding);
        case 'respond':
          return auditsApi.respond(institutionId, auditId, change.rev, change.text);
        default:
          return auditsApi.step(institutionId, auditId, change.kind, change.rev);
      }
    },
    onSuccess: (audit) => {
      queryClient.setQueryData(auditKeys.one(institutionId, auditId), audit);
      return queryClient.invalidateQueries({ queryKey: auditKeys.list(institutionId) });
    },
  });
}
