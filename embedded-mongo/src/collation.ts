import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { Context, evalExpr } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import type { CollationSpec, Options } from 'mingo/types';
import { compare, ensureArray, flatten, isEqual, resolve, typeOf } from 'mingo/util';
import { isPlainObject } from './codec.js';
import { MongoCommandError } from './errors.js';
import { mingoOptions } from './mingo-options.js';

const COLLATION_FIELDS = new Set([
  'locale',
  'caseLevel',
  'caseFirst',
  'strength',
  'numericOrdering',
  'alternate',
  'maxVariable',
  'normalization',
  'backwards',
  'version',
]);

/** MongoDB's locale ids (`en_US`, `de@collation=phonebook`) as BCP 47 tags for Intl. */
function languageTag(locale: string): string {
  const [base = '', keywords] = locale.split('@');
  const collation = keywords && /collation=(\w+)/.exec(keywords)?.[1];
  return `${base.replace(/_/g, '-')}${collation ? `-u-co-${collation}` : ''}`;
}

/**
 * Checks a collation document as MongoDB does and returns it (undefined when absent). `{locale:
 * 'simple'}` is returned too: it asks for binary comparison even where a default collation exists.
 */
export function parseCollation(spec: unknown): Document | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (!isPlainObject(spec)) {
    throw new MongoCommandError(
      'TypeMismatch',
      `BSON field 'collation' is the wrong type '${typeOf(spec)}', expected type 'object'`,
    );
  }
  for (const field of Object.keys(spec)) {
    if (!COLLATION_FIELDS.has(field))
      throw new MongoCommandError('Location40415', `BSON field 'Collation.${field}' is an unknown field.`);
  }
  const { locale } = spec;
  if (locale === undefined)
    throw new MongoCommandError(
      'Location40414',
      "BSON field 'Collation.locale' is missing but a required field",
    );
  if (typeof locale !== 'string') {
    throw new MongoCommandError(
      'TypeMismatch',
      `BSON field 'Collation.locale' is the wrong type '${typeOf(locale)}', expected type 'string'`,
    );
  }
  if (locale === 'simple') {
    if (Object.keys(spec).length > 1) {
      throw new MongoCommandError(
        'FailedToParse',
        `If locale=simple, no other fields should be present in: ${JSON.stringify(spec)}`,
      );
    }
    return spec;
  }
  let supported: string[] = [];
  try {
    supported = locale ? Intl.Collator.supportedLocalesOf(languageTag(locale)) : [];
  } catch {
    supported = [];
  }
  if (supported.length === 0)
    throw new MongoCommandError('BadValue', `Field 'locale' is invalid in: ${JSON.stringify(spec)}`);
  if (spec.strength !== undefined && ![1, 2, 3, 4, 5].includes(spec.strength as number)) {
    throw new MongoCommandError(
      'FailedToParse',
      `Field 'strength' must be an integer 1 through 5. Got: ${String(spec.strength)}`,
    );
  }
  if (spec.caseFirst !== undefined && !['upper', 'lower', 'off'].includes(spec.caseFirst as string)) {
    throw new MongoCommandError(
      'FailedToParse',
      `Field 'caseFirst' must be 'upper', 'lower', or 'off'. Got: ${String(spec.caseFirst)}`,
    );
  }
  if (spec.alternate !== undefined && !['non-ignorable', 'shifted'].includes(spec.alternate as string)) {
    throw new MongoCommandError(
      'FailedToParse',
      `Field 'alternate' must be 'non-ignorable' or 'shifted'. Got: ${String(spec.alternate)}`,
    );
  }
  return spec;
}

/** ICU strengths as Intl sensitivities; caseLevel adds case to the primary and secondary levels. */
function sensitivityOf(spec: Document): Intl.CollatorOptions['sensitivity'] {
  const strength = (spec.strength as number | undefined) ?? 3;
  if (strength === 1) return spec.caseLevel === true ? 'case' : 'base';
  if (strength === 2) return spec.caseLevel === true ? 'variant' : 'accent';
  return 'variant';
}

