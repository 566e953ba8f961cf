import {
  FACT_KINDS,
  type FactKind,
  FREQUENCY_CLASSES,
  type FrequencyClass,
  SIZE_CLASSES,
  type SizeClass,
} from '@rapport/schemas';
import {
  ApiError,
  type ApiItem,
  type ApiQuery,
  type ApiResponse,
  api,
  getLanguage,
  translate,
} from '@rapport/ui-shared';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

// The server's views (core/src/customers/views.ts and routes.ts), from the generated API types.

export { FACT_KINDS, type FactKind, FREQUENCY_CLASSES, type FrequencyClass, SIZE_CLASSES, type SizeClass };

const CUSTOMERS = '/api/institutions/{institutionId}/customers';
const CUSTOMER = `${CUSTOMERS}/{customerId}` as const;

export type CustomerSettings = ApiResponse<`${typeof CUSTOMERS}/settings`, 'get'>;

export type Option = CustomerSettings['kinds'][number];

export type CustomerPage = ApiResponse<typeof CUSTOMERS, 'get'>;

export type CustomerSummary = CustomerPage['items'][number];

export type Customer = ApiResponse<typeof CUSTOMER, 'get'>;

export type Owners = Customer['ownershipHistory'][number]['from'];

export type PersonRef = NonNullable<Owners['relationshipManager']>;

export type ActorRef = Customer['ownershipHistory'][number]['by'];

export type FormRef = NonNullable<Customer['fileForm']>;

export type Classification = Customer['classification'];

export type FactPage = ApiResponse<`${typeof CUSTOMER}/facts`, 'get'>;

export type Fact = FactPage['items'][number];

export type Visit = ApiItem<`${typeof CUSTOMER}/visits`>;

export type WeeklyEntry = ApiItem<`${typeof CUSTOMERS}/weekly-entries`>;

export type MissedEntries = ApiResponse<`${typeof CUSTOMERS}/weekly-entries/missed`, 'get'>;

export type CoreAnalysis = ApiResponse<`${typeof CUSTOMERS}/core`, 'get'>;

export type ImportReport = ApiResponse<`${typeof CUSTOMERS}/facts/import`, 'post'>;

/** One problem of a rejected import (`CUSTOMERS_ERR_IMPORT_REJECTED` details), message localised. */
export interface ImportProblem {
  in: 'file';
  row: number;
  column: string;
  value?: string;
  message: string;
}

export type ManagerPage = ApiResponse<'/api/institutions/{institutionId}/managers', 'get'>;

/** A manager as GET /managers lists them (what the reassign picker needs). */
export type ManagerRef = ManagerPage['items'][number];

export type CustomerFilter = ApiQuery<typeof CUSTOMERS, 'get'>;

