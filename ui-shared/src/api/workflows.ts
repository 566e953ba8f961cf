import { NOTE_ACTIONS, type NoteAction } from '@rapport/schemas';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client';
import type { ApiError } from './api-error';
import type { ApiBody, ApiResponse, ListResponse } from './types';

export type { ActorRule, WorkflowState, WorkflowTransition } from '@rapport/schemas';

const INSTANCE = '/api/institutions/{institutionId}/instances/{instanceId}';

/** A running (or closed) workflow instance. */
export type Instance = ApiResponse<typeof INSTANCE, 'get'>;

/** What an instance is about (a manager, a customer, an appraisal…). */
export type InstanceSubject = Instance['subject'];

/** History actions that are not transitions: the state stays the same. */
export { NOTE_ACTIONS, type NoteAction };

export function isNoteAction(action: string): action is NoteAction {
  return (NOTE_ACTIONS as readonly string[]).includes(action);
}

/** One step of an instance's history: `action` is a transition's key, `start`, or a NoteAction. */
export type HistoryEntry = Instance['history'][number];

/** Approvals gathered so far on a committee transition of the current state. */
export type Approval = Instance['approvals'][number];

/** A published workflow version: what instances run against (readable by members). */
export type WorkflowVersion = ApiResponse<
  '/api/institutions/{institutionId}/workflows/{workflowId}/versions/{version}',
  'get'
>;

export type InstanceAction = ApiBody<`${typeof INSTANCE}/actions`, 'post'>;

export { NOTIFICATION_KINDS, type NotificationKind } from '@rapport/schemas';

export type NotificationList = ApiResponse<'/api/institutions/{institutionId}/notifications', 'get'>;

export type WorkflowNotification = NotificationList['items'][number];

