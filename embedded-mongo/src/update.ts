import type { Document } from 'bson';
import { update as applyOperators } from 'mingo/updater';
import { aggregatorFor, queryOptionsFor } from './collation.js';
import { MongoCommandError } from './errors.js';

const PIPELINE_UPDATE_STAGES = new Set([
  '$addFields',
  '$set',
  '$project',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
]);

export type UpdateSpec = Document | Document[];

export type UpdateKind = 'operators' | 'replacement' | 'pipeline';

export function updateKind(u: unknown): UpdateKind {
  if (Array.isArray(u)) return 'pipeline';
  if (typeof u !== 'object' || u === null) {
    throw new MongoCommandError('FailedToParse', 'Update argument must be either an object or an array');
  }
  const keys = Object.keys(u);
  const operators = keys.filter((key) => key.startsWith('$')).length;
  if (operators > 0 && operators < keys.length) {
    throw new MongoCommandError('FailedToParse', `Unknown modifier: ${keys.find((k) => !k.startsWith('$'))}`);
  }
  return operators > 0 ? 'operators' : 'replacement';
}

export interface ApplyOptions {
  arrayFilters?: Document[] | undefined;
  /** The statement's filter, for the positional `$` operator. */
  query?: Document | undefined;
  /** True when the update creates an upserted document, so $setOnInsert applies. */
  inserting?: boolean;
  /** The statement's collation, for the positional `$` operator's match. */
  collation?: Document | undefined;
  /** The command's `let`: values for `$$name` in a pipeline update. */
  variables?: Document | undefined;
}

/** Applies an operator or pipeline update to a promoted document and returns the result. */
export function applyUpdate(doc: Document, u: UpdateSpec, kind: UpdateKind, options: ApplyOptions): Document {
  if (kind === 'pipeline') {
    for (const stage of u as Document[]) {
      const name = Object.keys(stage)[0] ?? '';
      if (!PIPELINE_UPDATE_STAGES.has(name)) {
        throw new MongoCommandError('InvalidOptions', `${name} is not allowed to be used within an update`);
      }
    }
    const pipelineOptions = queryOptionsFor(options.collation, options.variables);
    const [result] = aggregatorFor(u as Document[], pipelineOptions).run([doc]);
    if (!result) return doc;
    // A pipeline that replaces the root keeps the document's _id, as MongoDB's does.
    return '_id' in result || doc._id === undefined ? result : { _id: doc._id, ...result };
  }
  const { $setOnInsert, ...modifier } = u as Document;
  if (options.inserting && $setOnInsert) {
    // MongoDB lets an upsert choose the new document's _id; mingo treats any _id write as a change.
    const { _id, ...rest } = $setOnInsert as Document;
    if (_id !== undefined && doc._id === undefined) doc._id = _id;
    modifier.$set = { ...(modifier.$set as Document | undefined), ...rest };
  }
  if (Object.keys(modifier).length > 0) {
    try {
      applyOperators(doc, modifier, options.arrayFilters, options.inserting ? undefined : options.query, {
        queryOptions: queryOptionsFor(options.collation, options.variables),
      });
    } catch (err) {
      throw updateError(err);
    }
  }
  return doc;
}

/** Gives mingo's update failures the codes MongoDB uses for the same mistakes. */
function updateError(err: unknown): unknown {
  const message = err instanceof Error ? err.message : String(err);
  if (message.includes('immutable field'))
    return new MongoCommandError('ImmutableField', message.replace(/\.$/, ''));
  if (message.includes('would create a conflict'))
    return new MongoCommandError('ConflictingUpdateOperators', message);
  const unknown = /Unknown update operator: '(\$\w+)'/.exec(message);
  if (unknown)
    return new MongoCommandError(
      'FailedToParse',
      `Unknown modifier: ${unknown[1]}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  return err;
}

const isOperatorObject = (value: unknown): value is Document =>
  typeof value === 'object' &&
  value !== null &&
  Object.getPrototypeOf(value) === Object.prototype &&
  Object.keys(value).some((key) => key.startsWith('$'));

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = doc;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    if (typeof next !== 'object' || next === null) target[part] = {};
    target = target[part] as Document;
  }
  target[parts[parts.length - 1] as string] = value;
}

/** The document an upsert starts from: the equality conditions of its filter, as MongoDB seeds it. */
export function upsertSeed(query: Document): Document {
  const seed: Document = {};
  const collect = (filter: Document): void => {
    for (const [key, value] of Object.entries(filter)) {
      if (key === '$and' && Array.isArray(value)) {
        for (const clause of value) collect(clause as Document);
      } else if (isOperatorObject(value)) {
        if ('$eq' in value && Object.keys(value).length === 1) setPath(seed, key, value.$eq);
      } else if (!key.startsWith('$') && !(value instanceof RegExp)) {
        setPath(seed, key, value);
      }
    }
  };
  collect(query);
  return seed;
}
