import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/api-client';
import type { ApiError } from '../api/api-error';
import { ME_QUERY_KEY } from './me-query';

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, void>({
    mutationFn: () => api.post<void>('/api/auth/logout'),
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_QUERY_KEY[0] });
      queryClient.setQueryData(ME_QUERY_KEY, null);
    },
  });
}
