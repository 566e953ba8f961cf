import type { CycleContent } from '@rapport/schemas';
import {
  type ApiBody,
  type ApiError,
  type ApiItem,
  type ApiResponse,
  type AppraisalDetail,
  api,
  type CycleView,
  cycleKeys,
  type ListResponse,
} from '@rapport/ui-shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

export type CycleInput = CycleContent;
export type CycleChanges = Omit<CycleContent, 'code'> & { rev: number };

const CYCLE = '/api/institutions/{institutionId}/cycles/{cycleId}';
const APPRAISAL = '/api/institutions/{institutionId}/appraisals/{appraisalId}';

/** What launching a cycle made, and the managers it skipped with why. */
export type LaunchReport = ApiResponse<`${typeof CYCLE}/launch`, 'post'>;

/** A sampled customer's one-time evaluation link. */
export type EvaluationLinkView = ApiItem<`${typeof APPRAISAL}/links`>;

export type CalibrationInput = ApiBody<`${typeof APPRAISAL}/calibrations`, 'post'>;

export type CloneInput = ApiBody<`${typeof CYCLE}/clone`, 'post'>;

const enc = encodeURIComponent;
const institutionPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}`;
const cyclesPath = (institutionId: string) => `${institutionPath(institutionId)}/cycles`;
const cyclePath = (institutionId: string, cycleId: string) => `${cyclesPath(institutionId)}/${enc(cycleId)}`;
const appraisalPath = (institutionId: string, appraisalId: string) =>
  `${institutionPath(institutionId)}/appraisals/${enc(appraisalId)}`;

const linksKey = (institutionId: string, appraisalId: string) =>
  [...cycleKeys.all(institutionId), 'links', appraisalId] as const;

/** What only the admin console does with cycles; reading them is `cyclesApi` of @rapport/ui-shared. */
export const cycleAdminApi = {
  create: (institutionId: string, input: CycleInput) => api.post<CycleView>(cyclesPath(institutionId), input),
  update: (institutionId: string, cycleId: string, changes: CycleChanges) =>
    api.put<CycleView>(cyclePath(institutionId, cycleId), changes),
  clone: (institutionId: string, cycleId: string, input: CloneInput) =>
    api.post<CycleView>(`${cyclePath(institutionId, cycleId)}/clone`, input),
  launch: (institutionId: string, cycleId: string, rev: number) =>
    api.post<LaunchReport>(`${cyclePath(institutionId, cycleId)}/launch`, { rev }),
  publish: (institutionId: string, cycleId: string, rev: number) =>
    api.post<CycleView>(`${cyclePath(institutionId, cycleId)}/publish`, { rev }),
  calibrate: (institutionId: string, appraisalId: string, input: CalibrationInput) =>
    api.post<AppraisalDetail>(`${appraisalPath(institutionId, appraisalId)}/calibrations`, input),
  links: (institutionId: string, appraisalId: string, signal?: AbortSignal) =>
    api.get<ListResponse<EvaluationLinkView>>(
      `${appraisalPath(institutionId, appraisalId)}/links`,
      undefined,
      signal,
    ),
};

export const appraisalLinksQuery = (institutionId: string, appraisalId: string) =>
  queryOptions({
    queryKey: linksKey(institutionId, appraisalId),
    queryFn: ({ signal }) => cycleAdminApi.links(institutionId, appraisalId, signal),
    select: (data) => data.items,
  });

function useReloadCycles(institutionId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: cycleKeys.all(institutionId) });
}

export function useCreateCycle(institutionId: string) {
  const reload = useReloadCycles(institutionId);
  return useMutation<CycleView, ApiError, CycleInput>({
    mutationFn: (input) => cycleAdminApi.create(institutionId, input),
    onSuccess: reload,
  });
}

export function useUpdateCycle(institutionId: string, cycleId: string) {
  const reload = useReloadCycles(institutionId);
  return useMutation<CycleView, ApiError, CycleChanges>({
    mutationFn: (changes) => cycleAdminApi.update(institutionId, cycleId, changes),
    onSuccess: reload,
  });
}

export function useCloneCycle(institutionId: string, cycleId: string) {
  const reload = useReloadCycles(institutionId);
  return useMutation<CycleView, ApiError, CloneInput>({
    mutationFn: (input) => cycleAdminApi.clone(institutionId, cycleId, input),
    onSuccess: reload,
  });
}

export function useLaunchCycle(institutionId: string, cycleId: string) {
  const reload = useReloadCycles(institutionId);
  return useMutation<LaunchReport, ApiError, number>({
    mutationFn: (rev) => cycleAdminApi.launch(institutionId, cycleId, rev),
    onSuccess: reload,
  });
}

export function usePublishCycle(institutionId: string, cycleId: string) {
  const reload = useReloadCycles(institutionId);
  return useMutation<CycleView, ApiError, number>({
    mutationFn: (rev) => cycleAdminApi.publish(institutionId, cycleId, rev),
    onSuccess: reload,
  });
}

export function useCalibrate(institutionId: string, appraisalId: string) {
  const reload = useReloadCycles(institutionId);
  return useMutation<AppraisalDetail, ApiError, CalibrationInput>({
    mutationFn: (input) => cycleAdminApi.calibrate(institutionId, appraisalId, input),
    onSuccess: reload,
  });
}
