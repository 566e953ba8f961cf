import type { Document } from 'bson';
import { Query } from 'mingo';
import { sameCollation } from './collation-key.js';
import type { Index } from './indexes.js';
import { encodeValue, invert, TypeTag } from './keys.js';
import { type Conjunction, conjunctionOf, type FieldPredicate } from './predicates.js';
import type { KeyRange } from './storage.js';

/** A scan of one index over ordered key ranges. */
export interface IndexScan {
  index: Index;
  ranges: KeyRange[];
  direction: 'forward' | 'backward';
  /** Leading fields bound to one value each, or to a set of values. */
  equalities: number;
  /** The field after the equalities that carries a range, if any. */
  rangeField?: string;
  /** The scan yields documents in the requested sort order. */
  providesSort: boolean;
  /** The ranges say all the filter says: no document needs checking. */
  exact: boolean;
  /** Each range is one whole key of a unique index: a lookup of at most one document per range. */
  point: boolean;
  /** Human-readable bounds per field, as explain prints them. */
  readonly bounds: Document;
}

export type Plan =
  | { kind: 'collscan'; direction: 'forward' | 'backward'; providesSort: boolean; rejected: IndexScan[] }
  | { kind: 'ixscan'; scan: IndexScan; rejected: IndexScan[] }
  | { kind: 'or'; scans: IndexScan[]; rejected: IndexScan[] };

export interface PlanRequest {
  filter: Document;
  sort?: Document | undefined;
  collation?: Document | undefined;
}

// Beyond this many point combinations a compound equality stops extending the key prefix.
const MAX_RANGES = 512;

/** The smallest byte string greater than every string that starts with `bytes`; undefined if none. */
export function prefixEnd(bytes: Buffer): Buffer | undefined {
  for (let i = bytes.length - 1; i >= 0; i--) {
    if ((bytes[i] as number) < 0xff) {
      const out = Buffer.from(bytes.subarray(0, i + 1));
      out[i] = (out[i] as number) + 1;
      return out;
    }
  }
  return undefined;
}

const EMPTY = Buffer.alloc(0);

/** A field's condition as ascending key bytes `[low, high)`; high undefined = unbounded. */
interface FieldRange {
  low: Buffer;
  high: Buffer | undefined;
}

const hasString = (value: unknown): boolean =>
  typeof value === 'string' ||
  (typeof value === 'object' &&
    value !== null &&
    !(value instanceof Date) &&
    !(value as { _bsontype?: string })._bsontype &&
    Object.values(value as Document).some(hasString));

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value === null) return 'null';
  const type = (value as { _bsontype?: string })?._bsontype;
  if (type === 'ObjectId') return `ObjectId('${String(value)}')`;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const BRACKET_NAMES: Record<number, [string, string]> = {
  [TypeTag.number]: ['-inf.0', 'inf.0'],
  [TypeTag.string]: ['""', '{}'],
  [TypeTag.date]: ['new Date(-9223372036854775808)', 'new Date(9223372036854775807)'],
  [TypeTag.objectId]: ["ObjectId('000000000000000000000000')", "ObjectId('ffffffffffffffffffffffff')"],
  [TypeTag.boolean]: ['false', 'true'],
};

/** Plans scans of a collection's indexes for a query. */
export class Planner {
  readonly #indexes: Index[];

  constructor(indexes: Index[]) {
    this.#indexes = indexes.filter((index) => index.ordered);
  }

