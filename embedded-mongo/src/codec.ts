import { type Document, Double, deserialize, Long, ObjectId, serialize } from 'bson';

/** Decodes a stored document with numbers promoted to JS numbers: the form mingo queries and updates. */
export function decodeForQuery(blob: Uint8Array): Document {
  return deserialize(blob);
}

/** Decodes a stored document keeping Int32/Double/Long wrappers, so replies re-encode the stored types. */
export function decodeTyped(blob: Uint8Array): Document {
  return deserialize(blob, { promoteValues: false });
}

export function encodeDocument(doc: Document): Buffer {
  return Buffer.from(serialize(doc, { ignoreUndefined: true }));
}

/**
 * Canonical bytes of index key values, compared for equality in SQLite. Values must come from a
 * promoted decode so 1, 1.0 and Long(1) share one encoding, as they compare equal in MongoDB.
 */
export function encodeKey(values: unknown[]): Buffer {
  return Buffer.from(
    serialize({ k: values.map((v) => (v === undefined ? null : Object.is(v, -0) ? 0 : v)) }),
  );
}

function bsonType(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null
    ? (value as { _bsontype?: string })._bsontype
    : undefined;
}

/** A document as the driver decodes one: not an array, a Date or a BSON value. */
export const isPlainObject = (value: unknown): value is Document =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Re-applies the BSON numeric types of `typed` (the stored document) onto `next` (a promoted document
 * after an update or projection): unchanged numbers keep their type and changed numbers keep their
 * field's numeric type, as MongoDB does for $inc/$mul on an int64 or double field.
 */
export function restoreTypes(next: unknown, typed: unknown): unknown {
  if (typeof next === 'number') {
    switch (bsonType(typed)) {
      case 'Long':
        return Number.isInteger(next) ? Long.fromNumber(next) : next;
      case 'Double':
        return new Double(next);
      default:
        return next;
    }
  }
  if (Array.isArray(next)) {
    if (!Array.isArray(typed)) return next;
    return next.map((item, i) => restoreTypes(item, typed[i]));
  }
  if (isPlainObject(next) && isPlainObject(typed)) {
    const out: Document = {};
    for (const [key, value] of Object.entries(next)) out[key] = restoreTypes(value, typed[key]);
    return out;
  }
  return next;
}

/** Values at a dotted path, expanding arrays along the way as a multikey index does; [] when absent. */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const parts = path.split('.');
  const out: unknown[] = [];
  const walk = (value: unknown, depth: number): void => {
    if (depth === parts.length) {
      if (Array.isArray(value)) out.push(...(value.length ? value : [undefined]));
      else out.push(value);
      return;
    }
    if (Array.isArray(value)) {
      const part = parts[depth] as string;
      if (/^\d+$/.test(part) && value.length > Number(part)) walk(value[Number(part)], depth + 1);
      else for (const item of value) walk(item, depth);
      return;
    }
    if (value !== null && typeof value === 'object' && !bsonType(value) && !(value instanceof Date)) {
      const next = (value as Document)[parts[depth] as string];
      if (next !== undefined) walk(next, depth + 1);
    }
  };
  walk(doc, 0);
  return out;
}

/** Formats a value the way MongoDB's error messages print it (e.g. `"x"`, `ObjectId('...')`). */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (Array.isArray(value)) return value.length ? `[ ${value.map(formatValue).join(', ')} ]` : '[]';
  const type = bsonType(value);
  if (type) return `${type}(${JSON.stringify(String(value))})`;
  if (value instanceof RegExp) return String(value);
  const entries = Object.entries(value as Document);
  return entries.length ? `{ ${entries.map(([k, v]) => `${k}: ${formatValue(v)}`).join(', ')} }` : '{}';
}
