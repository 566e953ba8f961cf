import type { Document } from 'bson';
import { Query } from 'mingo';
import { parseCollation } from '../collation.js';
import { Collection, validateCollectionName } from '../collection.js';
import { MongoCommandError } from '../errors.js';
import { defaultIndexName, ID_INDEX_NAME, type IndexSpec, idIndexSpec } from '../indexes.js';
import { mingoOptions } from '../mingo-options.js';
import { checkValidatorOptions } from '../validation.js';
import { isView, refuseView } from '../views.js';
import { asNumber, type CommandContext, type CommandHandler, collectionName } from './context.js';
import { sized } from './output.js';
import { rewritePipeline } from './rewrite-pipeline.js';

const filterBy = (docs: Document[], filter: unknown): Document[] => {
  if (typeof filter !== 'object' || filter === null || Object.keys(filter).length === 0) return docs;
  const query = new Query(filter as Document, mingoOptions());
  return docs.filter((doc) => query.test(doc));
};

function cursorOf(ctx: CommandContext, ns: string, docs: Document[]): Document {
  const batchSize = asNumber((ctx.body.cursor as Document | undefined)?.batchSize);
  const batch = ctx.cursors.open(ns, sized(docs), batchSize);
  return { cursor: { firstBatch: batch.docs, id: batch.id, ns }, ok: 1 };
}

function requireCollection(ctx: CommandContext, message: (ns: string) => string): Collection {
  const name = collectionName(ctx);
  const coll = Collection.open(ctx.storage, ctx.db, name);
  if (!coll) throw new MongoCommandError('NamespaceNotFound', message(`${ctx.db}.${name}`));
  refuseView(coll.info);
  return coll;
}

const sameKey = (a: Document, b: Document): boolean => JSON.stringify(a) === JSON.stringify(b);
const OPTION_FIELDS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds'] as const;
const sameOptions = (a: Document, b: Document): boolean =>
  OPTION_FIELDS.every((field) => JSON.stringify(a[field] ?? null) === JSON.stringify(b[field] ?? null));

function normalizeIndexSpec(raw: Document): IndexSpec {
  const key = raw.key as Document | undefined;
  if (typeof key !== 'object' || key === null || Object.keys(key).length === 0) {
    throw new MongoCommandError('BadValue', "Index key pattern must be a non-empty object ('key' field)");
  }
  const spec: IndexSpec = {
    ...raw,
    v: 2,
    key,
    name: typeof raw.name === 'string' ? raw.name : defaultIndexName(key),
  };
  if (spec.unique === false) delete spec.unique;
  if (spec.expireAfterSeconds !== undefined) checkTtl(spec);
  return spec;
}

// MongoDB's bound on expireAfterSeconds (a 32-bit signed int of seconds).
const MAX_EXPIRE_AFTER_SECONDS = 2_147_483_647;

/** TTL options MongoDB refuses: on `_id`, on a compound key, or outside 0..2^31-1 seconds. */
function checkTtl(spec: IndexSpec): void {
  const fields = Object.keys(spec.key);
  if (fields.length === 1 && fields[0] === '_id') {
    throw new MongoCommandError(
      'InvalidIndexSpecificationOption',
      "The field 'expireAfterSeconds' is not valid for an _id index specification.",
    );
  }
  if (fields.length > 1) {
    throw new MongoCommandError(
      'CannotCreateIndex',
      `TTL indexes are single-field indexes, compound indexes do not support TTL. Index spec: ${JSON.stringify(spec)}`,
    );
  }
  const seconds = spec.expireAfterSeconds;
  if (
    typeof seconds !== 'number' ||
    !Number.isFinite(seconds) ||
    seconds < 0 ||
    seconds > MAX_EXPIRE_AFTER_SECONDS
  ) {
    throw new MongoCommandError(
      'CannotCreateIndex',
      `TTL index 'expireAfterSeconds' option must be within an acceptable range, try a lower number. Index spec: ${JSON.stringify(spec)}`,
    );
  }
}

