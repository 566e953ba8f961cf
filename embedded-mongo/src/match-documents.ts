import type { Document } from 'bson';
import { collatedCompare, collatorOf, queryFor } from './collation.js';
import type { Collection, StoredDocument } from './collection.js';

export interface MatchDocumentsOptions {
  sort?: Document | undefined;
  skip?: number | undefined;
  limit?: number | undefined;
  /** A MongoDB collation document; strings compare by it in the filter and the sort. */
  collation?: Document | undefined;
  /** A command's `let`: values for `$$name` in `$expr`. */
  variables?: Document | undefined;
}

/** Compares two documents by a sort specification, strings by `collator`. */
export function sortComparator(sort: Document, collator: Intl.Collator | undefined) {
  const keys = Object.entries(sort);
  return (a: Document, b: Document): number => {
    for (const [path, direction] of keys) {
      const left = valueForSort(a, path, direction === -1);
      const right = valueForSort(b, path, direction === -1);
      const order = collatedCompare(left, right, collator ?? BINARY);
      if (order !== 0) return direction === -1 ? -order : order;
    }
    return 0;
  };
}

// Without a collation strings compare by code point, as MongoDB's simple collation does.
const BINARY = { compare: (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0) } as Intl.Collator;

/** The value a document sorts by: for arrays, the smallest element ascending, the largest descending. */
function valueForSort(doc: Document, path: string, descending: boolean): unknown {
  let values: unknown[] = [doc];
  for (const part of path.split('.')) {
    values = values.flatMap((value) => {
      if (Array.isArray(value)) return value.map((v) => (v as Document | null)?.[part]);
      return [typeof value === 'object' && value !== null ? (value as Document)[part] : undefined];
    });
  }
  const flat = values.flatMap((v) => (Array.isArray(v) && v.length > 0 ? v : [v]));
  if (flat.length <= 1) return flat[0] ?? null;
  return flat.reduce((best, v) => {
    const order = collatedCompare(v ?? null, best ?? null, BINARY);
    return (descending ? order > 0 : order < 0) ? v : best;
  });
}

/**
 * The collection's documents matching `filter`, under the given collation or else the collection's
 * default one. A collation's string comparisons are applied here, on the whole collection, until
 * Collection.match compiles its filter with queryFor (mingo's `Query` keeps its own `$eq`).
 */
export function matchDocuments(
  coll: Collection,
  filter: Document,
  options: MatchDocumentsOptions = {},
): StoredDocument[] {
  const collation = options.collation ?? (coll.info.options.collation as Document | undefined);
  const collator = collatorOf(collation);
  if (!collator) return coll.match(filter, { ...options, collation });
  const query = queryFor(filter, collation, options.variables);
  const matches = coll.match({}).filter((stored) => query.test(stored.doc));
  const sort = options.sort && Object.keys(options.sort).length > 0 ? options.sort : undefined;
  if (sort) {
    const byDoc = sortComparator(sort, collator);
    matches.sort((a, b) => byDoc(a.doc, b.doc));
  }
  const skip = options.skip ?? 0;
  return matches.slice(skip, options.limit ? skip + options.limit : undefined);
}
