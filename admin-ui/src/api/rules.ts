import type { ResultSettings } from '@rapport/schemas';
import { type ApiResponse, api } from '@rapport/ui-shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

/** The grade rules and pay settings; `rev` 0 while the defaults apply. */
export type ResultSettingsView = ApiResponse<'/api/institutions/{institutionId}/result-settings', 'get'>;

export type CustomerSettingsView = ApiResponse<'/api/institutions/{institutionId}/customers/settings', 'get'>;

export type CustomerSettings = Omit<CustomerSettingsView, 'rev'>;

/** A choice the institution names: a customer kind or an industry group. */
export type CustomerOption = CustomerSettings['kinds'][number];

/** How customers are classed by their transactions over a window of days. */
export type ClassificationRules = CustomerSettings['rules'];

const enc = encodeURIComponent;
const institutionPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}`;
const resultSettingsPath = (institutionId: string) => `${institutionPath(institutionId)}/result-settings`;
const customerSettingsPath = (institutionId: string) =>
  `${institutionPath(institutionId)}/customers/settings`;

export const rulesKeys = {
  results: (institutionId: string) => ['institutions', institutionId, 'result-settings'] as const,
  customers: (institutionId: string) => ['institutions', institutionId, 'customer-settings'] as const,
};

/** The program rules an institution admin sets: appraisal results and customer classification. */
export const rulesApi = {
  results: (institutionId: string, signal?: AbortSignal) =>
    api.get<ResultSettingsView>(resultSettingsPath(institutionId), undefined, signal),
  saveResults: (institutionId: string, rev: number, settings: ResultSettings) =>
    api.put<ResultSettingsView>(resultSettingsPath(institutionId), { rev, settings }),
  customers: (institutionId: string, signal?: AbortSignal) =>
    api.get<CustomerSettingsView>(customerSettingsPath(institutionId), undefined, signal),
  saveCustomers: (institutionId: string, rev: number, settings: CustomerSettings) =>
    api.put<CustomerSettingsView>(customerSettingsPath(institutionId), { rev, ...settings }),
};

export const resultSettingsQuery = (institutionId: string) =>
  queryOptions({
    queryKey: rulesKeys.results(institutionId),
    queryFn: ({ signal }) => rulesApi.results(institutionId, signal),
  });

export const customerSettingsQuery = (institutionId: string) =>
  queryOptions({
    queryKey: rulesKeys.customers(institutionId),
    queryFn: ({ signal }) => rulesApi.customers(institutionId, signal),
  });

export function useSaveResultSettings(institutionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ rev, settings }: { rev: number; settings: ResultSettings }) =>
      rulesApi.saveResults(institutionId, rev, settings),
    onSuccess: (saved) => client.setQueryData(rulesKeys.results(institutionId), saved),
  });
}

export function useSaveCustomerSettings(institutionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ rev, settings }: { rev: number; settings: CustomerSettings }) =>
      rulesApi.saveCustomers(institutionId, rev, settings),
    onSuccess: (saved) => client.setQueryData(rulesKeys.customers(institutionId), saved),
  });
}