const enc = encodeURIComponent;
const institutionPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}`;
const instancePath = (institutionId: string, instanceId: string) =>
  `${institutionPath(institutionId)}/instances/${enc(instanceId)}`;

/** Query keys: an institution's workflow data sits under `workflowKeys.all`, notifications under `notificationKeys.all`. */
export const workflowKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'workflows'] as const,
  inbox: (institutionId: string) => [...workflowKeys.all(institutionId), 'inbox'] as const,
  instance: (institutionId: string, instanceId: string) =>
    [...workflowKeys.all(institutionId), 'instance', instanceId] as const,
  version: (institutionId: string, workflowId: string, version: number) =>
    [...workflowKeys.all(institutionId), 'version', workflowId, version] as const,
};

export const notificationKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'notifications'] as const,
  list: (institutionId: string, unread: boolean) =>
    [...notificationKeys.all(institutionId), 'list', { unread }] as const,
};

// ---- plain calls ----

export const workflowsApi = {
  inbox: (institutionId: string, signal?: AbortSignal) =>
    api.get<ListResponse<Instance>>(`${institutionPath(institutionId)}/inbox`, undefined, signal),
  instance: (institutionId: string, instanceId: string, signal?: AbortSignal) =>
    api.get<Instance>(instancePath(institutionId, instanceId), undefined, signal),
  version: (institutionId: string, workflowId: string, version: number, signal?: AbortSignal) =>
    api.get<WorkflowVersion>(
      `${institutionPath(institutionId)}/workflows/${enc(workflowId)}/versions/${version}`,
      undefined,
      signal,
    ),
  act: (institutionId: string, instanceId: string, body: InstanceAction) =>
    api.post<Instance>(`${instancePath(institutionId, instanceId)}/actions`, body),
  comment: (institutionId: string, instanceId: string, comment: string) =>
    api.post<Instance>(`${instancePath(institutionId, instanceId)}/comments`, { comment }),
};

export const notificationsApi = {
  list: (institutionId: string, unread: boolean, signal?: AbortSignal) =>
    api.get<NotificationList>(
      `${institutionPath(institutionId)}/notifications`,
      { unread: unread ? 'true' : undefined },
      signal,
    ),
  /** Marks one notification read, or all of mine without an id. */
  markRead: (institutionId: string, id?: string) =>
    api.post<void>(`${institutionPath(institutionId)}/notifications/read`, id ? { id } : {}),
};

// ---- query options ----

export const inboxQuery = (institutionId: string) =>
  queryOptions({
    queryKey: workflowKeys.inbox(institutionId),
    queryFn: ({ signal }) => workflowsApi.inbox(institutionId, signal),
    select: (data) => data.items,
  });

export const instanceQuery = (institutionId: string, instanceId: string) =>
  queryOptions({
    queryKey: workflowKeys.instance(institutionId, instanceId),
    queryFn: ({ signal }) => workflowsApi.instance(institutionId, instanceId, signal),
  });

/** A published version never changes, so it is cached for good. */
export const workflowVersionQuery = (institutionId: string, workflowId: string, version: number) =>
  queryOptions({
    queryKey: workflowKeys.version(institutionId, workflowId, version),
    queryFn: ({ signal }) => workflowsApi.version(institutionId, workflowId, version, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

/** How often the unread count is refreshed. */
export const NOTIFICATIONS_REFETCH_MS = 30_000;

export const notificationsQuery = (institutionId: string, unread = false) =>
  queryOptions({
    queryKey: notificationKeys.list(institutionId, unread),
    queryFn: ({ signal }) => notificationsApi.list(institutionId, unread, signal),
    refetchInterval: NOTIFICATIONS_REFETCH_MS,
  });

// ---- query hooks ----

export function useInbox(institutionId: string) {
  return useQuery(inboxQuery(institutionId));
}

export function useInstance(institutionId: string, instanceId: string) {
  return useQuery(instanceQuery(institutionId, instanceId));
}

/** `workflowId`/`version` undefined waits (e.g. until the instance is known). */
export function useWorkflowVersion(
  institutionId: string,
  workflowId: string | undefined,
  version: number | undefined,
) {
  return useQuery({
    ...workflowVersionQuery(institutionId, workflowId ?? '', version ?? 0),
    enabled: workflowId !== undefined && version !== undefined,
  });
}

/** My notifications (only the unread ones when `unread`), refetched every 30 s. */
export function useNotifications(institutionId: string, unread = false) {
  return useQuery(notificationsQuery(institutionId, unread));
}

// ---- mutations ----

/**
 * Takes an action on an instance. Afterwards the instance's notifications are marked read and
 * the inbox, the instance and the notifications are refetched.
 */
export function useActOnInstance(institutionId: string) {
  const queryClient = useQueryClient();
  return useMutation<Instance, ApiError, { instanceId: string; action: InstanceAction }>({
    mutationFn: ({ instanceId, action }) => workflowsApi.act(institutionId, instanceId, action),
    onSuccess: async (instance) => {
      queryClient.setQueryData(workflowKeys.instance(institutionId, instance.id), instance);
      const actedAt = Date.parse(instance.updatedAt);
      try {
        const { items } = await notificationsApi.list(institutionId, true);
        await Promise.all(
          items
            // Those about this step and before; the next step's own task stays unread.
            .filter((n) => n.instanceId === instance.id && Date.parse(n.createdAt) < actedAt)
            .map((n) => notificationsApi.markRead(institutionId, n.id)),
        );
      } catch {
        // Best effort: the action itself went through.
      }
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: workflowKeys.inbox(institutionId) }),
        queryClient.invalidateQueries({ queryKey: notificationKeys.all(institutionId) }),
      ]);
    },
  });
}

/** Adds a comment to an instance's history. */
export function useCommentOnInstance(institutionId: string) {
  const queryClient = useQueryClient();
  return useMutation<Instance, ApiError, { instanceId: string; comment: string }>({
    mutationFn: ({ instanceId, comment }) => workflowsApi.comment(institutionId, instanceId, comment),
    onSuccess: (instance) =>
      queryClient.setQueryData(workflowKeys.instance(institutionId, instance.id), instance),
  });
}

export function useMarkNotificationsRead(institutionId: string) {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, { id?: string }>({
    mutationFn: ({ id }) => notificationsApi.markRead(institutionId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all(institutionId) }),
  });
}
