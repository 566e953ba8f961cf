import type { Grade } from '@rapport/schemas';
import {
  type ApiBody,
  type ApiError,
  type ApiItem,
  type ApiQuery,
  type ApiResponse,
  api,
  type ListResponse,
} from '@rapport/ui-shared';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { userKeys } from './users';

const I = '/api/institutions/{institutionId}';

/** One unit of the org tree; the tree is a flat list in which each unit names its parent. */
export type OrgUnitView = ApiItem<`${typeof I}/org-units`>;

export type OrgUnitInput = ApiBody<`${typeof I}/org-units`, 'post'>;

/** A rename is `name`, a move is `parentId`. */
export type OrgUnitPatch = ApiBody<`${typeof I}/org-units/{unitId}`, 'patch'>;

/** A manager profile with the person behind it; `id` is the user's id. */
export type ManagerView = ApiResponse<`${typeof I}/managers/{managerId}`, 'get'>;

export type Certification = ManagerView['certifications'][number];

export type GradeChangeView = ManagerView['gradeHistory'][number];

type ManagerQuery = ApiQuery<`${typeof I}/managers`, 'get'>;

export type ManagerFilter = Omit<ManagerQuery, 'page' | 'pageSize'> &
  Required<Pick<ManagerQuery, 'page' | 'pageSize'>>;

export type ManagerPage = ApiResponse<`${typeof I}/managers`, 'get'>;

export type ManagerInput = ApiBody<`${typeof I}/managers`, 'post'>;

export type ManagerPatch = ApiBody<`${typeof I}/managers/{managerId}`, 'patch'>;

export type GradeChangeInput = ApiBody<`${typeof I}/managers/{managerId}/grade`, 'post'>;

/** A grade as the institution defines it; `rev` 0 while the platform's default still applies. */
export type GradeDefinitionView = ApiItem<`${typeof I}/grades`>;

export type GradeDefinitionInput = ApiBody<`${typeof I}/grades/{grade}`, 'put'>;

