import type { WorkflowContent, WorkflowProblem } from '@rapport/schemas';
import {
  type ApiError,
  type ApiItem,
  type ApiResponse,
  api,
  apiRequest,
  type ListResponse,
} from '@rapport/ui-shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

const WORKFLOW = '/api/institutions/{institutionId}/workflows/{workflowId}';

/** A workflow definition: `states`/`transitions` are the current draft. */
export type WorkflowView = ApiResponse<typeof WORKFLOW, 'get'>;

export type WorkflowStatus = WorkflowView['status'];

/** A published, frozen version of a workflow. */
export type WorkflowVersionView = ApiItem<`${typeof WORKFLOW}/versions`>;

/** What PUT /workflows/:id takes: the draft's content without its key. */
export type WorkflowUpdate = Omit<WorkflowContent, 'key'> & { rev: number };

const enc = encodeURIComponent;
const workflowsPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}/workflows`;
const workflowPath = (institutionId: string, workflowId: string) =>
  `${workflowsPath(institutionId)}/${enc(workflowId)}`;

/** Under the same root as the portal's workflow queries, so invalidating an institution's workflows reaches both. */
export const workflowDefinitionKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'workflows', 'definitions'] as const,
  one: (institutionId: string, workflowId: string) =>
    [...workflowDefinitionKeys.all(institutionId), workflowId] as const,
  versions: (institutionId: string, workflowId: string) =>
    [...workflowDefinitionKeys.one(institutionId, workflowId), 'versions'] as const,
};

export const workflowDefinitionsApi = {
  list: (institutionId: string, signal?: AbortSignal) =>
    api.get<ListResponse<WorkflowView>>(workflowsPath(institutionId), undefined, signal),
  get: (institutionId: string, workflowId: string, signal?: AbortSignal) =>
    api.get<WorkflowView>(workflowPath(institutionId, workflowId), undefined, signal),
  create: (institutionId: string, content: WorkflowContent) =>
    api.post<WorkflowView>(workflowsPath(institutionId), content),
  update: (institutionId: string, workflowId: string, update: WorkflowUpdate) =>
    api.put<WorkflowView>(workflowPath(institutionId, workflowId), update),
  /** Every problem publishing would report, including forms the institution does not have. */
  check: (institutionId: string, content: WorkflowContent, signal?: AbortSignal) =>
    apiRequest<{ problems: WorkflowProblem[] }>('POST', `${workflowsPath(institutionId)}/check`, {
      body: content,
      ...(signal ? { signal } : {}),
    }),
  publish: (institutionId: string, workflowId: string, rev: number) =>
    api.post<WorkflowView>(`${workflowPath(institutionId, workflowId)}/publish`, { rev }),
  versions: (institutionId: string, workflowId: string, signal?: AbortSignal) =>
    api.get<ListResponse<WorkflowVersionView>>(
      `${workflowPath(institutionId, workflowId)}/versions`,
      undefined,
      signal,
    ),
};

export const workflowDefinitionsQuery = (institutionId: string) =>
  queryOptions({
    queryKey: workflowDefinitionKeys.all(institutionId),
    queryFn: ({ signal }) => workflowDefinitionsApi.list(institutionId, signal),
    select: (data) => data.items,
  });

export const workflowDefinitionQuery = (institutionId: string, workflowId: string) =>
  queryOptions({
    queryKey: workflowDefinitionKeys.one(institutionId, workflowId),
    queryFn: ({ signal }) => workflowDefinitionsApi.get(institutionId, workflowId, signal),
  });

export const workflowVersionsQuery = (institutionId: string, workflowId: string) =>
  queryOptions({
    queryKey: workflowDefinitionKeys.versions(institutionId, workflowId),
    queryFn: ({ signal }) => workflowDefinitionsApi.versions(institutionId, workflowId, signal),
    select: (data) => data.items,
  });

export function useWorkflowDefinitions(institutionId: string) {
  return useQuery(workflowDefinitionsQuery(institutionId));
}

export function useWorkflowDefinition(institutionId: string, workflowId: string) {
  return useQuery(workflowDefinitionQuery(institutionId, workflowId));
}

/** Published versions, newest first; `enabled` false waits (a workflow not saved yet has none). */
export function useWorkflowVersions(institutionId: string, workflowId: string, enabled = true) {
  return useQuery({ ...workflowVersionsQuery(institutionId, workflowId), enabled });
}

function useStore(institutionId: string) {
  const queryClient = useQueryClient();
  return (workflow: WorkflowView) => {
    queryClient.setQueryData(workflowDefinitionKeys.one(institutionId, workflow.id), workflow);
    return queryClient.invalidateQueries({
      queryKey: workflowDefinitionKeys.all(institutionId),
      exact: true,
    });
  };
}

export function useCreateWorkflow(institutionId: string) {
  const store = useStore(institutionId);
  return useMutation<WorkflowView, ApiError, WorkflowContent>({
    mutationFn: (content) => workflowDefinitionsApi.create(institutionId, content),
    onSuccess: store,
  });
}

export function useUpdateWorkflow(institutionId: string) {
  const store = useStore(institutionId);
  return useMutation<WorkflowView, ApiError, { workflowId: string; update: WorkflowUpdate }>({
    mutationFn: ({ workflowId, update }) => workflowDefinitionsApi.update(institutionId, workflowId, update),
    onSuccess: store,
  });
}

export function usePublishWorkflow(institutionId: string) {
  const store = useStore(institutionId);
  const queryClient = useQueryClient();
  return useMutation<WorkflowView, ApiError, { workflowId: string; rev: number }>({
    mutationFn: ({ workflowId, rev }) => workflowDefinitionsApi.publish(institutionId, workflowId, rev),
    onSuccess: async (workflow) => {
      await store(workflow);
      await queryClient.invalidateQueries({
        queryKey: workflowDefinitionKeys.versions(institutionId, workflow.id),
      });
    },
  });
}
