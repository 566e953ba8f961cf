import type { CandidateContent, SelectionCriterion, SelectionDriveContent } from '@rapport/schemas';
import {
  type ApiBody,
  type ApiError,
  type ApiItem,
  type ApiResponse,
  api,
  type ListResponse,
} from '@rapport/ui-shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

const DRIVES = '/api/institutions/{institutionId}/selection/drives';
const DRIVE = `${DRIVES}/{driveId}` as const;

/** A selection drive: its positions, eligibility rules and weights, where it stands. */
export type DriveView = ApiResponse<typeof DRIVE, 'get'>;

/** A candidate of a drive, with their eligibility, missing scores, total and certification. */
export type CandidateView = ApiItem<`${typeof DRIVE}/candidates`>;

/** A drive's candidates ranked, unranked (scores missing) and ineligible, with the reasons. */
export type RankingView = ApiResponse<`${typeof DRIVE}/ranking`, 'get'>;

type CertifyBody = ApiBody<`${typeof DRIVE}/certify`, 'post'>;

/** A candidate's passed exam, as certifying records it. */
export type ExamRecordInput = CertifyBody['certifications'][number]['exam'];

/** The drive after certifying, and each certified candidate's account (password: only a new one). */
export type CertifyResponse = ApiResponse<`${typeof DRIVE}/certify`, 'post'>;

export type DriveInput = Omit<SelectionDriveContent, 'eligibility' | 'weights'> &
  Partial<SelectionDriveContent>;
export type CandidatePatch = Partial<
  Pick<
    CandidateView,
    'name' | 'degree' | 'yearsOfSimilarWork' | 'badRecord' | 'badRecordNote' | 'healthDeclared'
  >
> & { rev: number; phone?: string | null; scores?: Partial<Record<SelectionCriterion, number | null>> };

const enc = encodeURIComponent;
const drivesPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}/selection/drives`;
const drivePath = (institutionId: string, driveId: string) => `${drivesPath(institutionId)}/${enc(driveId)}`;

export const selectionKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'selection'] as const,
  drives: (institutionId: string) => [...selectionKeys.all(institutionId), 'drives'] as const,
  drive: (institutionId: string, driveId: string) =>
    [...selectionKeys.all(institutionId), 'drive', driveId] as const,
};

export const drivesQuery = (institutionId: string) =>
  queryOptions({
    queryKey: selectionKeys.drives(institutionId),
    queryFn: ({ signal }) => api.get<ListResponse<DriveView>>(drivesPath(institutionId), undefined, signal),
    select: (data) => data.items,
  });

export const driveQuery = (institutionId: string, driveId: string) =>
  queryOptions({
    queryKey: [...selectionKeys.drive(institutionId, driveId), 'self'],
    queryFn: ({ signal }) => api.get<DriveView>(drivePath(institutionId, driveId), undefined, signal),
  });

export const candidatesQuery = (institutionId: string, driveId: string) =>
  queryOptions({
    queryKey: [...selectionKeys.drive(institutionId, driveId), 'candidates'],
    queryFn: ({ signal }) =>
      api.get<ListResponse<CandidateView>>(
        `${drivePath(institutionId, driveId)}/candidates`,
        undefined,
        signal,
      ),
    select: (data) => data.items,
  });

export const rankingQuery = (institutionId: string, driveId: string) =>
  queryOptions({
    queryKey: [...selectionKeys.drive(institutionId, driveId), 'ranking'],
    queryFn: ({ signal }) =>
      api.get<RankingView>(`${drivePath(institutionId, driveId)}/ranking`, undefined, signal),
  });

/** Any change to a drive or its candidates can move the ranking: everything of the drive reloads. */
function useInvalidate(institutionId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: selectionKeys.all(institutionId) });
}

export function useCreateDrive(institutionId: string) {
  const invalidate = useInvalidate(institutionId);
  return useMutation<DriveView, ApiError, DriveInput>({
    mutationFn: (input) => api.post<DriveView>(drivesPath(institutionId), input),
    onSuccess: invalidate,
  });
}

export function useUpdateDrive(institutionId: string, driveId: string) {
  const invalidate = useInvalidate(institutionId);
  return useMutation<DriveView, ApiError, Partial<Omit<SelectionDriveContent, 'code'>> & { rev: number }>({
    mutationFn: (input) => api.patch<DriveView>(drivePath(institutionId, driveId), input),
    onSuccess: invalidate,
  });
}

export function useCloseDrive(institutionId: string, driveId: string) {
  const invalidate = useInvalidate(institutionId);
  return useMutation<DriveView, ApiError, { rev: number }>({
    mutationFn: (input) => api.post<DriveView>(`${drivePath(institutionId, driveId)}/close`, input),
    onSuccess: invalidate,
  });
}

export function useAddCandidate(institutionId: string, driveId: string) {
  const invalidate = useInvalidate(institutionId);
  return useMutation<CandidateView, ApiError, CandidateContent>({
    mutationFn: (input) => api.post<CandidateView>(`${drivePath(institutionId, driveId)}/candidates`, input),
    onSuccess: invalidate,
  });
}

export function useUpdateCandidate(institutionId: string, driveId: string) {
  const invalidate = useInvalidate(institutionId);
  return useMutation<CandidateView, ApiError, { id: string; patch: CandidatePatch }>({
    mutationFn: ({ id, patch }) =>
      api.patch<CandidateView>(`${drivePath(institutionId, driveId)}/candidates/${enc(id)}`, patch),
    onSuccess: invalidate,
  });
}

export function useRemoveCandidate(institutionId: string, driveId: string) {
  const invalidate = useInvalidate(institutionId);
  return useMutation<void, ApiError, { id: string; rev: number }>({
    mutationFn: ({ id, rev }) =>
      api.delete<void>(`${drivePath(institutionId, driveId)}/candidates/${enc(id)}?rev=${rev}`),
    onSuccess: invalidate,
  });
}

export function useCertify(institutionId: string, driveId: string) {
  const queryClient = useQueryClient();
  return useMutation<CertifyResponse, ApiError, CertifyBody>({
    mutationFn: (input) => api.post<CertifyResponse>(`${drivePath(institutionId, driveId)}/certify`, input),
    // Users and manager profiles changed too: everything of the institution reloads when next shown.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['institutions', institutionId] }),
  });
}
