import { calculateObjectSize, type Document } from 'bson';
import { find } from 'mingo';
import { decodeTyped, isPlainObject, restoreTypes } from '../codec.js';
import type { StoredDocument } from '../collection.js';
import type { CursorItem } from '../cursors.js';
import { mingoOptions } from '../mingo-options.js';
import { RawDocument } from '../wire.js';

const hasProjection = (projection: unknown): projection is Document =>
  typeof projection === 'object' && projection !== null && Object.keys(projection).length > 0;

// Projection operators that keep a field where the document has it; other expressions compute a new field.
const IN_PLACE_OPERATORS = new Set(['$slice', '$elemMatch']);

/** Whether a top-level projection value computes a field (which MongoDB appends after the included ones). */
function isComputed(value: unknown): boolean {
  if (typeof value === 'string') return true;
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$') && !IN_PLACE_OPERATORS.has(key));
}

/** `projected` with the fields it shares with `source` in the order `source` has them. */
function inDocumentOrder(projected: unknown, source: unknown): unknown {
  if (Array.isArray(projected) && Array.isArray(source))
    return projected.map((item, i) => inDocumentOrder(item, source[i]));
  if (!isPlainObject(projected) || !isPlainObject(source)) return projected;
  const out: Document = {};
  for (const key of Object.keys(source))
    if (key in projected) out[key] = inDocumentOrder(projected[key], source[key]);
  for (const key of Object.keys(projected)) if (!(key in out)) out[key] = projected[key];
  return out;
}

/**
 * Applies a find projection as MongoDB does: `_id` first, included fields in document order, then
 * computed fields in the projection's order.
 */
export function project(docs: Document[], projection: Document): Document[] {
  const projected = find(docs, {}, projection, mingoOptions()).all() as Document[];
  const computed = Object.keys(projection).filter((key) => !key.includes('.') && isComputed(projection[key]));
  return projected.map((doc, i) => {
    const source = docs[i] as Document;
    const ordered = inDocumentOrder(doc, source) as Document;
    const out: Document = '_id' in ordered ? { _id: ordered._id } : {};
    for (const [key, value] of Object.entries(ordered)) if (!computed.includes(key)) out[key] = value;
    for (const key of computed) if (key in ordered) out[key] = ordered[key];
    return out;
  });
}

/** Stored documents as sent back to the client: projected, and with their stored BSON types. */
export function present(stored: StoredDocument[], projection: unknown): CursorItem[] {
  if (!hasProjection(projection))
    return stored.map((s) => ({ doc: new RawDocument(s.body), size: s.body.length }));
  const projected = project(
    stored.map((s) => s.doc),
    projection,
  );
  return projected.map((doc, i) => {
    const source = stored[i] as StoredDocument;
    return { doc: restoreTypes(doc, decodeTyped(source.body)) as Document, size: source.body.length };
  });
}

export function presentOne(stored: StoredDocument, projection: unknown): Document | RawDocument {
  return (present([stored], projection)[0] as CursorItem).doc;
}

/** Computed documents (aggregation results) with their encoded size, projected when asked. */
export function sized(docs: Document[], projection?: unknown): CursorItem[] {
  const out = hasProjection(projection) ? project(docs, projection) : docs;
  return out.map((doc) => ({ doc, size: calculateObjectSize(doc) }));
}