const createIndexes: CommandHandler = (ctx) => {
  const name = collectionName(ctx);
  const existing = Collection.open(ctx.storage, ctx.db, name);
  refuseView(existing?.info);
  const existed = existing !== undefined;
  const coll = Collection.openOrCreate(ctx.storage, ctx.db, name);
  const requested = Array.isArray(ctx.body.indexes) ? (ctx.body.indexes as Document[]) : [];
  if (requested.length === 0)
    throw new MongoCommandError('BadValue', 'Must specify at least one index to create');
  const before = coll.indexes.specs.length;
  for (const raw of requested) {
    const spec = normalizeIndexSpec(raw);
    const sameName = coll.indexes.specs.find((s) => s.name === spec.name);
    if (sameName) {
      if (sameKey(sameName.key, spec.key) && sameOptions(sameName, spec)) continue;
      throw new MongoCommandError(
        sameKey(sameName.key, spec.key) ? 'IndexOptionsConflict' : 'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`,
      );
    }
    const sameKeyed = coll.indexes.specs.find((s) => sameKey(s.key, spec.key));
    if (sameKeyed && sameOptions(sameKeyed, spec)) {
      throw new MongoCommandError(
        'IndexOptionsConflict',
        `Index already exists with a different name: ${sameKeyed.name}`,
      );
    }
    if (sameKeyed) {
      throw new MongoCommandError(
        'IndexKeySpecsConflict',
        `An existing index has the same key pattern as the requested index but different options: ${sameKeyed.name}`,
      );
    }
    // Indexes the existing documents; a unique violation aborts the command (and its writes).
    coll.createIndex(spec);
  }
  const after = coll.indexes.specs.length;
  return {
    numIndexesBefore: before,
    numIndexesAfter: after,
    ...(after === before ? { note: 'all indexes already exist' } : {}),
    createdCollectionAutomatically: !existed,
    ok: 1,
  };
};

const listIndexes: CommandHandler = (ctx) => {
  const coll = requireCollection(ctx, (ns) => `ns does not exist: ${ns}`);
  return cursorOf(ctx, coll.ns, coll.listIndexes());
};

const dropIndexes: CommandHandler = (ctx) => {
  const coll = requireCollection(ctx, (ns) => `ns not found ${ns}`);
  const nIndexesWas = coll.indexes.specs.length;
  const target = ctx.body.index;
  let names: string[];
  if (target === '*') {
    names = coll.indexes.secondary.map((spec) => spec.name);
  } else if (typeof target === 'string') {
    names = [target];
  } else if (Array.isArray(target)) {
    names = target.map(String);
  } else if (typeof target === 'object' && target !== null) {
    const spec = coll.indexes.specs.find((s) => sameKey(s.key, target as Document));
    if (!spec) {
      throw new MongoCommandError('IndexNotFound', `can't find index with key: ${JSON.stringify(target)}`);
    }
    names = [spec.name];
  } else {
    throw new MongoCommandError('BadValue', "BSON field 'dropIndexes.index' is missing");
  }
  for (const name of names) {
    if (name === ID_INDEX_NAME) throw new MongoCommandError('InvalidOptions', 'cannot drop _id index');
    if (!coll.hasIndex(name))
      throw new MongoCommandError('IndexNotFound', `index not found with name [${name}]`);
    coll.dropIndex(name);
  }
  return { nIndexesWas, ok: 1 };
};

// Generic command fields that are not collection options.
const NON_OPTION_FIELDS = new Set([
  'create',
  'lsid',
  '$db',
  '$clusterTime',
  '$readPreference',
  'readConcern',
  'writeConcern',
  'comment',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'maxTimeMS',
  'txnNumber',
]);

const VIEW_OPTIONS = new Set(['viewOn', 'pipeline', 'collation']);

const create: CommandHandler = (ctx) => {
  const name = collectionName(ctx);
  if (Collection.open(ctx.storage, ctx.db, name)) {
    throw new MongoCommandError('NamespaceExists', `Collection ${ctx.db}.${name} already exists.`);
  }
  const options = Object.fromEntries(Object.entries(ctx.body).filter(([key]) => !NON_OPTION_FIELDS.has(key)));
  if (options.collation !== undefined) parseCollation(options.collation);
  if (options.viewOn !== undefined) {
    createView(ctx, name, options);
    return { ok: 1 };
  }
  if (options.pipeline !== undefined)
    throw new MongoCommandError('BadValue', "'pipeline' requires 'viewOn' to also be specified");
  checkValidatorOptions(options);
  Collection.openOrCreate(ctx.storage, ctx.db, name, options);
  return { ok: 1 };
};

function checkViewPipeline(pipeline: unknown): Document[] {
  if (!Array.isArray(pipeline))
    throw new MongoCommandError(
      'TypeMismatch',
      "BSON field 'pipeline' is the wrong type, expected type 'array'",
    );
  for (const stage of pipeline as Document[]) {
    const name = Object.keys(stage ?? {})[0];
    if (name === '$out' || name === '$merge')
      throw new MongoCommandError('OptionNotSupportedOnView', `${name} cannot be used in a view definition`);
  }
  rewritePipeline(pipeline as Document[]);
  return pipeline as Document[];
}

