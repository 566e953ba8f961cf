import type {
  CycleContent,
  CycleStatus,
  EvaluationSource,
  Grade,
  IndicatorCategory,
  IndicatorKind,
  Message,
  ResultLevel,
  ScoringRule,
  SourceWeights,
} from '@rapport/schemas';
import { type ApiError, api, type ListResponse } from '@rapport/ui-shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

/** A cycle as the server shows it: the plan, where it stands, and what its launch generated. */
export interface CycleView extends CycleContent {
  id: string;
  status: CycleStatus;
  workflows: Partial<Record<Grade, string>>;
  launchedAt: string | null;
  publishedAt: string | null;
  rev: number;
  createdAt: string;
  updatedAt: string;
}

export type CycleInput = CycleContent;
export type CycleChanges = Omit<CycleContent, 'code'> & { rev: number };

export interface LaunchReport {
  appraisals: number;
  created: number;
  skipped: { managerId: string; name: string; reason: Message }[];
}

export interface PersonRef {
  id: string;
  name: string;
  email: string;
}

/** One manager's appraisal in a cycle; total and level only once published. */
export interface AppraisalSummary {
  id: string;
  manager: PersonRef;
  grade: Grade;
  setCode: string;
  instanceId: string | null;
  finalTotal: number | null;
  level: ResultLevel | null;
  publishedAt: string | null;
  rev: number;
}

/** How one evaluation source rated one indicator (core/src/appraisal/scoring.ts). */
export interface SourceStep {
  source: EvaluationSource;
  raters: number;
  average: number;
  score: number;
  weight: number;
  share: number;
  contribution: number;
}

export interface IndicatorStep {
  indicator: string;
  name: Message;
  category: IndicatorCategory;
  kind: IndicatorKind;
  rule: ScoringRule;
  weight: number;
  share: number;
  weightInTotal: number;
  status: 'scored' | 'missing' | 'zeroed';
  score: number | null;
  contribution: number;
  sources?: SourceStep[];
  leftOut?: EvaluationSource[];
  ignored?: EvaluationSource[];
  actual?: number;
}

export interface CategoryStep {
  category: IndicatorCategory;
  weight: number;
  share: number;
  score: number | null;
  contribution: number;
  missing: string[];
}

export interface Computation {
  set: { code: string; grade: string };
  sourceWeights: SourceWeights;
  missingPolicy: 'renormalise' | 'zero';
  indicators: IndicatorStep[];
  categories: CategoryStep[];
  total: number | null;
}

export interface ManagerScore {
  total: number | null;
  categories: Record<IndicatorCategory, number | null>;
  indicators: Record<string, number | null>;
  missing: string[];
  coverage: number;
  computation: Computation;
}

export interface CalibrationView {
  at: string;
  by: PersonRef;
  from: number | null;
  to: number;
  reason: string;
}

export interface AppraisalDetail extends AppraisalSummary {
  cycleId: string;
  state: string | null;
  score: ManagerScore | null;
  calibrations: CalibrationView[];
  feedback: string;
  sample: {
    drawnAt: string;
    seed: string;
    populationHash: string;
    populationSize: number;
    picked: string[];
  } | null;
  customerAnswers: { asked: number; answered: number };
}

export interface EvaluationLinkView {
  customerId: string;
  customerName: string;
  expiresAt: string;
  answeredAt: string | null;
  url: string;
}

export interface CalibrationInput {
  rev: number;
  total: number;
  reason: string;
  feedback?: string;
}

export interface CloneInput {
  code: string;
  name: Message;
  period: { from: string; to: string };
}

/** A workflow instance as far as the monitor needs it. */
interface InstanceState {
  id: string;
  state: string;
  subject: { kind: string; id: string };
}

