import { type Document, ObjectId } from 'bson';
import { resolve } from 'mingo/util';
import { decodeForQuery } from '../codec.js';
import { aggregatorFor, queryOptionsFor } from '../collation.js';
import type { Collection } from '../collection.js';
import { MongoCommandError } from '../errors.js';
import type { Storage } from '../storage.js';
import { applyUpdate } from '../update.js';
import { checkUpdate, openForWrite, prepareInsert } from './write-checks.js';

/** The namespace a `$out` or `$merge` writes to: a collection name in this database, or `{db, coll}`. */
function targetOf(spec: unknown, db: string, stage: string): { db: string; coll: string } {
  if (typeof spec === 'string') return { db, coll: spec };
  if (typeof spec === 'object' && spec !== null && typeof (spec as Document).coll === 'string') {
    const target = spec as Document;
    return { db: typeof target.db === 'string' ? target.db : db, coll: target.coll as string };
  }
  throw new MongoCommandError('FailedToParse', `${stage} only supports a string or object argument`);
}

function openTarget(storage: Storage, spec: unknown, db: string, stage: string): Collection {
  const target = targetOf(spec, db, stage);
  return openForWrite(storage, target.db, target.coll);
}

/** `$out`: the target collection's documents become the pipeline's results; its indexes stay. */
export function outInto(
  storage: Storage,
  db: string,
  spec: unknown,
  docs: Document[],
  bypass: boolean,
): void {
  const coll = openTarget(storage, spec, db, '$out');
  for (const stored of coll.match({})) coll.remove(stored);
  for (const doc of docs) coll.insert(prepareInsert(coll, doc, bypass));
}

export interface MergeOptions {
  collation?: Document | undefined;
  variables?: Document | undefined;
  bypass: boolean;
}

const sameFields = (key: Document, fields: string[]): boolean => {
  const keyFields = Object.keys(key);
  return keyFields.length === fields.length && fields.every((field) => keyFields.includes(field));
};

/** `$merge`: each result is matched to a target document by the `on` fields, then merged, replaced, kept or inserted. */
export function mergeInto(
  storage: Storage,
  db: string,
  rawSpec: unknown,
  docs: Document[],
  options: MergeOptions,
): void {
  const spec: Document = typeof rawSpec === 'string' ? { into: rawSpec } : ((rawSpec ?? {}) as Document);
  const coll = openTarget(storage, spec.into, db, '$merge');
  const on =
    spec.on === undefined ? ['_id'] : Array.isArray(spec.on) ? (spec.on as string[]) : [String(spec.on)];
  const byId = on.length === 1 && on[0] === '_id';
  if (
    !byId &&
    !coll.listIndexes().some((index) => index.unique === true && sameFields(index.key as Document, on))
  ) {
    throw new MongoCommandError(
      'Location51183',
      'Cannot find index to verify that join fields will be unique',
    );
  }
  const whenMatched = spec.whenMatched ?? 'merge';
  const whenNotMatched = spec.whenNotMatched ?? 'insert';
  const mingo = queryOptionsFor(options.collation, options.variables);
  for (const source of docs) {
    const doc = byId && source._id === undefined ? { _id: new ObjectId(), ...source } : source;
    const key: Document = {};
    for (const field of on) {
      const value = resolve(doc, field);
      if (value === undefined || value === null || Array.isArray(value)) {
        throw new MongoCommandError(
          'Location51132',
          "$merge write error: 'on' field cannot be missing, null, undefined or an array",
        );
      }
      key[field] = value;
    }
    const [existing] = coll.match(key, { limit: 1, collation: options.collation });
    if (!existing) {
      if (whenNotMatched === 'fail') {
        throw new MongoCommandError(
          'Location13113',
          '$merge could not find a matching document in the target collection for at least one document in the source collection',
        );
      }
      if (whenNotMatched === 'insert') coll.insert(prepareInsert(coll, doc, options.bypass));
      continue;
    }
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail') {
      throw new MongoCommandError(
        'DuplicateKey',
        "$merge with whenMatched: fail found an existing document with the same values for the 'on' field",
        { keyPattern: Object.fromEntries(on.map((field) => [field, 1])), keyValue: key },
      );
    }
    let next: Document;
    if (whenMatched === 'replace') next = { _id: existing.doc._id, ...doc };
    else if (whenMatched === 'merge') next = { ...existing.doc, ...doc };
    else if (Array.isArray(whenMatched)) {
      const letSpec = (spec.let as Document | undefined) ?? { new: '$$ROOT' };
      const [bound] = aggregatorFor([{ $replaceWith: letSpec }], mingo).run([doc]);
      next = applyUpdate(decodeForQuery(existing.body), whenMatched as Document[], 'pipeline', {
        collation: options.collation,
        variables: { ...options.variables, ...bound },
      });
    } else {
      throw new MongoCommandError(
        'BadValue',
        `Enumeration value '${String(whenMatched)}' for field 'whenMatched' is not a valid value.`,
      );
    }
    checkUpdate(coll, next, false, existing.doc, options.bypass);
    coll.replace(existing, next, false);
  }
}
