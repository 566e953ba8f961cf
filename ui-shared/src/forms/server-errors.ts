import type { ErrorSchema } from '@rjsf/utils';
import type { FormProblem } from '../api/forms';

function pointerKeys(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * The server's `in: 'data'` problems as an rjsf error schema (`extraErrors`), so each message
 * shows on the field its JSON pointer names.
 */
export function serverErrorSchema(problems: readonly FormProblem[] | undefined): ErrorSchema | undefined {
  const onData = (problems ?? []).filter((problem) => problem.in === 'data');
  if (onData.length === 0) return undefined;
  const root: ErrorSchema = {};
  for (const problem of onData) {
    let node = root as Record<string, unknown>;
    for (const key of pointerKeys(problem.path)) {
      const next = node[key];
      node[key] = typeof next === 'object' && next !== null ? next : {};
      node = node[key] as Record<string, unknown>;
    }
    const errors = (node.__errors as string[] | undefined) ?? [];
    errors.push(problem.message);
    node.__errors = errors;
  }
  return root;
}