  plan(request: PlanRequest): Plan {
    const conj = conjunctionOf(request.filter);
    const candidates = this.#indexes
      .map((index) => this.#scanOf(index, conj, request))
      .filter((scan): scan is IndexScan => scan !== undefined);
    const best = pick(candidates);
    const rejected = candidates.filter((scan) => scan !== best);
    if (conj.or && conj.or.length > 0 && (!best || best.equalities === 0)) {
      const branches = conj.or.map((branch) => {
        const merged = conjunctionOf({ $and: [branch, withoutOr(request.filter)] });
        return pick(
          this.#indexes
            .map((index) => this.#scanOf(index, merged, { ...request, sort: undefined }))
            .filter(
              (scan): scan is IndexScan => scan !== undefined && (scan.equalities > 0 || !!scan.rangeField),
            ),
        );
      });
      if (branches.every((scan) => scan !== undefined))
        return { kind: 'or', scans: branches as IndexScan[], rejected: candidates };
    }
    if (best) return { kind: 'ixscan', scan: best, rejected };
    const natural = request.sort && Object.keys(request.sort).length === 1 && '$natural' in request.sort;
    return {
      kind: 'collscan',
      direction: natural && Number(request.sort?.$natural) < 0 ? 'backward' : 'forward',
      providesSort: !request.sort || Object.keys(request.sort).length === 0 || Boolean(natural),
      rejected,
    };
  }

  /** How `index` would serve the query, or undefined when it cannot help. */
  #scanOf(index: Index, conj: Conjunction, request: PlanRequest): IndexScan | undefined {
    // Without a condition on its leading field an index can only give the order.
    if (!request.sort && !conj.fields.has(index.fields[0] as string)) return undefined;
    if (index.partial && !impliesPartial(index.spec.partialFilterExpression as Document, conj))
      return undefined;
    if (index.spec.sparse && !index.fields.some((f) => conj.fields.get(f)?.impliesExists)) return undefined;
    const sameStrings = sameCollation(index.spec.collation, request.collation);
    let prefixes: Buffer[] = [EMPTY];
    let equalities = 0;
    let rangeField: string | undefined;
    let range: FieldRange | undefined;
    const consumed = new Set<string>();
    let exact = !index.multikey && sameStrings && !index.stringKey;
    // Explain's bounds, described only when asked: describing values costs more than planning.
    const shown = new Map<string, () => string[]>();
    for (const [i, field] of index.fields.entries()) {
      const predicate = conj.fields.get(field);
      const descending = index.descending[i] as boolean;
      const points = predicate?.points && this.#pointKeys(index, predicate, sameStrings, descending);
      if (points && prefixes.length * points.length <= MAX_RANGES) {
        prefixes = prefixes.flatMap((prefix) => points.map((point) => Buffer.concat([prefix, point])));
        equalities++;
        consumed.add(field);
        exact &&= predicate.exact;
        shown.set(field, () => [
          ...new Set((predicate.points ?? []).map((v) => `[${describe(v)}, ${describe(v)}]`)),
        ]);
        continue;
      }
      const fieldRange = predicate && this.#rangeOf(index, predicate, sameStrings);
      if (fieldRange && predicate) {
        range = descending ? invertRange(fieldRange.range) : fieldRange.range;
        rangeField = field;
        consumed.add(field);
        exact &&= predicate.exact && fieldRange.complete;
        shown.set(field, () => [fieldRange.shown]);
      }
      break;
    }
    const sortDirection = this.#sortDirection(index, conj, request, equalities);
    if (equalities === 0 && !rangeField && !sortDirection) return undefined;
    exact &&= !conj.residual && [...conj.fields.keys()].every((f) => consumed.has(f));
    const ranges = prefixes.flatMap((prefix): KeyRange[] => {
      if (!range) return [{ low: prefix, high: prefixEnd(prefix) }];
      return [
        {
          low: Buffer.concat([prefix, range.low]),
          high: range.high
            ? Buffer.concat([prefix, range.high])
            : prefix.length
              ? prefixEnd(prefix)
              : undefined,
        },
      ];
    });
    const direction = sortDirection ?? 'forward';
    return {
      index,
      ranges: direction === 'backward' ? [...ranges].reverse() : ranges,
      direction,
      equalities,
      ...(rangeField ? { rangeField } : {}),
      providesSort: sortDirection !== undefined,
      exact,
      point: (index.isId || index.spec.unique === true) && equalities === index.fields.length,
      get bounds() {
        return Object.fromEntries(
          index.fields.map((field) => [field, shown.get(field)?.() ?? ['[MinKey, MaxKey]']]),
        );
      },
    };
  }

  /** A field's equality values as sorted, distinct key bytes, or undefined when they cannot be used. */
  #pointKeys(
    index: Index,
    predicate: FieldPredicate,
    sameStrings: boolean,
    descending: boolean,
  ): Buffer[] | undefined {
    const values = predicate.points ?? [];
    if (!sameStrings && values.some(hasString)) return undefined;
    if (index.spec.sparse && values.some((v) => v === null)) return undefined;
    const keys = values.map((value) => {
      const bytes = encodeValue(value, index.stringKey);
      return descending ? invert(bytes) : bytes;
    });
    const unique = new Map(keys.map((key) => [key.toString('latin1'), key]));
    return [...unique.values()].sort(Buffer.compare);
  }

