import {
  type FormContent,
  type FormDiff,
  type FormExport,
  type FormStatus,
  type Message,
  type SchemaNode,
  SUBMISSION_STATUSES,
  type SubmissionStatus,
} from '@rapport/schemas';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client';
import { type ApiError, isApiError } from './api-error';
import type { ApiBody, ApiItem, ApiResponse } from './api-types';
import type { ListResponse } from './types';

export type { FormContent, FormDiff, FormExport, FormStatus, ReadScope, SchemaNode } from '@rapport/schemas';

const FORM = '/api/institutions/{institutionId}/forms/{formId}';
const SUBMISSION = '/api/institutions/{institutionId}/submissions/{id}';
const MIGRATIONS = '/api/institutions/{institutionId}/forms/{formId}/migrations';

/** A form's JSON Schema documents, typed as @rapport/schemas types them (the API says only "an object"). */
type WithDocuments<T> = Omit<T, 'schema' | 'uiSchema'> & Pick<FormContent, 'schema' | 'uiSchema'>;

/** A form: `schema`/`uiSchema` are the current draft; `versions` (newest first) only on GET one. */
export type Form = WithDocuments<ApiResponse<typeof FORM, 'get'>>;

/** One published version of a form, as listed in `Form.versions`. */
export type VersionInfo = NonNullable<Form['versions']>[number];

/** Who did something, as the forms API names people. */
export type UserRef = VersionInfo['publishedBy'];

export type FormSummary = ApiItem<'/api/institutions/{institutionId}/forms'>;

/** An immutable published version: what submissions are filled and rendered against. */
export type FormVersion = WithDocuments<ApiResponse<`${typeof FORM}/versions/{version}`, 'get'>>;

export { SUBMISSION_STATUSES, type SubmissionStatus };

export type Submission = ApiResponse<typeof SUBMISSION, 'get'>;

export type SubmissionSummary = ApiItem<'/api/institutions/{institutionId}/submissions'>;

export type SubmissionPage = ApiResponse<'/api/institutions/{institutionId}/submissions', 'get'>;

/** One problem the server found; `in: 'data'` paths are JSON pointers into the form data. */
export interface FormProblem {
  in: 'data' | 'schema' | 'uiSchema' | 'body' | (string & {});
  path: string;
  message: string;
}

/** A problem from POST /forms/check: `message` comes in both languages; {@link problemMessage} reads it. */
export type FormCheckProblem = ApiResponse<
  '/api/institutions/{institutionId}/forms/check',
  'post'
>['problems'][number];

/** A problem's message in the UI language, whether the server localised it or sent both. */
export function problemMessage(problem: { message: string | Message }, language: 'zh-CN' | 'en'): string {
  const { message } = problem;
  if (typeof message === 'string') return message;
  return language === 'en' ? message.en || message.zh : message.zh || message.en;
}

export interface FormListFilter {
  status?: FormStatus;
  /** Only published forms my role may fill. */
  fillable?: boolean;
}

/** What PUT /forms/:id takes: the draft's content without its key. */
export type FormUpdate = Omit<FormContent, 'key'> & { rev: number };

export interface SubmissionListFilter {
  formId?: string;
  status?: SubmissionStatus;
  mine?: boolean;
  page?: number;
  pageSize?: number;
}

export type SubmissionCreate = ApiBody<`${typeof FORM}/submissions`, 'post'>;

export type SubmissionUpdate = ApiBody<typeof SUBMISSION, 'patch'>;

export type MigrationRequest = ApiBody<typeof MIGRATIONS, 'post'>;

export type MigrationResult = ApiResponse<typeof MIGRATIONS, 'post'>;

export type Migration = ApiItem<typeof MIGRATIONS>;

export type MigrationRevertResult = ApiResponse<`${typeof MIGRATIONS}/{migrationId}/revert`, 'post'>;

const enc = encodeURIComponent;
const institutionPath = (institutionId: string) => `/api/institutions/${enc(institutionId)}`;
const formsPath = (institutionId: string) => `${institutionPath(institutionId)}/forms`;
const formPath = (institutionId: string, formId: string) => `${formsPath(institutionId)}/${enc(formId)}`;
const submissionsPath = (institutionId: string) => `${institutionPath(institutionId)}/submissions`;

