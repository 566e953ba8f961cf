import type { AuditPlanContent } from '@rapport/schemas';
import {
  type ApiError,
  type ApiItem,
  type ApiResponse,
  api,
  auditKeys,
  type ListResponse,
} from '@rapport/ui-shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

export type AuditPlanInput = AuditPlanContent;
export type AuditPlanChanges = Omit<AuditPlanContent, 'code'> & { rev: number };

const PLANS = '/api/institutions/{institutionId}/audit-plans';

export type AuditPlanView = ApiResponse<`${typeof PLANS}/{planId}`, 'get'>;

export type AuditPreview = ApiResponse<`${typeof PLANS}/preview`, 'post'>;

export type AuditRunView = ApiItem<`${typeof PLANS}/{planId}/runs`>;

export type RunVerification = ApiResponse<
  '/api/institutions/{institutionId}/audit-runs/{runId}/verify',
  'get'
>;

export type AuditDashboard = ApiResponse<'/api/institutions/{institutionId}/audits/dashboard', 'get'>;

const enc = encodeURIComponent;
const institutionPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}`;
const plansPath = (institutionId: string) => `${institutionPath(institutionId)}/audit-plans`;
const planPath = (institutionId: string, planId: string) => `${plansPath(institutionId)}/${enc(planId)}`;

/** Query keys of plans, runs and the dashboard, under the shared `auditKeys.all` so one invalidation reloads them all. */
export const auditPlanKeys = {
  plans: (institutionId: string) => [...auditKeys.all(institutionId), 'plans'] as const,
  plan: (institutionId: string, planId: string) => [...auditKeys.all(institutionId), 'plan', planId] as const,
  runs: (institutionId: string, planId: string) => [...auditKeys.all(institutionId), 'runs', planId] as const,
  verify: (institutionId: string, runId: string) =>
    [...auditKeys.all(institutionId), 'verify', runId] as const,
  dashboard: (institutionId: string) => [...auditKeys.all(institutionId), 'dashboard'] as const,
  preview: (institutionId: string, content: unknown) =>
    [...auditKeys.all(institutionId), 'preview', content] as const,
};

export const auditAdminApi = {
  plans: (institutionId: string, signal?: AbortSignal) =>
    api.get<ListResponse<AuditPlanView>>(plansPath(institutionId), undefined, signal),
  plan: (institutionId: string, planId: string, signal?: AbortSignal) =>
    api.get<AuditPlanView>(planPath(institutionId, planId), undefined, signal),
  preview: (institutionId: string, content: AuditPlanInput) =>
    api.post<AuditPreview>(`${plansPath(institutionId)}/preview`, content),
  create: (institutionId: string, input: AuditPlanInput) =>
    api.post<AuditPlanView>(plansPath(institutionId), input),
  update: (institutionId: string, planId: string, changes: AuditPlanChanges) =>
    api.put<AuditPlanView>(planPath(institutionId, planId), changes),
  setStatus: (institutionId: string, planId: string, action: 'pause' | 'resume', rev: number) =>
    api.post<AuditPlanView>(`${planPath(institutionId, planId)}/${action}`, { rev }),
  remove: (institutionId: string, planId: string, rev: number) =>
    api.delete<void>(`${planPath(institutionId, planId)}?rev=${rev}`),
  runNow: (institutionId: string, planId: string) =>
    api.post<{ occurrence: string }>(`${planPath(institutionId, planId)}/run`),
  runs: (institutionId: string, planId: string, signal?: AbortSignal) =>
    api.get<ListResponse<AuditRunView>>(`${planPath(institutionId, planId)}/runs`, undefined, signal),
  verify: (institutionId: string, runId: string) =>
    api.get<RunVerification>(`${institutionPath(institutionId)}/audit-runs/${enc(runId)}/verify`),
  dashboard: (institutionId: string, signal?: AbortSignal) =>
    api.get<AuditDashboard>(`${institutionPath(institutionId)}/audits/dashboard`, undefined, signal),
};

export const auditPlansQuery = (institutionId: string) =>
  queryOptions({
    queryKey: auditPlanKeys.plans(institutionId),
    queryFn: ({ signal }) => auditAdminApi.plans(institutionId, signal),
    select: (data) => data.items,
  });

export const auditPlanQuery = (institutionId: string, planId: string) =>
  queryOptions({
    queryKey: auditPlanKeys.plan(institutionId, planId),
    queryFn: ({ signal }) => auditAdminApi.plan(institutionId, planId, signal),
  });

/** A plan's preview; `content` null waits (the form is not complete enough to ask). */
export const auditPreviewQuery = (institutionId: string, content: AuditPlanInput | null) =>
  queryOptions({
    queryKey: auditPlanKeys.preview(institutionId, content),
    queryFn: () => auditAdminApi.preview(institutionId, content as AuditPlanInput),
    enabled: content !== null,
    retry: false,
    staleTime: 30_000,
  });

export const auditRunsQuery = (institutionId: string, planId: string) =>
  queryOptions({
    queryKey: auditPlanKeys.runs(institutionId, planId),
    queryFn: ({ signal }) => auditAdminApi.runs(institutionId, planId, signal),
    select: (data) => data.items,
  });

export const auditDashboardQuery = (institutionId: string) =>
  queryOptions({
    queryKey: auditPlanKeys.dashboard(institutionId),
    queryFn: ({ signal }) => auditAdminApi.dashboard(institutionId, signal),
  });

function useReloadAudits(institutionId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: auditKeys.all(institutionId) });
}

export function useCreateAuditPlan(institutionId: string) {
  const reload = useReloadAudits(institutionId);
  return useMutation<AuditPlanView, ApiError, AuditPlanInput>({
    mutationFn: (input) => auditAdminApi.create(institutionId, input),
    onSuccess: reload,
  });
}

export function useUpdateAuditPlan(institutionId: string, planId: string) {
  const reload = useReloadAudits(institutionId);
  return useMutation<AuditPlanView, ApiError, AuditPlanChanges>({
    mutationFn: (changes) => auditAdminApi.update(institutionId, planId, changes),
    onSuccess: reload,
  });
}

export function useSetAuditPlanStatus(institutionId: string, planId: string) {
  const reload = useReloadAudits(institutionId);
  return useMutation<AuditPlanView, ApiError, { action: 'pause' | 'resume'; rev: number }>({
    mutationFn: ({ action, rev }) => auditAdminApi.setStatus(institutionId, planId, action, rev),
    onSuccess: reload,
  });
}

export function useRemoveAuditPlan(institutionId: string, planId: string) {
  const reload = useReloadAudits(institutionId);
  return useMutation<void, ApiError, number>({
    mutationFn: (rev) => auditAdminApi.remove(institutionId, planId, rev),
    onSuccess: reload,
  });
}

export function useRunAuditPlan(institutionId: string, planId: string) {
  const reload = useReloadAudits(institutionId);
  return useMutation<{ occurrence: string }, ApiError, void>({
    mutationFn: () => auditAdminApi.runNow(institutionId, planId),
    onSuccess: reload,
  });
}

export function useVerifyRun(institutionId: string) {
  return useMutation<RunVerification, ApiError, string>({
    mutationFn: (runId) => auditAdminApi.verify(institutionId, runId),
  });
}