const collators = new Map<string, Intl.Collator>();

/** The Intl.Collator a collation document describes; undefined for none or `simple` (binary order). */
export function collatorOf(spec: unknown): Intl.Collator | undefined {
  const parsed = parseCollation(spec);
  if (!parsed || parsed.locale === 'simple') return undefined;
  const cacheKey = JSON.stringify(parsed);
  let collator = collators.get(cacheKey);
  if (!collator) {
    const caseFirst = parsed.caseFirst as 'upper' | 'lower' | 'off' | undefined;
    collator = new Intl.Collator(languageTag(parsed.locale as string), {
      usage: 'sort',
      sensitivity: sensitivityOf(parsed),
      numeric: parsed.numericOrdering === true,
      ignorePunctuation: parsed.alternate === 'shifted',
      ...(caseFirst ? { caseFirst: caseFirst === 'off' ? 'false' : caseFirst } : {}),
    });
    collators.set(cacheKey, collator);
  }
  return collator;
}

/** MongoDB's comparison of two values with strings (also nested ones) compared by `collator`. */
export function collatedCompare(a: unknown, b: unknown, collator: Intl.Collator): number {
  if (typeof a === 'string' && typeof b === 'string') return Math.sign(collator.compare(a, b));
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const order = collatedCompare(a[i], b[i], collator);
      if (order !== 0) return order;
    }
    return Math.sign(a.length - b.length);
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const left = Object.entries(a);
    const right = Object.entries(b);
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
      const [ka, va] = left[i] as [string, unknown];
      const [kb, vb] = right[i] as [string, unknown];
      const typeOrder = compare(typeRank(va), typeRank(vb));
      if (typeOrder !== 0) return typeOrder;
      if (ka !== kb) return ka < kb ? -1 : 1;
      const order = collatedCompare(va, vb, collator);
      if (order !== 0) return order;
    }
    return Math.sign(left.length - right.length);
  }
  return compare(a, b);
}

// MongoDB's cross-type order for the canonical types a promoted document holds.
function typeRank(value: unknown): number {
  const type = typeOf(value);
  const ranks: Record<string, number> = {
    null: 1,
    undefined: 1,
    number: 2,
    string: 3,
    object: 4,
    array: 5,
    objectid: 7,
    boolean: 8,
    date: 9,
    regexp: 11,
  };
  return ranks[type] ?? 6;
}

const holdsString = (value: unknown): boolean =>
  typeof value === 'string' ||
  (Array.isArray(value) && value.some(holdsString)) ||
  (isPlainObject(value) && Object.values(value).some(holdsString));

export function collatedEquals(a: unknown, b: unknown, collator: Intl.Collator): boolean {
  if (holdsString(a) || holdsString(b)) return collatedCompare(a, b, collator) === 0;
  return isEqual(a, b);
}

type FieldPredicate = (lhs: unknown, rhs: unknown, depth: number) => boolean;

/** A query operator comparing the value at `selector` the way mingo does, with `predicate` as comparison. */
const queryOperator =
  (predicate: FieldPredicate) =>
  (selector: string, value: unknown): ((doc: unknown) => boolean) => {
    const depth = selector.split('.').length - 1;
    return (doc) => predicate(resolve(doc as Document, selector, { unwrapArray: true }), value, depth);
  };

