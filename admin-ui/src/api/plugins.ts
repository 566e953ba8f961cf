import type { Industry, Message } from '@rapport/schemas';
import { type ApiError, api, type ListResponse } from '@rapport/ui-shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

/** One thing wrong with a plugin, in the file and at the path that has it. */
export interface PluginProblemView {
  file: string;
  path: string;
  message: Message;
}

/** What installing a plugin adds, as the catalogue lists it. */
export interface PluginContentsView {
  forms: { key: string; title: Message }[];
  workflows: { key: string; title: Message }[];
  indicators: number;
  indicatorSets: { code: string; name: Message }[];
  checklists: { key: string; title: Message }[];
  auditPlans: { code: string; name: Message }[];
  grades: number;
  cycle: { code: string; name: Message } | null;
  selection: { code: string; name: Message } | null;
  customerKinds: { key: string; label: Message }[];
  demo: { orgUnits: number; managers: number; customers: number } | null;
}

export type PluginInstallStatus = 'installing' | 'enabled' | 'disabled';

/** A plugin of the catalogue, with this institution's install of it (null: not installed). */
export interface PluginEntry {
  id: string;
  name: Message;
  description: Message;
  version: string;
  industry: Industry;
  dependsOn: { id: string; version: string }[];
  contents: PluginContentsView;
  server: boolean;
  problems: PluginProblemView[];
  serverError: string | null;
  installable: boolean;
  installed: {
    version: string;
    status: PluginInstallStatus;
    installedAt: string;
    upgradeAvailable: boolean;
  } | null;
}

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

export interface InstallReport {
  plugin: string;
  version: string;
  created: Partial<Record<CreatedKind, number>>;
  skipped: { what: string; reason: Message }[];
  /** The one password of every demo sign-in; the server keeps no copy to show again. */
  demoPassword: string | null;
  demoUsers: { email: string; role: string }[];
}

export interface UpgradeReport {
  from: string;
  to: string;
  added: string[];
  updated: string[];
  changedByInstitution: string[];
  keptIndicators: string[];
}

export interface UninstallResult {
  archived: boolean;
  dependents: Record<string, number>;
}

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