const enc = encodeURIComponent;
const institutionPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}`;
const unitsPath = (institutionId: string) => `${institutionPath(institutionId)}/org-units`;
const managersPath = (institutionId: string) => `${institutionPath(institutionId)}/managers`;
const managerPath = (institutionId: string, managerId: string) =>
  `${managersPath(institutionId)}/${enc(managerId)}`;

export const orgKeys = {
  units: (institutionId: string) => ['institutions', institutionId, 'org-units'] as const,
  managers: (institutionId: string) => ['institutions', institutionId, 'managers'] as const,
  managerPage: (institutionId: string, filter: ManagerFilter) =>
    [...orgKeys.managers(institutionId), 'page', filter] as const,
  allManagers: (institutionId: string) => [...orgKeys.managers(institutionId), 'all'] as const,
  manager: (institutionId: string, managerId: string) =>
    [...orgKeys.managers(institutionId), 'one', managerId] as const,
  grades: (institutionId: string) => ['institutions', institutionId, 'grades'] as const,
};

/** The most the server hands out per page. */
const MAX_PAGE_SIZE = 200;

export const orgApi = {
  units: (institutionId: string, signal?: AbortSignal) =>
    api.get<ListResponse<OrgUnitView>>(unitsPath(institutionId), undefined, signal),
  createUnit: (institutionId: string, input: OrgUnitInput) =>
    api.post<OrgUnitView>(unitsPath(institutionId), input),
  updateUnit: (institutionId: string, unitId: string, patch: OrgUnitPatch) =>
    api.patch<OrgUnitView>(`${unitsPath(institutionId)}/${enc(unitId)}`, patch),
  removeUnit: (institutionId: string, unitId: string, rev: number) =>
    api.delete<void>(`${unitsPath(institutionId)}/${enc(unitId)}?rev=${rev}`),
  managers: (institutionId: string, filter: ManagerFilter, signal?: AbortSignal) =>
    api.get<ManagerPage>(managersPath(institutionId), { ...filter }, signal),
  /** Every profile, page after page: to know which managers still lack one. */
  allManagers: async (institutionId: string, signal?: AbortSignal) => {
    const items: ManagerView[] = [];
    for (let page = 1; ; page++) {
      const result = await orgApi.managers(institutionId, { page, pageSize: MAX_PAGE_SIZE }, signal);
      items.push(...result.items);
      if (result.items.length === 0 || items.length >= result.total) return items;
    }
  },
  manager: (institutionId: string, managerId: string, signal?: AbortSignal) =>
    api.get<ManagerView>(managerPath(institutionId, managerId), undefined, signal),
  createManager: (institutionId: string, input: ManagerInput) =>
    api.post<ManagerView>(managersPath(institutionId), input),
  updateManager: (institutionId: string, managerId: string, patch: ManagerPatch) =>
    api.patch<ManagerView>(managerPath(institutionId, managerId), patch),
  changeGrade: (institutionId: string, managerId: string, change: GradeChangeInput) =>
    api.post<ManagerView>(`${managerPath(institutionId, managerId)}/grade`, change),
  grades: (institutionId: string, signal?: AbortSignal) =>
    api.get<ListResponse<GradeDefinitionView>>(`${institutionPath(institutionId)}/grades`, undefined, signal),
  setGrade: (institutionId: string, grade: Grade, input: GradeDefinitionInput) =>
    api.put<GradeDefinitionView>(`${institutionPath(institutionId)}/grades/${enc(grade)}`, input),
};

export const orgUnitsQuery = (institutionId: string) =>
  queryOptions({
    queryKey: orgKeys.units(institutionId),
    queryFn: ({ signal }) => orgApi.units(institutionId, signal),
    select: (data) => data.items,
  });

export const managerPageQuery = (institutionId: string, filter: ManagerFilter) =>
  queryOptions({
    queryKey: orgKeys.managerPage(institutionId, filter),
    queryFn: ({ signal }) => orgApi.managers(institutionId, filter, signal),
    // Keep the rows on screen while the next page or filter loads.
    placeholderData: keepPreviousData,
  });

export const allManagersQuery = (institutionId: string) =>
  queryOptions({
    queryKey: orgKeys.allManagers(institutionId),
    queryFn: ({ signal }) => orgApi.allManagers(institutionId, signal),
  });

export const managerQuery = (institutionId: string, managerId: string) =>
  queryOptions({
    queryKey: orgKeys.manager(institutionId, managerId),
    queryFn: ({ signal }) => orgApi.manager(institutionId, managerId, signal),
  });

export const gradesQuery = (institutionId: string) =>
  queryOptions({
    queryKey: orgKeys.grades(institutionId),
    queryFn: ({ signal }) => orgApi.grades(institutionId, signal),
    select: (data) => data.items,
  });

function useInvalidate(institutionId: string) {
  const queryClient = useQueryClient();
  return (key: (institutionId: string) => readonly unknown[]) =>
    queryClient.invalidateQueries({ queryKey: key(institutionId) });
}

export function useReloadOrgUnits(institutionId: string) {
  const invalidate = useInvalidate(institutionId);
  return () => invalidate(orgKeys.units);
}

export function useCreateOrgUnit(institutionId: string) {
  const reload = useReloadOrgUnits(institutionId);
  return useMutation<OrgUnitView, ApiError, OrgUnitInput>({
    mutationFn: (input) => orgApi.createUnit(institutionId, input),
    onSuccess: reload,
  });
}

export function useUpdateOrgUnit(institutionId: string) {
  const reload = useReloadOrgUnits(institutionId);
  return useMutation<OrgUnitView, ApiError, { id: string; patch: OrgUnitPatch }>({
    mutationFn: ({ id, patch }) => orgApi.updateUnit(institutionId, id, patch),
    onSuccess: reload,
  });
}

export function useRemoveOrgUnit(institutionId: string) {
  const reload = useReloadOrgUnits(institutionId);
  return useMutation<void, ApiError, OrgUnitView>({
    mutationFn: (unit) => orgApi.removeUnit(institutionId, unit.id, unit.rev),
    onSuccess: reload,
  });
}

export function useReloadManagers(institutionId: string) {
  const invalidate = useInvalidate(institutionId);
  return () => invalidate(orgKeys.managers);
}

export function useCreateManager(institutionId: string) {
  const reload = useReloadManagers(institutionId);
  return useMutation<ManagerView, ApiError, ManagerInput>({
    mutationFn: (input) => orgApi.createManager(institutionId, input),
    onSuccess: reload,
  });
}

export function useUpdateManager(institutionId: string) {
  const reload = useReloadManagers(institutionId);
  return useMutation<ManagerView, ApiError, { id: string; patch: ManagerPatch }>({
    mutationFn: ({ id, patch }) => orgApi.updateManager(institutionId, id, patch),
    onSuccess: reload,
  });
}

export function useChangeGrade(institutionId: string) {
  const reload = useReloadManagers(institutionId);
  return useMutation<ManagerView, ApiError, { id: string; change: GradeChangeInput }>({
    mutationFn: ({ id, change }) => orgApi.changeGrade(institutionId, id, change),
    onSuccess: reload,
  });
}

export function useReloadGrades(institutionId: string) {
  const invalidate = useInvalidate(institutionId);
  return () => invalidate(orgKeys.grades);
}

export function useSetGrade(institutionId: string) {
  const reload = useReloadGrades(institutionId);
  return useMutation<GradeDefinitionView, ApiError, { grade: Grade; input: GradeDefinitionInput }>({
    mutationFn: ({ grade, input }) => orgApi.setGrade(institutionId, grade, input),
    onSuccess: reload,
  });
}

/** Placing a user in a unit changes the users list and who the managers list shows under a unit. */
export function useReloadPlacements(institutionId: string) {
  const invalidate = useInvalidate(institutionId);
  return () => Promise.all([invalidate(userKeys.list), invalidate(orgKeys.managers)]);
}
