import { type ActivityEvent, api, type ListResponse } from '@rapport/ui-shared';
import { infiniteQueryOptions } from '@tanstack/react-query';

export const EVENTS_PAGE_SIZE = 50;

/** The activity log, newest first, paged backwards in time with `before`. */
export const eventsQuery = (institutionId: string) =>
  infiniteQueryOptions({
    queryKey: ['institutions', institutionId, 'events'] as const,
    queryFn: ({ pageParam, signal }) =>
      api.get<ListResponse<ActivityEvent>>(
        `/api/institutions/${encodeURIComponent(institutionId)}/events`,
        { limit: EVENTS_PAGE_SIZE, before: pageParam },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) =>
      lastPage.items.length < EVENTS_PAGE_SIZE ? undefined : lastPage.items[lastPage.items.length - 1]?.at,
  });
