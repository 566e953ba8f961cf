import type { Document } from 'bson';
import { isPlainObject } from './codec.js';
import { TypeTag, typeTagOf } from './keys.js';

/** One end of a range condition. */
export interface Bound {
  value: unknown;
  inclusive: boolean;
}

/** What a query says about one field, in the terms an index scan can use. */
export interface FieldPredicate {
  /** Equality (`v`, `$eq`, `$in`): the field equals one of these. */
  points?: unknown[];
  /** `$gt/$gte/$lt/$lte` within one type bracket. */
  low?: Bound;
  high?: Bound;
  /** The type bracket of a range. */
  tag?: number;
  /** A `^literal` regular expression: strings starting with this. */
  prefix?: string;
  /** The condition holds only for documents that have the field (sparse and partial indexes). */
  impliesExists: boolean;
  /** The bounds say all the condition says (no residual check needed once scanned exactly). */
  exact: boolean;
}

/** The conjunctive conditions of a filter per field, and its first `$or`. */
export interface Conjunction {
  fields: Map<string, FieldPredicate>;
  /** Field names that carry a condition the bounds do not fully express. */
  residual: boolean;
  or?: Document[];
}

const bsonType = (value: unknown): string | undefined =>
  typeof value === 'object' && value !== null ? (value as { _bsontype?: string })._bsontype : undefined;

const isOperatorObject = (value: unknown): value is Document =>
  isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'));

const isRegex = (value: unknown): boolean => value instanceof RegExp || bsonType(value) === 'BSONRegExp';

/** A value an index key can hold for an equality (arrays match by element, so they are left out). */
function isPointValue(value: unknown): boolean {
  if (value === undefined || Array.isArray(value) || isRegex(value)) return false;
  if (typeof value === 'number') return !Number.isNaN(value);
  if (isPlainObject(value)) return !Object.keys(value).some((k) => k.startsWith('$'));
  return true;
}

/** Values whose key encoding is exact, so that key equality is value equality. */
export function isExactValue(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof Date) return true;
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER;
  return bsonType(value) === 'ObjectId';
}

const RANGE_TAGS = new Set<number>([
  TypeTag.number,
  TypeTag.string,
  TypeTag.date,
  TypeTag.objectId,
  TypeTag.boolean,
]);

/** The literal prefix of an anchored regular expression without flags that change `^`, if any. */
export function regexPrefix(source: string, flags: string): string | undefined {
  if (!source.startsWith('^') || /[imx]/.test(flags)) return undefined;
  let prefix = '';
  for (let i = 1; i < source.length; i++) {
    const ch = source[i] as string;
    if ('.^$*+?()[]{}|\\'.includes(ch)) {
      // A quantifier makes the preceding character optional or repeated.
      if ('*?{'.includes(ch)) prefix = prefix.slice(0, -1);
      break;
    }
    prefix += ch;
  }
  return prefix.length > 0 && !prefix.includes('\0') ? prefix : undefined;
}

function regexOf(value: unknown, options?: unknown): { source: string; flags: string } {
  if (value instanceof RegExp) return { source: value.source, flags: value.flags };
  if (bsonType(value) === 'BSONRegExp') {
    const re = value as { pattern: string; options: string };
    return { source: re.pattern, flags: re.options };
  }
  return { source: String(value), flags: typeof options === 'string' ? options : '' };
}

function predicateOf(condition: unknown): FieldPredicate | undefined {
  if (isRegex(condition)) {
    const { source, flags } = regexOf(condition);
    const prefix = regexPrefix(source, flags);
    return prefix === undefined
      ? { impliesExists: true, exact: false }
      : { prefix, impliesExists: true, exact: false };
  }
  if (!isOperatorObject(condition)) {
    if (!isPointValue(condition)) return undefined;
    return { points: [condition], impliesExists: condition !== null, exact: isExactValue(condition) };
  }
  const predicate: FieldPredicate = { impliesExists: false, exact: true };
  let used = false;
  for (const [op, operand] of Object.entries(condition)) {
    switch (op) {
      case '$eq':
      case '$in': {
        const values = op === '$eq' ? [operand] : operand;
        if (!Array.isArray(values) || !values.every(isPointValue) || predicate.points) {
          predicate.exact = false;
          break;
        }
        predicate.points = values;
        predicate.impliesExists = values.length > 0 && values.every((v) => v !== null);
        predicate.exact &&= values.every(isExactValue);
        used = true;
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const tag = typeTagOf(operand);
        const side = op.startsWith('$g') ? 'low' : 'high';
        if (
          !RANGE_TAGS.has(tag) ||
          (predicate.tag !== undefined && predicate.tag !== tag) ||
          predicate[side]
        ) {
          predicate.exact = false;
          break;
        }
        predicate.tag = tag;
        predicate[side] = { value: operand, inclusive: op.endsWith('e') };
        predicate.impliesExists = true;
        predicate.exact &&= isExactValue(operand);
        used = true;
        break;
      }
      case '$regex': {
        const { source, flags } = regexOf(operand, condition.$options);
        const prefix = regexPrefix(source, flags);
        if (prefix !== undefined) predicate.prefix = prefix;
        predicate.impliesExists = true;
        predicate.exact = false;
        used = true;
        break;
      }
      case '$options':
        break;
      case '$exists':
        if (operand) predicate.impliesExists = true;
        predicate.exact = false;
        used ||= Boolean(operand);
        break;
      default:
        predicate.exact = false;
    }
  }
  return used ? predicate : undefined;
}

/** Splits a filter into per-field predicates (top level and `$and`), keeping its first `$or`. */
export function conjunctionOf(filter: Document): Conjunction {
  const conj: Conjunction = { fields: new Map(), residual: false };
  const visit = (clause: Document): void => {
    for (const [key, condition] of Object.entries(clause)) {
      if (key === '$and' && Array.isArray(condition)) {
        for (const sub of condition) if (isPlainObject(sub)) visit(sub);
        continue;
      }
      if (key === '$or' && Array.isArray(condition) && !conj.or) {
        conj.or = condition as Document[];
        conj.residual = true;
        continue;
      }
      if (key.startsWith('$')) {
        conj.residual = true;
        continue;
      }
      const predicate = predicateOf(condition);
      // A second condition on a field is left to the matcher; the first one bounds the scan.
      if (!predicate || conj.fields.has(key) || !predicate.exact) conj.residual = true;
      if (predicate && !conj.fields.has(key)) conj.fields.set(key, predicate);
    }
  };
  visit(filter);
  return conj;
}
