import type { Grade, IndicatorCategory, IndicatorContent, IndicatorSetContent } from '@rapport/schemas';
import { type ApiItem, type ApiResponse, api, type ListResponse } from '@rapport/ui-shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

/** A library indicator with where it stands. */
export type IndicatorView = ApiItem<'/api/institutions/{institutionId}/indicators'>;

/** An indicator set: a grade's indicators, weights and rules. */
export type IndicatorSetView = ApiItem<'/api/institutions/{institutionId}/indicator-sets'>;

/** What installing the default library created, found existing, and skipped with its problems. */
export type InstallReport = ApiResponse<'/api/institutions/{institutionId}/indicators/defaults', 'post'>;

const enc = encodeURIComponent;
const base = (institutionId: string) => `/api/institutions/${enc(institutionId)}`;

export const indicatorKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'indicators'] as const,
  library: (institutionId: string) => [...indicatorKeys.all(institutionId), 'library'] as const,
  sets: (institutionId: string) => [...indicatorKeys.all(institutionId), 'sets'] as const,
};

export const libraryQuery = (institutionId: string) =>
  queryOptions({
    queryKey: indicatorKeys.library(institutionId),
    queryFn: ({ signal }) =>
      api.get<ListResponse<IndicatorView>>(`${base(institutionId)}/indicators`, undefined, signal),
    select: (data) => data.items,
  });

export const setsQuery = (institutionId: string) =>
  queryOptions({
    queryKey: indicatorKeys.sets(institutionId),
    queryFn: ({ signal }) =>
      api.get<ListResponse<IndicatorSetView>>(`${base(institutionId)}/indicator-sets`, undefined, signal),
    select: (data) => data.items,
  });

/** Installs the default library and a set per grade; what the institution already has stays. */
export function useInstallDefaults(institutionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<InstallReport>(`${base(institutionId)}/indicators/defaults`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: indicatorKeys.all(institutionId) }),
  });
}

/** Item weights per category, as the server totals them for its check. */
export function categoryTotals(
  set: IndicatorSetContent,
  library: ReadonlyMap<string, IndicatorContent>,
): Record<IndicatorCategory, number> {
  const totals: Record<IndicatorCategory, number> = { performance: 0, behaviour: 0, ability: 0 };
  for (const item of set.items) {
    const indicator = library.get(item.indicator);
    if (indicator) totals[indicator.category] += item.weight;
  }
  return totals;
}

export type { Grade };
