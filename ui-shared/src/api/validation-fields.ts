import type { FormInstance } from 'antd';
import { isApiError } from './api-error';
import type { ValidationIssue } from './types';

function isValidationIssue(value: unknown): value is ValidationIssue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ValidationIssue).path === 'string' &&
    typeof (value as ValidationIssue).message === 'string'
  );
}

/** "/name/zh", "name.zh" and "body/name/zh" all become ['name', 'zh']. */
function toNamePath(path: string): (string | number)[] {
  const parts = path.split(/[/.]/).filter((part) => part !== '');
  if (parts[0] === 'body') parts.shift();
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Shows a 400 `VALIDATION_ERROR` next to the form fields it names.
 * Returns false when the error is something else, or names no field of this form, so the caller can
 * show it another way.
 */
export function showValidationErrors(
  form: FormInstance,
  error: unknown,
  fieldNames: readonly string[],
): boolean {
  if (!isApiError(error, 'VALIDATION_ERROR') || !Array.isArray(error.details)) return false;
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const issue of error.details.filter(isValidationIssue)) {
    const name = toNamePath(issue.path);
    if (name.length === 0 || !fieldNames.includes(String(name[0]))) continue;
    const key = name.join('.');
    const field = byField.get(key) ?? { name, errors: [] };
    field.errors.push(issue.message);
    byField.set(key, field);
  }
  if (byField.size === 0) return false;
  form.setFields([...byField.values()]);
  return true;
}
