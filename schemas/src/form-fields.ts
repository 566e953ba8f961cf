import type { SchemaNode } from './form-keywords.js';

/** One field of a form: a property at any depth, addressed by JSON pointer into the data. */
export interface FormField {
  /** JSON pointer into the form data; array items are addressed with `-` (every item). */
  pointer: string;
  node: SchemaNode;
  required: boolean;
}

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointer(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Every property of the schema, depth first, in declaration order; items of arrays under `/-`. */
export function formFields(schema: SchemaNode, prefix = ''): FormField[] {
  const fields: FormField[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    if (!isNode(child)) continue;
    const pointer = `${prefix}/${escapePointer(name)}`;
    fields.push({ pointer, node: child, required: required.has(name) });
    if (child.properties) fields.push(...formFields(child, pointer));
    if (isNode(child.items) && child.items.properties)
      fields.push(...formFields(child.items, `${pointer}/-`));
  }
  return fields;
}

/** The leaves a data row has: properties that are neither sections nor repeating groups. */
export function leafFields(schema: SchemaNode): FormField[] {
  return formFields(schema).filter((f) => !f.node.properties && !f.pointer.includes('/-/'));
}

/** What changed between two versions of a form, field by field. */
export interface FormDiff {
  added: { pointer: string; title?: string }[];
  removed: { pointer: string; title?: string }[];
  changed: { pointer: string; title?: string; keywords: string[] }[];
}

function describe(field: FormField): Record<string, string> {
  const { properties: _p, items, ...own } = field.node;
  const flat: Record<string, string> = { required: String(field.required) };
  for (const [k, v] of Object.entries(own)) flat[k] = JSON.stringify(v);
  if (isNode(items) && !items.properties) flat.items = JSON.stringify(items);
  return flat;
}

export function diffForms(from: SchemaNode, to: SchemaNode): FormDiff {
  const before = new Map(formFields(from).map((f) => [f.pointer, f]));
  const after = new Map(formFields(to).map((f) => [f.pointer, f]));
  const diff: FormDiff = { added: [], removed: [], changed: [] };
  for (const [pointer, field] of after) {
    const old = before.get(pointer);
    if (!old) {
      diff.added.push({ pointer, ...(field.node.title ? { title: field.node.title } : {}) });
      continue;
    }
    const a = describe(old);
    const b = describe(field);
    const keywords = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
    if (keywords.length > 0)
      diff.changed.push({ pointer, ...(field.node.title ? { title: field.node.title } : {}), keywords });
  }
  for (const [pointer, field] of before) {
    if (!after.has(pointer))
      diff.removed.push({ pointer, ...(field.node.title ? { title: field.node.title } : {}) });
  }
  return diff;
}

/** The value at a JSON pointer (no `-`), or undefined. */
export function getAt(data: unknown, pointer: string): unknown {
  let current = data;
  for (const key of keysOf(pointer)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function keysOf(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Sets (or, with undefined, removes) the value at a JSON pointer, creating objects on the way. */
export function setAt(data: Record<string, unknown>, pointer: string, value: unknown): void {
  const keys = keysOf(pointer);
  let current: Record<string, unknown> = data;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      if (value === undefined) return;
      current[key] = {};
    }
    current = current[key] as Record<string, unknown>;
  }
  const last = keys.at(-1);
  if (last === undefined) return;
  if (value === undefined) delete current[last];
  else current[last] = value;
}
