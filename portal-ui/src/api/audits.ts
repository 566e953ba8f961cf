import {
  type ApiBody,
  type ApiError,
  type ApiResponse,
  type AuditView,
  api,
  auditKeys,
} from '@rapport/ui-shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

/** A finding as the auditor records it; the call adds the revision. */
export type FindingInput = Omit<
  ApiBody<'/api/institutions/{institutionId}/audits/{auditId}/findings', 'post'>,
  'rev'
>;

const enc = encodeURIComponent;
const auditsPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}/audits`;
const auditPath = (institutionId: string, auditId: string) => `${auditsPath(institutionId)}/${enc(auditId)}`;

const managerNameKey = (institutionId: string, managerId: string) =>
  ['institutions', institutionId, 'managers', managerId] as const;

/** The portal's own calls: an audit's changes and the inspected manager's name; the reads are ui-shared's `auditsApi`. */
export const portalAuditsApi = {
  step: (institutionId: string, auditId: string, step: 'open' | 'request-response' | 'close', rev: number) =>
    api.post<AuditView>(`${auditPath(institutionId, auditId)}/${step}`, { rev }),
  checklist: (institutionId: string, auditId: string, rev: number, submissionId: string) =>
    api.post<AuditView>(`${auditPath(institutionId, auditId)}/checklist`, { rev, submissionId }),
  finding: (institutionId: string, auditId: string, rev: number, finding: FindingInput) =>
    api.post<AuditView>(`${auditPath(institutionId, auditId)}/findings`, { rev, ...finding }),
  respond: (institutionId: string, auditId: string, rev: number, text: string) =>
    api.post<AuditView>(`${auditPath(institutionId, auditId)}/respond`, { rev, text }),
  managerName: (institutionId: string, managerId: string, signal?: AbortSignal) =>
    api.get<ApiResponse<'/api/institutions/{institutionId}/managers/{managerId}', 'get'>>(
      `/api/institutions/${enc(institutionId)}/managers/${enc(managerId)}`,
      undefined,
      signal,
    ),
};

/** A manager's name, for the people who may see that manager. */
export const managerNameQuery = (institutionId: string, managerId: string) =>
  queryOptions({
    queryKey: managerNameKey(institutionId, managerId),
    queryFn: ({ signal }) => portalAuditsApi.managerName(institutionId, managerId, signal),
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
          return portalAuditsApi.checklist(institutionId, auditId, change.rev, change.submissionId);
        case 'finding':
          return portalAuditsApi.finding(institutionId, auditId, change.rev, change.finding);
        case 'respond':
          return portalAuditsApi.respond(institutionId, auditId, change.rev, change.text);
        default:
          return portalAuditsApi.step(institutionId, auditId, change.kind, change.rev);
      }
    },
    onSuccess: (audit) => {
      queryClient.setQueryData(auditKeys.one(institutionId, auditId), audit);
      return queryClient.invalidateQueries({ queryKey: auditKeys.lists(institutionId) });
    },
  });
}