const enc = encodeURIComponent;
const customersPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}/customers`;
const customerPath = (institutionId: string, customerId: string) =>
  `${customersPath(institutionId)}/${enc(customerId)}`;

/** The header of the facts import, in the order the server documents it. */
export const IMPORT_COLUMNS = ['customerCode', 'date', 'kind', 'amount', 'product', 'externalId'] as const;

export const customerKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'customers'] as const,
  settings: (institutionId: string) => [...customerKeys.all(institutionId), 'settings'] as const,
  list: (institutionId: string, filter: CustomerFilter) =>
    [...customerKeys.all(institutionId), 'list', filter] as const,
  one: (institutionId: string, customerId: string) =>
    [...customerKeys.all(institutionId), 'one', customerId] as const,
  facts: (institutionId: string, customerId: string) =>
    [...customerKeys.all(institutionId), 'facts', customerId] as const,
  visits: (institutionId: string, customerId: string) =>
    [...customerKeys.all(institutionId), 'visits', customerId] as const,
  weekly: (institutionId: string) => [...customerKeys.all(institutionId), 'weekly'] as const,
  core: (institutionId: string, range: { from?: string; to?: string }) =>
    [...customerKeys.all(institutionId), 'core', range] as const,
  managers: (institutionId: string) => ['institutions', institutionId, 'managers', 'picker'] as const,
};

/** Sends a CSV or XLSX file as the request body (the API client speaks JSON only). */
async function upload<T>(path: string, file: File): Promise<T> {
  const language = getLanguage();
  const xlsx = /\.xlsx$/i.test(file.name);
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': language,
        'Content-Type': xlsx
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv',
      },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', translate(language, 'error.network'));
  }
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code: string; message: string; details?: unknown } }
    | undefined;
  if (response.ok) return body as T;
  if (body?.error)
    throw new ApiError(response.status, body.error.code, body.error.message, body.error.details);
  throw new ApiError(
    response.status,
    `HTTP_${response.status}`,
    translate(language, 'error.http', { status: response.status }),
  );
}

export const customersApi = {
  settings: (institutionId: string, signal?: AbortSignal) =>
    api.get<CustomerSettings>(`${customersPath(institutionId)}/settings`, undefined, signal),
  list: (institutionId: string, filter: CustomerFilter, signal?: AbortSignal) =>
    api.get<CustomerPage>(customersPath(institutionId), { ...filter }, signal),
  get: (institutionId: string, customerId: string, signal?: AbortSignal) =>
    api.get<Customer>(customerPath(institutionId, customerId), undefined, signal),
  updateFile: (institutionId: string, customerId: string, rev: number, fileData: Record<string, unknown>) =>
    api.patch<Customer>(customerPath(institutionId, customerId), { rev, fileData }),
  reassign: (
    institutionId: string,
    customerId: string,
    body: { rev: number; relationshipManagerId: string; reason: string },
  ) => api.post<Customer>(`${customerPath(institutionId, customerId)}/ownership`, body),
  facts: (
    institutionId: string,
    customerId: string,
    query: { kind?: FactKind; from?: string; to?: string; page?: number; pageSize?: number },
    signal?: AbortSignal,
  ) => api.get<FactPage>(`${customerPath(institutionId, customerId)}/facts`, { ...query }, signal),
  /** Volume per month (`2025-03`) from `from` on, reading every volume fact of the customer since then. */
  monthlyVolume: async (institutionId: string, customerId: string, from: string, signal?: AbortSignal) => {
    const months = new Map<string, number>();
    const pageSize = 200;
    for (let page = 1; page <= 50; page++) {
      const result = await customersApi.facts(
        institutionId,
        customerId,
        { kind: 'volume', from, page, pageSize },
        signal,
      );
      for (const fact of result.items) {
        const month = fact.date.slice(0, 7);
        months.set(month, (months.get(month) ?? 0) + fact.amount);
      }
      if (page * pageSize >= result.total) break;
    }
    return months;
  },
  visits: (institutionId: string, customerId: string, signal?: AbortSignal) =>
    api.get<ApiResponse<`${typeof CUSTOMER}/visits`, 'get'>>(
      `${customerPath(institutionId, customerId)}/visits`,
      undefined,
      signal,
    ),
  logVisit: (
    institutionId: string,
    customerId: string,
    body: { visitedAt: string; purpose: string; notes?: string; data?: Record<string, unknown> },
  ) => api.post<Visit>(`${customerPath(institutionId, customerId)}/visits`, body),
  weeklyEntries: (
    institutionId: string,
    query: { week?: string; managerId?: string },
    signal?: AbortSignal,
  ) =>
    api.get<ApiResponse<`${typeof CUSTOMERS}/weekly-entries`, 'get'>>(
      `${customersPath(institutionId)}/weekly-entries`,
      { ...query },
      signal,
    ),
  saveWeeklyEntry: (
    institutionId: string,
    week: string,
    body: { rev: number; notes?: string; data?: Record<string, unknown> },
  ) => api.put<WeeklyEntry>(`${customersPath(institutionId)}/weekly-entries/${enc(week)}`, body),
  missed: (institutionId: string, week: string | undefined, signal?: AbortSignal) =>
    api.get<MissedEntries>(`${customersPath(institutionId)}/weekly-entries/missed`, { week }, signal),
  core: (institutionId: string, range: { from?: string; to?: string }, signal?: AbortSignal) =>
    api.get<CoreAnalysis>(`${customersPath(institutionId)}/core`, { ...range }, signal),
  importFacts: (institutionId: string, file: File, dryRun: boolean) =>
    upload<ImportReport>(`${customersPath(institutionId)}/facts/import?dryRun=${dryRun}`, file),
  /** The managers the user may see (supervisors: their units), for choosing a relationship manager. */
  managers: (institutionId: string, signal?: AbortSignal) =>
    api.get<ManagerPage>(
      `/api/institutions/${enc(institutionId)}/managers`,
      { page: 1, pageSize: 200 },
      signal,
    ),
};

/** The rows of a rejected import, or null when the error is something else. */
export function importProblems(error: unknown): ImportProblem[] | null {
  if (!(error instanceof ApiError) || error.code !== 'CUSTOMERS_ERR_IMPORT_REJECTED') return null;
  return Array.isArray(error.details) ? (error.details as ImportProblem[]) : [];
}

// ---- query options ----

export const customerSettingsQuery = (institutionId: string) =>
  queryOptions({
    queryKey: customerKeys.settings(institutionId),
    queryFn: ({ signal }) => customersApi.settings(institutionId, signal),
    staleTime: 60_000,
  });

export const customersQuery = (institutionId: string, filter: CustomerFilter) =>
  queryOptions({
    queryKey: customerKeys.list(institutionId, filter),
    queryFn: ({ signal }) => customersApi.list(institutionId, filter, signal),
    placeholderData: keepPreviousData,
  });

export const customerQuery = (institutionId: string, customerId: string) =>
  queryOptions({
    queryKey: customerKeys.one(institutionId, customerId),
    queryFn: ({ signal }) => customersApi.get(institutionId, customerId, signal),
  });

export const factsQuery = (institutionId: string, customerId: string, page: number, pageSize: number) =>
  queryOptions({
    queryKey: [...customerKeys.facts(institutionId, customerId), 'page', page, pageSize] as const,
    queryFn: ({ signal }) => customersApi.facts(institutionId, customerId, { page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

export const monthlyVolumeQuery = (institutionId: string, customerId: string, from: string) =>
  queryOptions({
    queryKey: [...customerKeys.facts(institutionId, customerId), 'monthly', from] as const,
    queryFn: ({ signal }) => customersApi.monthlyVolume(institutionId, customerId, from, signal),
  });

export const visitsQuery = (institutionId: string, customerId: string) =>
  queryOptions({
    queryKey: customerKeys.visits(institutionId, customerId),
    queryFn: ({ signal }) => customersApi.visits(institutionId, customerId, signal),
    select: (data) => data.items,
  });

export const weeklyEntriesQuery = (institutionId: string, query: { week?: string; managerId?: string }) =>
  queryOptions({
    queryKey: [...customerKeys.weekly(institutionId), 'list', query] as const,
    queryFn: ({ signal }) => customersApi.weeklyEntries(institutionId, query, signal),
    select: (data) => data.items,
  });

export const missedEntriesQuery = (institutionId: string, week: string | undefined) =>
  queryOptions({
    queryKey: [...customerKeys.weekly(institutionId), 'missed', week ?? 'this'] as const,
    queryFn: ({ signal }) => customersApi.missed(institutionId, week, signal),
  });

export const coreCustomersQuery = (institutionId: string, range: { from?: string; to?: string }) =>
  queryOptions({
    queryKey: customerKeys.core(institutionId, range),
    queryFn: ({ signal }) => customersApi.core(institutionId, range, signal),
  });

export const managersPickerQuery = (institutionId: string) =>
  queryOptions({
    queryKey: customerKeys.managers(institutionId),
    queryFn: ({ signal }) => customersApi.managers(institutionId, signal),
    select: (data) => data.items.filter((m) => !m.disabled),
  });

// ---- mutations ----

/** A changed customer replaces the cached one; lists are refetched. */
function useCustomerSaved(institutionId: string) {
  const queryClient = useQueryClient();
  return (customer: Customer) => {
    queryClient.setQueryData(customerKeys.one(institutionId, customer.id), customer);
    return queryClient.invalidateQueries({ queryKey: [...customerKeys.all(institutionId), 'list'] });
  };
}

export function useUpdateCustomerFile(institutionId: string, customerId: string) {
  const onSuccess = useCustomerSaved(institutionId);
  return useMutation<Customer, ApiError, { rev: number; fileData: Record<string, unknown> }>({
    mutationFn: ({ rev, fileData }) => customersApi.updateFile(institutionId, customerId, rev, fileData),
    onSuccess,
  });
}

export function useReassignCustomer(institutionId: string, customerId: string) {
  const onSuccess = useCustomerSaved(institutionId);
  return useMutation<Customer, ApiError, { rev: number; relationshipManagerId: string; reason: string }>({
    mutationFn: (body) => customersApi.reassign(institutionId, customerId, body),
    onSuccess,
  });
}

export function useLogVisit(institutionId: string, customerId: string) {
  const queryClient = useQueryClient();
  return useMutation<
    Visit,
    ApiError,
    { visitedAt: string; purpose: string; notes?: string; data?: Record<string, unknown> }
  >({
    mutationFn: (body) => customersApi.logVisit(institutionId, customerId, body),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: customerKeys.visits(institutionId, customerId) }),
  });
}

export function useSaveWeeklyEntry(institutionId: string) {
  const queryClient = useQueryClient();
  return useMutation<
    WeeklyEntry,
    ApiError,
    { week: string; rev: number; notes?: string; data?: Record<string, unknown> }
  >({
    mutationFn: ({ week, ...body }) => customersApi.saveWeeklyEntry(institutionId, week, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: customerKeys.weekly(institutionId) }),
  });
}

export function useImportFacts(institutionId: string) {
  const queryClient = useQueryClient();
  return useMutation<ImportReport, ApiError, { file: File; dryRun: boolean }>({
    mutationFn: ({ file, dryRun }) => customersApi.importFacts(institutionId, file, dryRun),
    onSuccess: (report) => {
      if (!report.dryRun) return queryClient.invalidateQueries({ queryKey: customerKeys.all(institutionId) });
    },
  });
}
