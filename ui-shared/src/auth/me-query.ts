import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import type { ApiResponse, User } from '../api/types';

export const ME_QUERY_KEY = ['auth', 'me'] as const;

/** The signed-in user, or `null` when there is no session (401 is an answer here, not an error). */
export const meQuery = queryOptions({
  queryKey: ME_QUERY_KEY,
  queryFn: async ({ signal }): Promise<User | null> => {
    try {
      const { user } = await api.get<ApiResponse<'/api/auth/me', 'get'>>('/api/auth/me', undefined, signal);
      return user;
    } catch (error) {
      if (isApiError(error) && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 5 * 60_000,
});
