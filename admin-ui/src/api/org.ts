import type { Grade, Message, OrgUnitKind, TeamRole } from '@rapport/schemas';
import { type ApiError, api, type ListResponse, type UserRef } from '@rapport/ui-shared';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { userKeys } from './users';

/** One unit of the org tree; the tree is a flat list in which each unit names its parent. */
export interface OrgUnitView {
  id: string;
  code: string;
  name: Message;
  kind: OrgUnitKind;
  parentId: string | null;
  rev: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrgUnitInput {
  code: string;
  name: Message;
  kind: OrgUnitKind;
  parentId: string | null;
}

/** A rename is `name`, a move is `parentId`. */
export interface OrgUnitPatch {
  rev: number;
  name?: Message;
  kind?: OrgUnitKind;
  parentId?: string | null;
}

export interface Certification {
  name: string;
  /** YYYY-MM-DD */
  certifiedAt: string;
  score?: number;
}

export interface GradeChangeView {
  at: string;
  from: Grade | null;
  to: Grade;
  reason: string;
  decidedBy: UserRef;
  /** The workflow instance that approved the change, if one did. */
  instanceId?: string;
}

/** A manager profile with the person behind it; `id` is the user's id. */
export interface ManagerView {
  id: string;
  name: string;
  email: string;
  orgUnitId: string | null;
  disabled: boolean;
  grade: Grade;
  teamRole: TeamRole;
  supervisorId: string | null;
  industryGroups: string[];
  certifications: Certification[];
  gradeHistory: GradeChangeView[];
  rev: number;
  createdAt: string;
  updatedAt: string;
}

export interface ManagerFilter {
  orgUnitId?: string;
  grade?: Grade;
  page: number;
  pageSize: number;
}

export interface ManagerPage {
  items: ManagerView[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ManagerInput {
  userId: string;
  grade: Grade;
  teamRole: TeamRole;
  supervisorId?: string | null;
  industryGroups?: string[];
  certifications?: Certification[];
  reason?: string;
}

export interface ManagerPatch {
  rev: number;
  teamRole?: TeamRole;
  supervisorId?: string | null;
  industryGroups?: string[];
  certifications?: Certification[];
}

export interface GradeChangeInput {
  rev: number;
  grade: Grade;
  reason: string;
}

/** A grade as the institution defines it; `rev` 0 while the platform's default still applies. */
export interface GradeDefinitionView {
  grade: Grade;
  criteria: Message;
  customerTiers: string[];
  products: string[];
  baseSalary: number;
  rev: number;
}

export type GradeDefinitionInput = Omit<GradeDefinitionView, 'grade'>;

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