/** Query keys: everything of an institution's forms sits under `formKeys.all`, submissions under `submissionKeys.all`. */
export const formKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'forms'] as const,
  list: (institutionId: string, filter: FormListFilter = {}) =>
    [...formKeys.all(institutionId), 'list', filter] as const,
  detail: (institutionId: string, formId: string) =>
    [...formKeys.all(institutionId), 'detail', formId] as const,
  version: (institutionId: string, formId: string, version: number) =>
    [...formKeys.all(institutionId), 'version', formId, version] as const,
  diff: (institutionId: string, formId: string, from: number, to: number | 'draft') =>
    [...formKeys.all(institutionId), 'diff', formId, from, to] as const,
  migrations: (institutionId: string, formId: string) =>
    [...formKeys.all(institutionId), 'migrations', formId] as const,
};

export const submissionKeys = {
  all: (institutionId: string) => ['institutions', institutionId, 'submissions'] as const,
  lists: (institutionId: string) => [...submissionKeys.all(institutionId), 'list'] as const,
  list: (institutionId: string, filter: SubmissionListFilter = {}) =>
    [...submissionKeys.lists(institutionId), filter] as const,
  detail: (institutionId: string, submissionId: string) =>
    [...submissionKeys.all(institutionId), 'detail', submissionId] as const,
};

// ---- plain calls (for use outside React Query, e.g. the builder's debounced live check) ----

export const formsApi = {
  list: (institutionId: string, filter: FormListFilter = {}, signal?: AbortSignal) =>
    api.get<ListResponse<FormSummary>>(
      formsPath(institutionId),
      { status: filter.status, fillable: filter.fillable ? 'true' : undefined },
      signal,
    ),
  get: (institutionId: string, formId: string, signal?: AbortSignal) =>
    api.get<Form>(formPath(institutionId, formId), undefined, signal),
  create: (institutionId: string, content: FormContent) => api.post<Form>(formsPath(institutionId), content),
  update: (institutionId: string, formId: string, update: FormUpdate) =>
    api.put<Form>(formPath(institutionId, formId), update),
  check: (institutionId: string, body: { schema: SchemaNode; uiSchema: Record<string, unknown> }) =>
    api.post<{ problems: FormCheckProblem[] }>(`${formsPath(institutionId)}/check`, body),
  publish: (institutionId: string, formId: string, rev: number) =>
    api.post<Form>(`${formPath(institutionId, formId)}/publish`, { rev }),
  archive: (institutionId: string, formId: string, rev: number) =>
    api.post<Form>(`${formPath(institutionId, formId)}/archive`, { rev }),
  version: (institutionId: string, formId: string, version: number, signal?: AbortSignal) =>
    api.get<FormVersion>(`${formPath(institutionId, formId)}/versions/${version}`, undefined, signal),
  diff: (institutionId: string, formId: string, from: number, to: number | 'draft', signal?: AbortSignal) =>
    api.get<FormDiff>(`${formPath(institutionId, formId)}/diff`, { from, to }, signal),
  import: (institutionId: string, file: FormExport) =>
    api.post<Form>(`${formsPath(institutionId)}/import`, file),
  /** URL of the form's export file (an attachment: use it as a link's href). */
  exportUrl: (institutionId: string, formId: string) => `${formPath(institutionId, formId)}/export`,
  /** URL of the submissions export (admins; an attachment). */
  submissionsExportUrl: (institutionId: string, formId: string, format: 'csv' | 'xlsx') =>
    `${formPath(institutionId, formId)}/submissions/export?format=${format}`,
  migrations: (institutionId: string, formId: string, signal?: AbortSignal) =>
    api.get<ListResponse<Migration>>(`${formPath(institutionId, formId)}/migrations`, undefined, signal),
  migrate: (institutionId: string, formId: string, request: MigrationRequest) =>
    api.post<MigrationResult>(`${formPath(institutionId, formId)}/migrations`, request),
  revertMigration: (institutionId: string, formId: string, migrationId: string) =>
    api.post<MigrationRevertResult>(
      `${formPath(institutionId, formId)}/migrations/${enc(migrationId)}/revert`,
      {},
    ),
};

