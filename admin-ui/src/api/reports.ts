import type {
  FrequencyClass,
  Grade,
  IndicatorCategory,
  Message,
  ResultLevel,
  SizeClass,
} from '@rapport/schemas';
import { ApiError, api, getLanguage } from '@rapport/ui-shared';
import { queryOptions } from '@tanstack/react-query';

export type LevelCounts = Record<ResultLevel, number>;
export type CategoryScores = Record<IndicatorCategory, number | null>;

export type { FrequencyClass, SizeClass };

export interface CycleRef {
  id: string;
  code: string;
  name: Message;
  period: { from: string; to: string };
}

export interface RankingRow {
  /** Equal totals share a rank (1, 1, 3). */
  rank: number;
  appraisalId: string;
  managerId: string;
  name: string;
  orgUnit: Message | null;
  grade: Grade;
  total: number;
  level: ResultLevel | null;
  categories: CategoryScores;
  calibrated: boolean;
}

/** The reports dashboard (core/src/reports/service.ts), limited to what the viewer may see. */
export interface Dashboard {
  cycle: CycleRef | null;
  distribution: { from: number; to: number; count: number; levels: LevelCounts }[];
  ranking: RankingRow[];
  radar: { managerId: string; name: string; categories: CategoryScores }[];
  trend: {
    cycles: { cycle: CycleRef; average: number | null; count: number; levels: LevelCounts }[];
    managers: { managerId: string; name: string; totals: (number | null)[] }[];
  };
  gradePyramid: { grade: Grade; count: number }[];
  customerMix: { frequency: FrequencyClass; size: SizeClass; count: number }[];
}

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
