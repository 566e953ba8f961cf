import { type ApiError, type ApiItem, type ApiResponse, api, type ListResponse } from '@rapport/ui-shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

const PLUGIN = '/api/institutions/{institutionId}/plugins/{pluginId}';

/** A plugin of the catalogue, with this institution's install of it (null: not installed). */
export type PluginEntry = ApiItem<'/api/institutions/{institutionId}/plugins'>;

/** One thing wrong with a plugin, in the file and at the path that has it. */
export type PluginProblemView = PluginEntry['problems'][number];

/** What installing a plugin adds, as the catalogue lists it. */
export type PluginContentsView = PluginEntry['contents'];

export type PluginInstallStatus = NonNullable<PluginEntry['installed']>['status'];

/** The kinds of things an install creates, in the order the report shows them. */
export const CREATED_KINDS = [
  'forms',
  'workflows',
  'indicators',
  'indicatorSets',
  'grades',
  'cycles',
  'auditPlans',
  'orgUnits',
  'users',
  'customers',
  'selectionDrives',
] as const;
export type CreatedKind = (typeof CREATED_KINDS)[number];

/** What an install created (per CreatedKind) and skipped. */
export type InstallReport = ApiResponse<`${typeof PLUGIN}/install`, 'post', 201>;

export type UpgradeReport = ApiResponse<`${typeof PLUGIN}/upgrade`, 'post'>;

export type UninstallResult = ApiResponse<`${typeof PLUGIN}/uninstall`, 'post'>;

/** What still uses a plugin's content, as a refused uninstall (409 PLUGINS_ERR_IN_USE) details it. */
export interface PluginDependents {
  submissions: number;
  instances: number;
  launchedCycles: number;
  audits: number;
  candidates: number;
}

const enc = encodeURIComponent;
const pluginsPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}/plugins`;
const pluginPath = (institutionId: string, pluginId: string) =>
  `${pluginsPath(institutionId)}/${enc(pluginId)}`;

export const pluginKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'plugins'] as const,
};

export const pluginsApi = {
  list: (institutionId: string, signal?: AbortSignal) =>
    api.get<ListResponse<PluginEntry>>(pluginsPath(institutionId), undefined, signal),
  install: (institutionId: string, pluginId: string, demo: boolean) =>
    api.post<InstallReport>(`${pluginPath(institutionId, pluginId)}/install`, { demo }),
  setStatus: (institutionId: string, pluginId: string, action: 'enable' | 'disable') =>
    api.post<void>(`${pluginPath(institutionId, pluginId)}/${action}`),
  upgrade: (institutionId: string, pluginId: string) =>
    api.post<UpgradeReport>(`${pluginPath(institutionId, pluginId)}/upgrade`),
  uninstall: (institutionId: string, pluginId: string, archive: boolean) =>
    api.post<UninstallResult>(`${pluginPath(institutionId, pluginId)}/uninstall`, { archive }),
};

export const pluginsQuery = (institutionId: string) =>
  queryOptions({
    queryKey: pluginKeys.all(institutionId),
    queryFn: ({ signal }) => pluginsApi.list(institutionId, signal),
    select: (data) => data.items,
  });

/** A plugin changes forms, workflows, indicators, cycles, people and customers: every view of the institution reloads. */
function useReloadInstitution(institutionId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['institutions', institutionId] });
}

export function useInstallPlugin(institutionId: string) {
  const reload = useReloadInstitution(institutionId);
  return useMutation<InstallReport, ApiError, { pluginId: string; demo: boolean }>({
    mutationFn: ({ pluginId, demo }) => pluginsApi.install(institutionId, pluginId, demo),
    // A refused install may still have written a partial record; the catalogue shows it either way.
    onSettled: reload,
  });
}

export function useSetPluginStatus(institutionId: string) {
  const reload = useReloadInstitution(institutionId);
  return useMutation<void, ApiError, { pluginId: string; action: 'enable' | 'disable' }>({
    mutationFn: ({ pluginId, action }) => pluginsApi.setStatus(institutionId, pluginId, action),
    onSuccess: reload,
  });
}

export function useUpgradePlugin(institutionId: string) {
  const reload = useReloadInstitution(institutionId);
  return useMutation<UpgradeReport, ApiError, string>({
    mutationFn: (pluginId) => pluginsApi.upgrade(institutionId, pluginId),
    onSuccess: reload,
  });
}

export function useUninstallPlugin(institutionId: string) {
  const reload = useReloadInstitution(institutionId);
  return useMutation<UninstallResult, ApiError, { pluginId: string; archive: boolean }>({
    mutationFn: ({ pluginId, archive }) => pluginsApi.uninstall(institutionId, pluginId, archive),
    onSuccess: reload,
  });
}
