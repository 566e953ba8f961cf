import { Errors } from './errors.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper input than this is refused: nothing the platform stores nests this far. */
export const MAX_DEPTH = 32;

/**
 * The first key in `value` that could act as a MongoDB operator or reach a prototype, else
 * undefined. Under `documents` (JSON pointers of JSON Schema / uiSchema documents, stored as text)
 * `$` and `.` are part of the language; prototype keys and NUL never are.
 */
export function findUnsafeKey(
  value: unknown,
  path = '',
  depth = 0,
  documents: readonly string[] = [],
): string | undefined {
  if (depth > MAX_DEPTH) return `${path || '/'} (nested more than ${MAX_DEPTH} levels)`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeKey(value[i], `${path}/${i}`, depth + 1, documents);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const inDocument = documents.some((d) => path === d || path.startsWith(`${d}/`));
  for (const key of Object.keys(value)) {
    const operatorLike = !inDocument && (key.startsWith('$') || key.includes('.'));
    if (operatorLike || key.includes('\0') || FORBIDDEN_KEYS.has(key)) return `${path}/${key}`;
    const found = findUnsafeKey(
      (value as Record<string, unknown>)[key],
      `${path}/${key}`,
      depth + 1,
      documents,
    );
    if (found) return found;
  }
  return undefined;
}

/** Throws a 400 naming the offending key when input carries operator or prototype keys. */
export function assertSafeInput(part: string, value: unknown, documents: readonly string[] = []): void {
  const key = findUnsafeKey(value, '', 0, documents);
  if (key) {
    const err = new Errors.OPERATOR_IN_INPUT();
    (err as unknown as { details: unknown }).details = [{ in: part, path: key }];
    throw err;
  }
}

/**
 * The JSON body parser. Plain JSON.parse keeps `__proto__` as an own key (it never sets a
 * prototype), so the input guard can name it; an empty body is no body.
 */
export function parseJsonBody(
  _request: unknown,
  body: string | Buffer,
  done: (err: Error | null, body?: unknown) => void,
): void {
  const text = body.toString();
  if (text.trim() === '') {
    done(null, undefined);
    return;
  }
  try {
    done(null, JSON.parse(text));
  } catch {
    done(new Errors.MALFORMED_JSON());
  }
}
