import type { SchemaNode } from '@rapport/schemas';
import {
  type ApiError,
  type ApiResponse,
  type AppraisalSummary,
  api,
  type CycleView,
  cycleKeys,
  cyclesApi,
} from '@rapport/ui-shared';
import { queryOptions, useMutation } from '@tanstack/react-query';

/** An appraisal with the cycle it belongs to, as the lists show it. */
export type AppraisalRow = AppraisalSummary & { cycle: CycleView };

/** What a sampled customer's link opens; the form's schema as @rapport/schemas types it (the API says only "an object"). */
export type EvaluationForm = Omit<EvaluationView, 'form'> & {
  form: Omit<EvaluationView['form'], 'schema'> & { schema: SchemaNode };
};

type EvaluationView = ApiResponse<'/api/evaluations/{token}', 'get'>;

const enc = encodeURIComponent;

export const appraisalsApi = {
  /** Every appraisal the user may see, across the launched cycles, newest cycle first. */
  list: async (institutionId: string, signal?: AbortSignal): Promise<AppraisalRow[]> => {
    const cycles = await cyclesApi.list(institutionId, signal);
    const running = cycles.items.filter((c) => c.status !== 'draft');
    const lists = await Promise.all(
      running.map((cycle) =>
        cyclesApi
          .appraisals(institutionId, cycle.id, signal)
          .then((result) => result.items.map((a) => ({ ...a, cycle }))),
      ),
    );
    return lists.flat();
  },
  evaluation: (token: string, signal?: AbortSignal) =>
    api.get<EvaluationForm>(`/api/evaluations/${enc(token)}`, undefined, signal),
  answer: (token: string, data: Record<string, unknown>) =>
    api.post<void>(`/api/evaluations/${enc(token)}`, { data }),
};

export const appraisalsQuery = (institutionId: string) =>
  queryOptions({
    queryKey: [...cycleKeys.all(institutionId), 'appraisal-rows'] as const,
    queryFn: ({ signal }) => appraisalsApi.list(institutionId, signal),
  });

/** A link is opened once per visit: no retry on a refusal (used, expired, invalid). */
export const evaluationQuery = (token: string) =>
  queryOptions({
    queryKey: ['evaluations', token] as const,
    queryFn: ({ signal }) => appraisalsApi.evaluation(token, signal),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

export function useAnswerEvaluation(token: string) {
  return useMutation<void, ApiError, Record<string, unknown>>({
    mutationFn: (data) => appraisalsApi.answer(token, data),
  });
}