export const submissionsApi = {
  list: (institutionId: string, filter: SubmissionListFilter = {}, signal?: AbortSignal) =>
    api.get<SubmissionPage>(
      submissionsPath(institutionId),
      {
        formId: filter.formId,
        status: filter.status,
        mine: filter.mine ? 'true' : undefined,
        page: filter.page,
        pageSize: filter.pageSize,
      },
      signal,
    ),
  get: (institutionId: string, submissionId: string, signal?: AbortSignal) =>
    api.get<Submission>(`${submissionsPath(institutionId)}/${enc(submissionId)}`, undefined, signal),
  create: (institutionId: string, formId: string, body: SubmissionCreate) =>
    api.post<Submission>(`${formPath(institutionId, formId)}/submissions`, body),
  update: (institutionId: string, submissionId: string, body: SubmissionUpdate) =>
    api.patch<Submission>(`${submissionsPath(institutionId)}/${enc(submissionId)}`, body),
};

// ---- query options ----

export const formsQuery = (institutionId: string, filter: FormListFilter = {}) =>
  queryOptions({
    queryKey: formKeys.list(institutionId, filter),
    queryFn: ({ signal }) => formsApi.list(institutionId, filter, signal),
    select: (data) => data.items,
  });

export const formQuery = (institutionId: string, formId: string) =>
  queryOptions({
    queryKey: formKeys.detail(institutionId, formId),
    queryFn: ({ signal }) => formsApi.get(institutionId, formId, signal),
  });

