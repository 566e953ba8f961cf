import { type ApiBody, type ApiError, api, type ListResponse, type User } from '@rapport/ui-shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

export type UserInput = ApiBody<'/api/institutions/{institutionId}/users', 'post'>;

export type UserPatch = ApiBody<'/api/institutions/{institutionId}/users/{id}', 'patch'>;

const usersPath = (institutionId: string) => `/api/institutions/${encodeURIComponent(institutionId)}/users`;

export const userKeys = {
  list: (institutionId: string) => ['institutions', institutionId, 'users'] as const,
};

export const usersQuery = (institutionId: string) =>
  queryOptions({
    queryKey: userKeys.list(institutionId),
    queryFn: ({ signal }) => api.get<ListResponse<User>>(usersPath(institutionId), undefined, signal),
    select: (data) => data.items,
  });

export function useCreateUser(institutionId: string) {
  const queryClient = useQueryClient();
  return useMutation<User, ApiError, UserInput>({
    mutationFn: (input) => api.post<User>(usersPath(institutionId), input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.list(institutionId) }),
  });
}

export function useUpdateUser(institutionId: string) {
  const queryClient = useQueryClient();
  return useMutation<User, ApiError, { id: string; patch: UserPatch }>({
    mutationFn: ({ id, patch }) =>
      api.patch<User>(`${usersPath(institutionId)}/${encodeURIComponent(id)}`, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.list(institutionId) }),
  });
}

export function useReloadUsers(institutionId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: userKeys.list(institutionId) });
}