function collatedQueryOperators(collator: Intl.Collator) {
  const equals = (a: unknown, b: unknown) => collatedEquals(a, b, collator);
  const eq: FieldPredicate = (a, b, depth) => {
    if (equals(a, b)) return true;
    if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
    if (!Array.isArray(a)) return false;
    return a.some((v) => equals(v, b)) || flatten(a, depth).some((v) => equals(v, b));
  };
  const inList: FieldPredicate = (a, b) => {
    const list = b as unknown[];
    if (a === null || a === undefined) return list.some((v) => v === null);
    const values = ensureArray(a);
    return list.some((candidate) =>
      candidate instanceof RegExp
        ? values.some((v) => typeof v === 'string' && candidate.test(v))
        : equals(a, candidate) || values.some((v) => equals(v, candidate)),
    );
  };
  const range =
    (accept: (order: number) => boolean): FieldPredicate =>
    (a, b) =>
      ensureArray(a).some((v) => typeOf(v) === typeOf(b) && accept(collatedCompare(v, b, collator)));
  return {
    $eq: queryOperator(eq),
    $ne: queryOperator((a, b, depth) => !eq(a, b, depth)),
    $in: queryOperator(inList),
    $nin: queryOperator((a, b, depth) => !inList(a, b, depth)),
    $gt: queryOperator(range((order) => order > 0)),
    $gte: queryOperator(range((order) => order >= 0)),
    $lt: queryOperator(range((order) => order < 0)),
    $lte: queryOperator(range((order) => order <= 0)),
  };
}

/** Aggregation comparison expressions ($eq, $cmp, ...) evaluated with the collation. */
function collatedExpressionOperators(collator: Intl.Collator) {
  const binary =
    (result: (order: number) => unknown) =>
    (obj: unknown, expr: unknown, options: Options): unknown => {
      const [lhs, rhs] = evalExpr(obj, expr, options) as [unknown, unknown];
      return result(collatedCompare(lhs, rhs, collator));
    };
  return {
    $eq: binary((order) => order === 0),
    $ne: binary((order) => order !== 0),
    $gt: binary((order) => order > 0),
    $gte: binary((order) => order >= 0),
    $lt: binary((order) => order < 0),
    $lte: binary((order) => order <= 0),
    $cmp: binary((order) => order),
  };
}

// mingo's $sort builds its own Intl.Collator, which needs a BCP 47 tag.
const mingoCollation = (spec: Document): CollationSpec =>
  ({ ...spec, locale: languageTag(spec.locale as string) }) as unknown as CollationSpec;

// Every operator mingo has: its `mingo` entry points merge a caller's context under these (the
// defaults win), so a collation's comparison operators only take effect through the base classes.
const ALL_OPERATORS = {
  accumulator: accumulatorOperators,
  expression: expressionOperators,
  pipeline: pipelineOperators,
  projection: projectionOperators,
  query: queryOperators,
  window: windowOperators,
} as never;
const DEFAULT_CONTEXT = Context.init(ALL_OPERATORS);

const contexts = new WeakMap<Intl.Collator, Context>();

function contextFor(collator: Intl.Collator): Context {
  let context = contexts.get(collator);
  if (!context) {
    context = Context.init({
      ...(ALL_OPERATORS as object),
      query: { ...queryOperators, ...collatedQueryOperators(collator) },
      expression: { ...expressionOperators, ...collatedExpressionOperators(collator) },
    } as never);
    contexts.set(collator, context);
  }
  return context;
}

/**
 * mingo options for a query, sort or pipeline run under `collation` (a MongoDB collation document,
 * validated here) with `variables` bound for `$$name` (a command's `let`). They carry a complete
 * operator context: use them with {@link queryFor} and {@link aggregatorFor} (mingo's base classes).
 */
export function queryOptionsFor(collation?: unknown, variables?: Document): Partial<Options> {
  const parsed = parseCollation(collation);
  const collator = parsed && collatorOf(parsed);
  return mingoOptions({
    context: collator ? contextFor(collator) : DEFAULT_CONTEXT,
    ...(collator ? { collation: mingoCollation(parsed as Document) } : {}),
    ...(variables ? { variables } : {}),
  });
}

/** A compiled filter comparing strings by `collation`, with `variables` bound for `$$name`. */
export function queryFor(filter: Document, collation?: unknown, variables?: Document): Query {
  return new Query(filter, queryOptionsFor(collation, variables));
}

/** An aggregation pipeline run under `collation`, with `variables` bound for `$$name`. */
export function aggregatorFor(pipeline: Document[], options: Partial<Options>): Aggregator {
  return new Aggregator(pipeline, options);
}
