import { type ApiBody, type ApiError, api, type Institution, type ListResponse } from '@rapport/ui-shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

export type InstitutionInput = ApiBody<'/api/institutions', 'post'>;

export type InstitutionPatch = ApiBody<'/api/institutions/{institutionId}', 'patch'>;

export const institutionKeys = {
  all: ['institutions'] as const,
  one: (id: string) => ['institutions', id] as const,
};

export const institutionsQuery = queryOptions({
  queryKey: institutionKeys.all,
  queryFn: ({ signal }) => api.get<ListResponse<Institution>>('/api/institutions', undefined, signal),
  select: (data) => data.items,
});

export const institutionQuery = (id: string) =>
  queryOptions({
    queryKey: institutionKeys.one(id),
    queryFn: ({ signal }) =>
      api.get<Institution>(`/api/institutions/${encodeURIComponent(id)}`, undefined, signal),
  });

export function useCreateInstitution() {
  const queryClient = useQueryClient();
  return useMutation<Institution, ApiError, InstitutionInput>({
    mutationFn: (input) => api.post<Institution>('/api/institutions', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: institutionKeys.all, exact: true }),
  });
}

export function useUpdateInstitution() {
  const queryClient = useQueryClient();
  return useMutation<Institution, ApiError, { id: string; patch: InstitutionPatch }>({
    mutationFn: ({ id, patch }) =>
      api.patch<Institution>(`/api/institutions/${encodeURIComponent(id)}`, patch),
    onSuccess: (institution) => {
      queryClient.setQueryData(institutionKeys.one(institution.id), institution);
      return queryClient.invalidateQueries({ queryKey: institutionKeys.all, exact: true });
    },
  });
}

export function useReloadInstitutions() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: institutionKeys.all });
}
