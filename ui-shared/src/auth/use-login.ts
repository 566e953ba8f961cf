import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/api-client';
import type { ApiError } from '../api/api-error';
import type { ApiResponse, User } from '../api/types';
import { ME_QUERY_KEY } from './me-query';

export interface Credentials {
  email: string;
  password: string;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation<User, ApiError, Credentials>({
    mutationFn: async (credentials) =>
      (await api.post<ApiResponse<'/api/auth/login', 'post'>>('/api/auth/login', credentials)).user,
    onSuccess: (user) => {
      // Drop anything cached for a previous user before showing the new one.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_QUERY_KEY[0] });
      queryClient.setQueryData(ME_QUERY_KEY, user);
    },
  });
}
