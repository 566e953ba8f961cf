import { queryOptions } from '@tanstack/react-query';
import { api } from './api-client';
import type { ApiItem, ApiResponse, ListResponse } from './types';

/** A cycle as the server shows it: the plan, where it stands, and what its launch generated. */
export type CycleView = ApiResponse<'/api/institutions/{institutionId}/cycles/{cycleId}', 'get'>;

/** One appraisal with how its score was made (`score` null for the manager until published). */
export type AppraisalDetail = ApiResponse<
  '/api/institutions/{institutionId}/appraisals/{appraisalId}',
  'get'
>;

/** One manager's appraisal in a cycle; total and level only once published. */
export type AppraisalSummary = ApiItem<'/api/institutions/{institutionId}/cycles/{cycleId}/appraisals'>;

export type CalibrationView = AppraisalDetail['calibrations'][number];

const enc = encodeURIComponent;
const institutionPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}`;
const cyclesPath = (institutionId: string) => `${institutionPath(institutionId)}/cycles`;
const cyclePath = (institutionId: string, cycleId: string) => `${cyclesPath(institutionId)}/${enc(cycleId)}`;

/** Query keys: everything of an institution's cycles and appraisals sits under `cycleKeys.all`. */
export const cycleKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'cycles'] as const,
  list: (institutionId: string) => [...cycleKeys.all(institutionId), 'list'] as const,
  one: (institutionId: string, cycleId: string) => [...cycleKeys.all(institutionId), 'one', cycleId] as const,
  appraisals: (institutionId: string, cycleId: string) =>
    [...cycleKeys.all(institutionId), 'appraisals', cycleId] as const,
  appraisal: (institutionId: string, appraisalId: string) =>
    [...cycleKeys.all(institutionId), 'appraisal', appraisalId] as const,
};

// ---- plain calls ----

export const cyclesApi = {
  list: (institutionId: string, signal?: AbortSignal) =>
    api.get<ListResponse<CycleView>>(cyclesPath(institutionId), undefined, signal),
  get: (institutionId: string, cycleId: string, signal?: AbortSignal) =>
    api.get<CycleView>(cyclePath(institutionId, cycleId), undefined, signal),
  /** The cycle's appraisals the user may see. */
  appraisals: (institutionId: string, cycleId: string, signal?: AbortSignal) =>
    api.get<ListResponse<AppraisalSummary>>(
      `${cyclePath(institutionId, cycleId)}/appraisals`,
      undefined,
      signal,
    ),
  appraisal: (institutionId: string, appraisalId: string, signal?: AbortSignal) =>
    api.get<AppraisalDetail>(
      `${institutionPath(institutionId)}/appraisals/${enc(appraisalId)}`,
      undefined,
      signal,
    ),
};

// ---- query options ----

export const cyclesQuery = (institutionId: string) =>
  queryOptions({
    queryKey: cycleKeys.list(institutionId),
    queryFn: ({ signal }) => cyclesApi.list(institutionId, signal),
    select: (data) => data.items,
  });

export const cycleQuery = (institutionId: string, cycleId: string) =>
  queryOptions({
    queryKey: cycleKeys.one(institutionId, cycleId),
    queryFn: ({ signal }) => cyclesApi.get(institutionId, cycleId, signal),
  });

export const cycleAppraisalsQuery = (institutionId: string, cycleId: string) =>
  queryOptions({
    queryKey: cycleKeys.appraisals(institutionId, cycleId),
    queryFn: ({ signal }) => cyclesApi.appraisals(institutionId, cycleId, signal),
    select: (data) => data.items,
  });

export const appraisalQuery = (institutionId: string, appraisalId: string) =>
  queryOptions({
    queryKey: cycleKeys.appraisal(institutionId, appraisalId),
    queryFn: ({ signal }) => cyclesApi.appraisal(institutionId, appraisalId, signal),
  });
