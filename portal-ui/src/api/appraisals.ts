import type {
  CycleStatus,
  EvaluationSource,
  Grade,
  IndicatorCategory,
  IndicatorKind,
  Message,
  ResultLevel,
  SchemaNode,
  SourceWeights,
} from '@rapport/schemas';
import { type ApiError, api, type ListResponse } from '@rapport/ui-shared';
import { queryOptions, useMutation } from '@tanstack/react-query';

/** What the portal needs of a cycle. */
export interface CycleRef {
  id: string;
  code: string;
  name: Message;
  period: { from: string; to: string };
  status: CycleStatus;
  publishedAt: string | null;
}

export interface PersonRef {
  id: string;
  name: string;
  email: string;
}

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

/** An appraisal with the cycle it belongs to, as the lists show it. */
export interface AppraisalRow extends AppraisalSummary {
  cycle: CycleRef;
}

/** How the score was made (the server's `score.computation`, core/src/appraisal/scoring.ts). */
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

export interface ManagerScore {
  total: number | null;
  missing: string[];
  coverage: number;
  computation: {
    sourceWeights: SourceWeights;
    missingPolicy: 'renormalise' | 'zero';
    indicators: IndicatorStep[];
    categories: CategoryStep[];
    total: number | null;
  };
}

export interface AppraisalDetail extends AppraisalSummary {
  cycleId: string;
  state: string | null;
  /** Null for the manager until the results are published. */
  score: ManagerScore | null;
  calibrations: { at: string; by: PersonRef; from: number | null; to: number; reason: string }[];
  feedback: string;
  customerAnswers: { asked: number; answered: number };
}

/** What a sampled customer's link opens. */
export interface EvaluationForm {
  managerName: string;
  cycleName: Message;
  expiresAt: string;
  form: { title: Message; description: Message; schema: SchemaNode; uiSchema: Record<string, unknown> };
}

const enc = encodeURIComponent;
const institutionPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}`;

export const appraisalKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'appraisals'] as const,
  list: (institutionId: string) => [...appraisalKeys.all(institutionId), 'list'] as const,
  one: (institutionId: string, appraisalId: string) =>
    [...appraisalKeys.all(institutionId), 'one', appraisalId] as const,
  states: (institutionId: string) => [...appraisalKeys.all(institutionId), 'states'] as const,
  evaluation: (token: string) => ['evaluations', token] as const,
};

/** The most instances the server hands out per page. */
const MAX_PAGE_SIZE = 100;

export const appraisalsApi = {
  /** Every appraisal the user may see, across the launched cycles, newest cycle first. */
  list: async (institutionId: string, signal?: AbortSignal): Promise<AppraisalRow[]> => {
    const cycles = await api.get<ListResponse<CycleRef>>(
      `${institutionPath(institutionId)}/cycles`,
      undefined,
      signal,
    );
    const running = cycles.items.filter((c) => c.status !== 'draft');
    const lists = await Promise.all(
      running.map((cycle) =>
        api
          .get<ListResponse<AppraisalSummary>>(
            `${institutionPath(institutionId)}/cycles/${enc(cycle.id)}/appraisals`,
            undefined,
            signal,
          )
          .then((result) => result.items.map((a) => ({ ...a, cycle }))),
      ),
    );
    return lists.flat();
  },
  cycle: (institutionId: string, cycleId: string, signal?: AbortSignal) =>
    api.get<CycleRef>(`${institutionPath(institutionId)}/cycles/${enc(cycleId)}`, undefined, signal),
  one: (institutionId: string, appraisalId: string, signal?: AbortSignal) =>
    api.get<AppraisalDetail>(
      `${institutionPath(institutionId)}/appraisals/${enc(appraisalId)}`,
      undefined,
      signal,
    ),
  /** The workflow state of each appraisal instance the user may see, by instance id. */
  states: async (institutionId: string, signal?: AbortSignal) => {
    const states = new Map<string, string>();
    for (let page = 1; ; page++) {
      const result = await api.get<{ items: { id: string; state: string }[]; total: number }>(
        `${institutionPath(institutionId)}/instances`,
        { subjectKind: 'appraisal', page, pageSize: MAX_PAGE_SIZE },
        signal,
      );
      for (const instance of result.items) states.set(instance.id, instance.state);
      if (result.items.length === 0 || page * MAX_PAGE_SIZE >= result.total) return states;
    }
  },
  evaluation: (token: string, signal?: AbortSignal) =>
    api.get<EvaluationForm>(`/api/evaluations/${enc(token)}`, undefined, signal),
  answer: (token: string, data: Record<string, unknown>) =>
    api.post<void>(`/api/evaluations/${enc(token)}`, { data }),
};

export const appraisalsQuery = (institutionId: string) =>
  queryOptions({
    queryKey: appraisalKeys.list(institutionId),
    queryFn: ({ signal }) => appraisalsApi.list(institutionId, signal),
  });

export const appraisalQuery = (institutionId: string, appraisalId: string) =>
  queryOptions({
    queryKey: appraisalKeys.one(institutionId, appraisalId),
    queryFn: ({ signal }) => appraisalsApi.one(institutionId, appraisalId, signal),
  });

export const cycleQuery = (institutionId: string, cycleId: string) =>
  queryOptions({
    queryKey: [...appraisalKeys.all(institutionId), 'cycle', cycleId] as const,
    queryFn: ({ signal }) => appraisalsApi.cycle(institutionId, cycleId, signal),
  });

export const appraisalStatesQuery = (institutionId: string) =>
  queryOptions({
    queryKey: appraisalKeys.states(institutionId),
    queryFn: ({ signal }) => appraisalsApi.states(institutionId, signal),
  });

/** A link is opened once per visit: no retry on a refusal (used, expired, invalid). */
export const evaluationQuery = (token: string) =>
  queryOptions({
    queryKey: appraisalKeys.evaluation(token),
    queryFn: ({ signal }) => appraisalsApi.evaluation(token, signal),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

export function useAnswerEvaluation(token: string) {
  return useMutation<void, ApiError, Record<string, unknown>>({
    mutationFn: (data) => appraisalsApi.answer(token, data),
  });
}
