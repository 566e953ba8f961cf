import type { Document } from 'bson';
import { collatedCompare } from './collation.js';

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
