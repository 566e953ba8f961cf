import type { FrequencyClass, SizeClass } from '@rapport/schemas';
import { ApiError, type ApiResponse, api, getLanguage } from '@rapport/ui-shared';
import { queryOptions } from '@tanstack/react-query';

/** The reports dashboard (core/src/reports/service.ts), limited to what the viewer may see. */
export type Dashboard = ApiResponse<'/api/institutions/{institutionId}/reports/dashboard', 'get'>;

export type RankingRow = Dashboard['ranking'][number];

export type CycleRef = NonNullable<Dashboard['cycle']>;

export type LevelCounts = Dashboard['distribution'][number]['levels'];

export type CategoryScores = RankingRow['categories'];

export type { FrequencyClass, SizeClass };

const base = (institutionId: string) => `/api/institutions/${institutionId}`;

export const reportKeys = {
  dashboard: (institutionId: string, cycleId: string | undefined) =>
    ['institutions', institutionId, 'reports', 'dashboard', cycleId ?? 'latest'] as const,
};

export const dashboardQuery = (institutionId: string, cycleId: string | undefined) =>
  queryOptions({
    queryKey: reportKeys.dashboard(institutionId, cycleId),
    queryFn: ({ signal }) =>
      api.get<Dashboard>(`${base(institutionId)}/reports/dashboard`, { cycleId }, signal),
  });

/** The files the reports page offers, as API paths. */
export const reportFiles = {
  results: (institutionId: string, cycleId: string) =>
    `${base(institutionId)}/cycles/${cycleId}/results/export`,
  paySheet: (institutionId: string, cycleId: string) =>
    `${base(institutionId)}/cycles/${cycleId}/pay-sheet/export`,
  letter: (institutionId: string, appraisalId: string, lang: 'zh' | 'en') =>
    `${base(institutionId)}/appraisals/${appraisalId}/letter?lang=${lang}`,
};

/** Fetches a file and saves it under the name the server gives; an error answer throws {@link ApiError}. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const response = await fetch(path, {
    credentials: 'same-origin',
    headers: { 'Accept-Language': getLanguage() },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code: string; message: string };
    } | null;
    throw new ApiError(
      response.status,
      body?.error?.code ?? `HTTP_${response.status}`,
      body?.error?.message ?? `HTTP ${response.status}`,
    );
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name ?? fallbackName;
  link.click();
  URL.revokeObjectURL(url);
}