/** A published version never changes, so it is cached for good. */
export const formVersionQuery = (institutionId: string, formId: string, version: number) =>
  queryOptions({
    queryKey: formKeys.version(institutionId, formId, version),
    queryFn: ({ signal }) => formsApi.version(institutionId, formId, version, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const formDiffQuery = (institutionId: string, formId: string, from: number, to: number | 'draft') =>
  queryOptions({
    queryKey: formKeys.diff(institutionId, formId, from, to),
    queryFn: ({ signal }) => formsApi.diff(institutionId, formId, from, to, signal),
  });

export const formMigrationsQuery = (institutionId: string, formId: string) =>
  queryOptions({
    queryKey: formKeys.migrations(institutionId, formId),
    queryFn: ({ signal }) => formsApi.migrations(institutionId, formId, signal),
    select: (data) => data.items,
  });

export const submissionsQuery = (institutionId: string, filter: SubmissionListFilter = {}) =>
  queryOptions({
    queryKey: submissionKeys.list(institutionId, filter),
    queryFn: ({ signal }) => submissionsApi.list(institutionId, filter, signal),
    // Paging keeps the previous page on screen until the next arrives.
    placeholderData: keepPreviousData,
  });

export const submissionQuery = (institutionId: string, submissionId: string) =>
  queryOptions({
    queryKey: submissionKeys.detail(institutionId, submissionId),
    queryFn: ({ signal }) => submissionsApi.get(institutionId, submissionId, signal),
  });

// ---- query hooks ----

export function useForms(institutionId: string, filter: FormListFilter = {}) {
  return useQuery(formsQuery(institutionId, filter));
}

export function useForm(institutionId: string, formId: string) {
  return useQuery(formQuery(institutionId, formId));
}

/** `version` undefined/null waits (e.g. until the form's latestVersion is known). */
export function useFormVersion(institutionId: string, formId: string, version: number | null | undefined) {
  return useQuery({ ...formVersionQuery(institutionId, formId, version ?? 0), enabled: version != null });
}

export function useFormDiff(
  institutionId: string,
  formId: string,
  from: number | null | undefined,
  to: number | 'draft',
) {
  return useQuery({ ...formDiffQuery(institutionId, formId, from ?? 0, to), enabled: from != null });
}

export function useFormMigrations(institutionId: string, formId: string) {
  return useQuery(formMigrationsQuery(institutionId, formId));
}

export function useSubmissions(institutionId: string, filter: SubmissionListFilter = {}) {
  return useQuery(submissionsQuery(institutionId, filter));
}

export function useSubmission(institutionId: string, submissionId: string) {
  return useQuery(submissionQuery(institutionId, submissionId));
}

// ---- mutations ----

function useFormSaved(institutionId: string) {
  const queryClient = useQueryClient();
  return (form: Form) => {
    queryClient.setQueryData(formKeys.detail(institutionId, form.id), form);
    return queryClient.invalidateQueries({ queryKey: formKeys.all(institutionId) });
  };
}

export function useCreateForm(institutionId: string) {
  const onSuccess = useFormSaved(institutionId);
  return useMutation<Form, ApiError, FormContent>({
    mutationFn: (content) => formsApi.create(institutionId, content),
    onSuccess,
  });
}

export function useUpdateForm(institutionId: string) {
  const onSuccess = useFormSaved(institutionId);
  return useMutation<Form, ApiError, { formId: string; update: FormUpdate }>({
    mutationFn: ({ formId, update }) => formsApi.update(institutionId, formId, update),
    onSuccess,
  });
}

export function usePublishForm(institutionId: string) {
  const onSuccess = useFormSaved(institutionId);
  return useMutation<Form, ApiError, { formId: string; rev: number }>({
    mutationFn: ({ formId, rev }) => formsApi.publish(institutionId, formId, rev),
    onSuccess,
  });
}

export function useArchiveForm(institutionId: string) {
  const onSuccess = useFormSaved(institutionId);
  return useMutation<Form, ApiError, { formId: string; rev: number }>({
    mutationFn: ({ formId, rev }) => formsApi.archive(institutionId, formId, rev),
    onSuccess,
  });
}

export function useImportForm(institutionId: string) {
  const onSuccess = useFormSaved(institutionId);
  return useMutation<Form, ApiError, FormExport>({
    mutationFn: (file) => formsApi.import(institutionId, file),
    onSuccess,
  });
}

/** POST /forms/check as a mutation; the builder may also call `formsApi.check` directly. */
export function useCheckForm(institutionId: string) {
  return useMutation<
    { problems: FormCheckProblem[] },
    ApiError,
    { schema: SchemaNode; uiSchema: Record<string, unknown> }
  >({
    mutationFn: (body) => formsApi.check(institutionId, body),
  });
}

function useSubmissionSaved(institutionId: string) {
  const queryClient = useQueryClient();
  return (submission: Submission) => {
    queryClient.setQueryData(submissionKeys.detail(institutionId, submission.id), submission);
    return queryClient.invalidateQueries({ queryKey: submissionKeys.lists(institutionId) });
  };
}

export function useCreateSubmission(institutionId: string) {
  const onSuccess = useSubmissionSaved(institutionId);
  return useMutation<Submission, ApiError, { formId: string } & SubmissionCreate>({
    mutationFn: ({ formId, ...body }) => submissionsApi.create(institutionId, formId, body),
    onSuccess,
  });
}

export function useUpdateSubmission(institutionId: string) {
  const onSuccess = useSubmissionSaved(institutionId);
  return useMutation<Submission, ApiError, { submissionId: string } & SubmissionUpdate>({
    mutationFn: ({ submissionId, ...body }) => submissionsApi.update(institutionId, submissionId, body),
    onSuccess,
  });
}

export function useMigrateSubmissions(institutionId: string) {
  const queryClient = useQueryClient();
  return useMutation<MigrationResult, ApiError, { formId: string } & MigrationRequest>({
    mutationFn: ({ formId, ...request }) => formsApi.migrate(institutionId, formId, request),
    onSuccess: (_result, { formId }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: formKeys.migrations(institutionId, formId) }),
        queryClient.invalidateQueries({ queryKey: submissionKeys.all(institutionId) }),
      ]),
  });
}

export function useRevertMigration(institutionId: string) {
  const queryClient = useQueryClient();
  return useMutation<MigrationRevertResult, ApiError, { formId: string; migrationId: string }>({
    mutationFn: ({ formId, migrationId }) => formsApi.revertMigration(institutionId, formId, migrationId),
    onSuccess: (_result, { formId }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: formKeys.migrations(institutionId, formId) }),
        queryClient.invalidateQueries({ queryKey: submissionKeys.all(institutionId) }),
      ]),
  });
}

/** The `in: 'data'` problems of a 400 VALIDATION_ERROR, for {@link RapportForm}'s `serverErrors`. */
export function dataProblems(error: unknown): FormProblem[] {
  if (!isApiError(error, 'VALIDATION_ERROR') || !Array.isArray(error.details)) return [];
  return error.details.filter(
    (d): d is FormProblem =>
      typeof d === 'object' &&
      d !== null &&
      (d as FormProblem).in === 'data' &&
      typeof (d as FormProblem).path === 'string' &&
      typeof (d as FormProblem).message === 'string',
  );
}
