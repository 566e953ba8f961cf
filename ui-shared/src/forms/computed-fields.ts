import { formFields, getAt, KEYWORDS, type SchemaNode } from '@rapport/schemas';

/** Pointers of the computed fields the client previews (those inside repeating groups are not computed). */
export function computedPointers(schema: SchemaNode): string[] {
  return formFields(schema)
    .filter((field) => typeof field.node[KEYWORDS.computed] === 'string' && !field.pointer.includes('/-'))
    .map((field) => field.pointer);
}

/** The uiSchema with every computed field read-only: its value comes from its expression, not from typing. */
export function withComputedReadonly(
  uiSchema: Record<string, unknown>,
  pointers: readonly string[],
): Record<string, unknown> {
  if (pointers.length === 0) return uiSchema;
  const result = structuredClone(uiSchema);
  for (const pointer of pointers) {
    let node = result;
    for (const raw of pointer.split('/').slice(1)) {
      const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
      const next = node[key];
      node[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {};
      node = node[key] as Record<string, unknown>;
    }
    node['ui:readonly'] = true;
  }
  return result;
}

/** Whether the computed values differ between two data objects. */
export function computedValuesDiffer(pointers: readonly string[], a: unknown, b: unknown): boolean {
  return pointers.some((pointer) => JSON.stringify(getAt(a, pointer)) !== JSON.stringify(getAt(b, pointer)));
}