  /** A range or prefix condition as ascending key bytes, when this index can serve it. */
  #rangeOf(
    index: Index,
    predicate: FieldPredicate,
    sameStrings: boolean,
  ): { range: FieldRange; complete: boolean; shown: string } | undefined {
    const stringKey = index.stringKey;
    if (predicate.prefix !== undefined) {
      if (!sameStrings || stringKey) return undefined;
      const start = encodeValue(predicate.prefix).subarray(0, -2);
      return {
        range: { low: start, high: prefixEnd(start) },
        complete: false,
        shown: `[${JSON.stringify(predicate.prefix)}, ${JSON.stringify(`${predicate.prefix}\u{10FFFF}`)})`,
      };
    }
    const tag = predicate.tag;
    if (tag === undefined) return undefined;
    if (tag === TypeTag.string && (!sameStrings || stringKey)) return undefined;
    // A multikey field's array may meet each side with a different element: only one side bounds it.
    const high = index.multikey && predicate.low ? undefined : predicate.high;
    const low = predicate.low
      ? predicate.low.inclusive
        ? encodeValue(predicate.low.value)
        : prefixEnd(encodeValue(predicate.low.value))
      : Buffer.from([tag]);
    const highBytes = high
      ? high.inclusive
        ? prefixEnd(encodeValue(high.value))
        : encodeValue(high.value)
      : Buffer.from([tag + 1]);
    const [minName, maxName] = BRACKET_NAMES[tag] ?? ['MinKey', 'MaxKey'];
    const shown = `${predicate.low?.inclusive ? '[' : '('}${predicate.low ? describe(predicate.low.value) : minName}, ${high ? describe(high.value) : maxName}${high?.inclusive ? ']' : ')'}`;
    return {
      range: { low: low ?? Buffer.from([tag + 1]), high: highBytes },
      complete: high === predicate.high,
      shown,
    };
  }

  /** The scan direction that yields the requested sort, if this index can yield it. */
  #sortDirection(
    index: Index,
    conj: Conjunction,
    request: PlanRequest,
    equalities: number,
  ): 'forward' | 'backward' | undefined {
    const sort = request.sort;
    if (!sort || Object.keys(sort).length === 0) return undefined;
    if ('$natural' in sort || index.multikey) return undefined;
    if (request.collation && request.collation.locale !== 'simple') return undefined;
    if (index.stringKey) return undefined;
    // Fields bound to one value are constant: they neither need nor break the order.
    const constant = new Set(
      index.fields.slice(0, equalities).filter((f) => conj.fields.get(f)?.points?.length === 1),
    );
    const wanted = Object.entries(sort).filter(([field]) => !constant.has(field));
    if (wanted.length === 0) return 'forward';
    const order = index.fields
      .map((field, i) => ({ field, descending: index.descending[i] as boolean }))
      .filter(({ field }) => !constant.has(field));
    let direction: 'forward' | 'backward' | undefined;
    for (const [i, [field, dir]] of wanted.entries()) {
      const at = order[i];
      if (!at || at.field !== field) return undefined;
      const wantsDescending = Number(dir) < 0;
      const d = wantsDescending === at.descending ? 'forward' : 'backward';
      if (direction && direction !== d) return undefined;
      direction = d;
    }
    return direction;
  }
}

/** The candidate preferred: a full-equality unique lookup, then most equalities, then sort, then a range, then the narrowest index. */
function pick(scans: IndexScan[]): IndexScan | undefined {
  const rank = (scan: IndexScan): number[] => [
    scan.index.spec.unique || scan.index.isId ? (scan.equalities === scan.index.fields.length ? 1 : 0) : 0,
    scan.equalities,
    scan.providesSort ? 1 : 0,
    scan.rangeField ? 1 : 0,
    -scan.index.fields.length,
  ];
  const compare = (x: number[], y: number[]): number => {
    const i = x.findIndex((v, j) => v !== y[j]);
    return i < 0 ? 0 : (x[i] as number) - (y[i] as number);
  };
  let best: IndexScan | undefined;
  for (const scan of scans) if (!best || compare(rank(scan), rank(best)) > 0) best = scan;
  return best;
}

function withoutOr(filter: Document): Document {
  const { $or: _, ...rest } = filter;
  return rest;
}

/** Inverts an ascending range for a descending field: `[low, high)` becomes `[end(~high), end(~low))`. */
function invertRange(range: FieldRange): FieldRange {
  return {
    low: range.high ? (prefixEnd(invert(range.high)) ?? EMPTY) : EMPTY,
    high: range.low.length ? prefixEnd(invert(range.low)) : undefined,
  };
}

/**
 * Whether every document the query matches is in the partial index: each clause of the index's
 * filter is met by the query's equality on that field, or by the query requiring the field to exist.
 */
function impliesPartial(partial: Document, conj: Conjunction): boolean {
  const clauses: [string, unknown][] = [];
  const collect = (filter: Document): void => {
    for (const [key, value] of Object.entries(filter)) {
      if (key === '$and' && Array.isArray(value)) for (const sub of value) collect(sub as Document);
      else clauses.push([key, value]);
    }
  };
  collect(partial);
  return clauses.every(([field, condition]) => {
    if (field.startsWith('$')) return false;
    const predicate = conj.fields.get(field);
    if (!predicate) return false;
    const test = new Query({ [field]: condition });
    if (predicate.points && predicate.points.length > 0)
      return predicate.points.every((value) => test.test(documentAt(field, value)));
    const existsOnly =
      typeof condition === 'object' &&
      condition !== null &&
      Object.keys(condition).length === 1 &&
      (condition as Document).$exists === true;
    return existsOnly && predicate.impliesExists;
  });
}

function documentAt(path: string, value: unknown): Document {
  const doc: Document = {};
  let target = doc;
  const parts = path.split('.');
  for (const part of parts.slice(0, -1)) {
    target[part] = {};
    target = target[part] as Document;
  }
  target[parts[parts.length - 1] as string] = value;
  return doc;
}
