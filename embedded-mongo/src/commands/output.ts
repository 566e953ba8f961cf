import { calculateObjectSize, type Document } from 'bson';
import { find } from 'mingo';
import { decodeTyped, restoreTypes } from '../codec.js';
import type { StoredDocument } from '../collection.js';
import type { CursorItem } from '../cursors.js';
import { mingoOptions } from '../mingo-options.js';

const hasProjection = (projection: unknown): projection is Document =>
  typeof projection === 'object' && projection !== null && Object.keys(projection).length > 0;

/** Stored documents as sent back to the client: projected, and with their stored BSON types. */
export function present(stored: StoredDocument[], projection: unknown): CursorItem[] {
  if (!hasProjection(projection))
    return stored.map((s) => ({ doc: decodeTyped(s.body), size: s.body.length }));
  const projected = find(
    stored.map((s) => s.doc),
    {},
    projection,
    mingoOptions(),
  ).all();
  return projected.map((doc, i) => {
    const source = stored[i] as StoredDocument;
    return { doc: restoreTypes(doc, decodeTyped(source.body)) as Document, size: source.body.length };
  });
}

export function presentOne(stored: StoredDocument, projection: unknown): Document {
  return (present([stored], projection)[0] as CursorItem).doc;
}

/** Computed documents (aggregation results) with their encoded size. */
export function sized(docs: Document[]): CursorItem[] {
  return docs.map((doc) => ({ doc, size: calculateObjectSize(doc) }));
}