const enc = encodeURIComponent;
const institutionPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}`;
const cyclesPath = (institutionId: string) => `${institutionPath(institutionId)}/cycles`;
const cyclePath = (institutionId: string, cycleId: string) => `${cyclesPath(institutionId)}/${enc(cycleId)}`;
const appraisalPath = (institutionId: string, appraisalId: string) =>
  `${institutionPath(institutionId)}/appraisals/${enc(appraisalId)}`;

export const cycleKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'cycles'] as const,
  list: (institutionId: string) => [...cycleKeys.all(institutionId), 'list'] as const,
  one: (institutionId: string, cycleId: string) => [...cycleKeys.all(institutionId), 'one', cycleId] as const,
  appraisals: (institutionId: string, cycleId: string) =>
    [...cycleKeys.all(institutionId), 'appraisals', cycleId] as const,
  appraisal: (institutionId: string, appraisalId: string) =>
    [...cycleKeys.all(institutionId), 'appraisal', appraisalId] as const,
  links: (institutionId: string, appraisalId: string) =>
    [...cycleKeys.all(institutionId), 'links', appraisalId] as const,
  states: (institutionId: string) => [...cycleKeys.all(institutionId), 'states'] as const,
};

/** The most instances the server hands out per page. */
const MAX_PAGE_SIZE = 100;

export const cyclesApi = {
  list: (institutionId: string, signal?: AbortSignal) =>
    api.get<ListResponse<CycleView>>(cyclesPath(institutionId), undefined, signal),
  get: (institutionId: string, cycleId: string, signal?: AbortSignal) =>
    api.get<CycleView>(cyclePath(institutionId, cycleId), undefined, signal),
  create: (institutionId: string, input: CycleInput) => api.post<CycleView>(cyclesPath(institutionId), input),
  update: (institutionId: string, cycleId: string, changes: CycleChanges) =>
    api.put<CycleView>(cyclePath(institutionId, cycleId), changes),
  clone: (institutionId: string, cycleId: string, input: CloneInput) =>
    api.post<CycleView>(`${cyclePath(institutionId, cycleId)}/clone`, input),
  launch: (institutionId: string, cycleId: string, rev: number) =>
    api.post<LaunchReport>(`${cyclePath(institutionId, cycleId)}/launch`, { rev }),
  publish: (institutionId: string, cycleId: string, rev: number) =>
    api.post<CycleView>(`${cyclePath(institutionId, cycleId)}/publish`, { rev }),
  appraisals: (institutionId: string, cycleId: string, signal?: AbortSignal) =>
    api.get<ListResponse<AppraisalSummary>>(
      `${cyclePath(institutionId, cycleId)}/appraisals`,
      undefined,
      signal,
    ),
  appraisal: (institutionId: string, appraisalId: string, signal?: AbortSignal) =>
    api.get<AppraisalDetail>(appraisalPath(institutionId, appraisalId), undefined, signal),
  calibrate: (institutionId: string, appraisalId: string, input: CalibrationInput) =>
    api.post<AppraisalDetail>(`${appraisalPath(institutionId, appraisalId)}/calibrations`, input),
  links: (institutionId: string, appraisalId: string, signal?: AbortSignal) =>
    api.get<ListResponse<EvaluationLinkView>>(
      `${appraisalPath(institutionId, appraisalId)}/links`,
      undefined,
      signal,
    ),
  /** The workflow state of every appraisal instance, by instance id (all pages). */
  states: async (institutionId: string, signal?: AbortSignal) => {
    const states = new Map<string, string>();
    for (let page = 1; ; page++) {
      const result = await api.get<{ items: InstanceState[]; total: number }>(
        `${institutionPath(institutionId)}/instances`,
        { subjectKind: 'appraisal', page, pageSize: MAX_PAGE_SIZE },
        signal,
      );
      for (const instance of result.items) states.set(instance.id, instance.state);
      if (result.items.length === 0 || page * MAX_PAGE_SIZE >= result.total) return states;
    }
  },
};

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

export const appraisalLinksQuery = (institutionId: string, appraisalId: string) =>
  queryOptions({
    queryKey: cycleKeys.links(institutionId, appraisalId),
    queryFn: ({ signal }) => cyclesApi.links(institutionId, appraisalId, signal),
    select: (data) => data.items,
  });

export const appraisalStatesQuery = (institutionId: string) =>
  queryOptions({
    queryKey: cycleKeys.states(institutionId),
    queryFn: ({ signal }) => cyclesApi.states(institutionId, signal),
  });

function useReloadCycles(institutionId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: cycleKeys.all(institutionId) });
}

export function useCreateCycle(institutionId: string) {
  const reload = useReloadCycles(institutionId);
  return useMutation<CycleView, ApiError, CycleInput>({
    mutationFn: (input) => cyclesApi.create(institutionId, input),
    onSuccess: reload,
  });
}

export function useUpdateCycle(institutionId: string, cycleId: string) {
  const reload = useReloadCycles(institutionId);
  return useMutation<CycleView, ApiError, CycleChanges>({
    mutationFn: (changes) => cyclesApi.update(institutionId, cycleId, changes),
    onSuccess: reload,
  });
}

export function useCloneCycle(institutionId: string, cycleId: string) {
  const reload = useReloadCycles(institutionId);
  return useMutation<CycleView, ApiError, CloneInput>({
    mutationFn: (input) => cyclesApi.clone(institutionId, cycleId, input),
    onSuccess: reload,
  });
}

export function useLaunchCycle(institutionId: string, cycleId: string) {
  const reload = useReloadCycles(institutionId);
  return useMutation<LaunchReport, ApiError, number>({
    mutationFn: (rev) => cyclesApi.launch(institutionId, cycleId, rev),
    onSuccess: reload,
  });
}

export function usePublishCycle(institutionId: string, cycleId: string) {
  const reload = useReloadCycles(institutionId);
  return useMutation<CycleView, ApiError, number>({
    mutationFn: (rev) => cyclesApi.publish(institutionId, cycleId, rev),
    onSuccess: reload,
  });
}

export function useCalibrate(institutionId: string, appraisalId: string) {
  const reload = useReloadCycles(institutionId);
  return useMutation<AppraisalDetail, ApiError, CalibrationInput>({
    mutationFn: (input) => cyclesApi.calibrate(institutionId, appraisalId, input),
    onSuccess: reload,
  });
}
