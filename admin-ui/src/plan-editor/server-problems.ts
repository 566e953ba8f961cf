import { isApiError } from '@rapport/ui-shared';

/** One thing the server refused, where (a JSON pointer into what was sent) and why. */
export interface ServerProblem {
  path: string;
  message: string;
}

/**
 * The problems of a refusal: a 400 lists each with its path; another refusal (a code taken) is one
 * problem without a path. Empty for a stale rev and for failures that are not refusals.
 */
export function serverProblemsOf(error: unknown): ServerProblem[] {
  if (!isApiError(error) || error.code === 'ERR_CONFLICT') return [];
  if (error.status !== 400 && error.status !== 409) return [];
  const details = Array.isArray(error.details) ? (error.details as unknown[]) : [];
  const listed = details.flatMap((d) => {
    if (typeof d !== 'object' || d === null) return [];
    const { path, message } = d as { path?: unknown; message?: unknown };
    return typeof message === 'string' && message !== ''
      ? [{ path: typeof path === 'string' ? path : '', message }]
      : [];
  });
  return listed.length > 0 ? listed : [{ path: '', message: error.message }];
}

/** The problems at `path` or below it. */
export function problemsAt(problems: readonly ServerProblem[], path: string): string[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}/`)).map((p) => p.message);
}

/** A form item's error state and help for the problems at `path`; nothing when there are none. */
export function fieldProblems(problems: readonly ServerProblem[], path: string) {
  const found = problemsAt(problems, path);
  return found.length > 0 ? { validateStatus: 'error' as const, help: found.join('；') } : {};
}
