import type { FieldPath } from './form-draft';

/**
 * The field a schema problem is about: `/properties/a/items/properties/b/pattern` → ['a', 'b'].
 * Undefined for problems on the form as a whole.
 */
export function problemField(pointer: string): FieldPath | undefined {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  const path: string[] = [];
  let i = 0;
  while (i < parts.length) {
    if (parts[i] === 'properties' && i + 1 < parts.length) {
      path.push(parts[i + 1] as string);
      i += 2;
    } else if (parts[i] === 'items' && path.length > 0) i += 1;
    else break;
  }
  return path.length > 0 ? path : undefined;
}