/** A view is a catalog entry only: no documents, no indexes, its definition in its options. */
function createView(ctx: CommandContext, name: string, options: Document): void {
  if (typeof options.viewOn !== 'string' || options.viewOn === '')
    throw new MongoCommandError('TypeMismatch', "'viewOn' must be a non-empty string");
  for (const key of Object.keys(options)) {
    if (!VIEW_OPTIONS.has(key))
      throw new MongoCommandError('InvalidOptions', `option not supported on a view: ${key}`);
  }
  validateCollectionName(ctx.db, name);
  const pipeline = checkViewPipeline(options.pipeline ?? []);
  ctx.storage.createCollection(ctx.db, name, { ...options, pipeline });
}

const COLL_MOD_FIELDS = new Set([
  'validator',
  'validationLevel',
  'validationAction',
  'viewOn',
  'pipeline',
  'index',
]);

const collMod: CommandHandler = (ctx) => {
  const name = collectionName(ctx);
  const coll = Collection.open(ctx.storage, ctx.db, name);
  if (!coll) throw new MongoCommandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
  const changes = Object.fromEntries(
    Object.entries(ctx.body).filter(([key]) => key !== 'collMod' && !NON_OPTION_FIELDS.has(key)),
  );
  for (const key of Object.keys(changes)) {
    if (!COLL_MOD_FIELDS.has(key))
      throw new MongoCommandError('Location40415', `BSON field 'collMod.${key}' is an unknown field.`);
  }
  const options = { ...coll.info.options };
  if (isView(coll.info)) {
    for (const key of Object.keys(changes)) {
      if (key !== 'viewOn' && key !== 'pipeline')
        throw new MongoCommandError('InvalidOptions', `option not supported on a view: ${key}`);
    }
    if (changes.viewOn !== undefined) options.viewOn = changes.viewOn;
    if (changes.pipeline !== undefined) options.pipeline = checkViewPipeline(changes.pipeline);
  } else {
    if (changes.viewOn !== undefined || changes.pipeline !== undefined)
      throw new MongoCommandError('InvalidOptions', `ns ${coll.ns} is a collection, not a view`);
    if (changes.index !== undefined)
      throw new MongoCommandError(
        'CommandNotSupported',
        'collMod index changes are not supported by embedded-mongo',
      );
    checkValidatorOptions(changes);
    for (const key of ['validator', 'validationLevel', 'validationAction'])
      if (changes[key] !== undefined) options[key] = changes[key];
  }
  ctx.storage.updateCollectionOptions(coll.info.id, options);
  return { ok: 1 };
};

const drop: CommandHandler = (ctx) => {
  const name = collectionName(ctx);
  const coll = Collection.open(ctx.storage, ctx.db, name);
  // MongoDB 7.0 reports success when the collection does not exist.
  if (!coll) return { ok: 1 };
  const nIndexesWas = coll.indexes.specs.length;
  coll.drop();
  return { nIndexesWas, ns: coll.ns, ok: 1 };
};

const listCollections: CommandHandler = (ctx) => {
  const nameOnly = ctx.body.nameOnly === true;
  const entries = ctx.storage.listCollections(ctx.db).map((info) => {
    const type = isView(info) ? 'view' : 'collection';
    if (nameOnly) return { name: info.name, type };
    if (type === 'view') return { name: info.name, type, options: info.options, info: { readOnly: true } };
    return {
      name: info.name,
      type,
      options: info.options,
      info: { readOnly: false },
      idIndex: idIndexSpec(),
    };
  });
  return cursorOf(ctx, `${ctx.db}.$cmd.listCollections`, filterBy(entries, ctx.body.filter));
};

const listDatabases: CommandHandler = (ctx) => {
  if (ctx.db !== 'admin') {
    throw new MongoCommandError('Unauthorized', 'listDatabases may only be run against the admin database.');
  }
  const all = ctx.storage
    .listDatabases()
    .map(({ db, size }) => ({ name: db, sizeOnDisk: size, empty: size === 0 }));
  const databases = filterBy(all, ctx.body.filter);
  if (ctx.body.nameOnly === true) return { databases: databases.map(({ name }) => ({ name })), ok: 1 };
  const totalSize = databases.reduce((sum, db) => sum + (db.sizeOnDisk as number), 0);
  return { databases, totalSize, totalSizeMb: Math.floor(totalSize / 1024 / 1024), ok: 1 };
};

const dropDatabase: CommandHandler = (ctx) => {
  for (const info of ctx.storage.listCollections(ctx.db)) ctx.storage.dropCollection(info.id);
  return { dropped: ctx.db, ok: 1 };
};

export const adminCommands: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  create,
  collMod,
  drop,
  listCollections,
  listDatabases,
  dropDatabase,
};
