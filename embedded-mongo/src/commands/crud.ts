import type { Document, Long } from 'bson';
import { decodeForQuery, encodeKey, valuesAtPath } from '../codec.js';
import { collatedEquals, collatorOf, parseCollation } from '../collation.js';
import { Collection, type StoredDocument } from '../collection.js';
import type { Batch } from '../cursors.js';
import { asCommandError, MongoCommandError } from '../errors.js';
import { applyUpdate, updateKind, upsertSeed } from '../update.js';
import { refuseView } from '../views.js';
import { asNumber, type CommandContext, type CommandHandler, collectionName } from './context.js';
import { presentOne } from './output.js';
import { documentsOf, itemsOf, runPipeline } from './run-pipeline.js';
import { checkUpdate, openForWrite, prepareInsert } from './write-checks.js';

const asDocument = (value: unknown): Document =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Document) : {};

function cursorReply(ns: string, key: 'firstBatch' | 'nextBatch', docs: Batch['docs'], id: Long): Document {
  return { cursor: { [key]: docs, id, ns }, ok: 1 };
}

/** A command's `let` document: values for `$$name` in its expressions. */
function letOf(ctx: CommandContext): Document | undefined {
  const value = ctx.body.let;
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MongoCommandError('TypeMismatch', "BSON field 'let' is the wrong type, expected type 'object'");
  return value as Document;
}

const find: CommandHandler = (ctx) => {
  const name = collectionName(ctx);
  const ns = `${ctx.db}.${name}`;
  const rawLimit = asNumber(ctx.body.limit) ?? 0;
  const skip = asNumber(ctx.body.skip);
  const sort = ctx.body.sort ? asDocument(ctx.body.sort) : undefined;
  const stages: Document[] = [{ $match: asDocument(ctx.body.filter) }];
  if (sort && Object.keys(sort).length > 0) stages.push({ $sort: sort });
  if (skip) stages.push({ $skip: skip });
  if (rawLimit) stages.push({ $limit: Math.abs(rawLimit) });
  const result = runPipeline(ctx.storage, ctx.db, name, stages, {
    collation: parseCollation(ctx.body.collation),
    variables: letOf(ctx),
  });
  const singleBatch = ctx.body.singleBatch === true || rawLimit < 0;
  const batch = ctx.cursors.open(
    ns,
    itemsOf(result, ctx.body.projection),
    asNumber(ctx.body.batchSize),
    singleBatch,
  );
  return cursorReply(ns, 'firstBatch', batch.docs, batch.id);
};

const getMore: CommandHandler = (ctx) => {
  const ns = `${ctx.db}.${String(ctx.body.collection)}`;
  const batch = ctx.cursors.getMore(ctx.body.getMore, ns, asNumber(ctx.body.batchSize));
  return cursorReply(ns, 'nextBatch', batch.docs, batch.id);
};

const killCursors: CommandHandler = (ctx) => {
  const ids = Array.isArray(ctx.body.cursors) ? ctx.body.cursors : [];
  const { killed, notFound } = ctx.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

/** Runs each statement of a write command, collecting MongoDB-shaped writeErrors; ordered stops at the first. */
function eachStatement<T>(
  ctx: CommandContext,
  statements: T[],
  run: (statement: T, index: number) => void,
): Document[] {
  const ordered = ctx.body.ordered !== false;
  const writeErrors: Document[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      run(statement, index);
    } catch (err) {
      writeErrors.push(asCommandError(err).toWriteError(index));
      if (ordered) break;
    }
  }
  return writeErrors;
}

const withWriteErrors = (reply: Document, writeErrors: Document[]): Document =>
  writeErrors.length ? { ...reply, writeErrors } : reply;

const insert: CommandHandler = (ctx) => {
  const documents = ctx.typedBody().documents;
  if (!Array.isArray(documents))
    throw new MongoCommandError('FailedToParse', "BSON field 'insert.documents' is missing");
  const coll = openForWrite(ctx.storage, ctx.db, collectionName(ctx));
  const bypass = ctx.body.bypassDocumentValidation === true;
  let n = 0;
  const writeErrors = eachStatement(ctx, documents as Document[], (doc) => {
    coll.insert(prepareInsert(coll, doc, bypass));
    n++;
  });
  return withWriteErrors({ n, ok: 1 }, writeErrors);
};

interface UpdateStatement {
  q?: Document;
  u: Document | Document[];
  upsert?: boolean;
  multi?: boolean;
  arrayFilters?: Document[];
  sort?: Document;
  collation?: Document;
}

/** What a whole write command contributes to each of its statements. */
interface WriteContext {
  variables: Document | undefined;
  bypassValidation: boolean;
}

interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  before?: StoredDocument;
  after?: Document;
}

/**
 * Applies one update statement. `typedU` is the update as sent (BSON types kept) so replacements
 * store exactly what the client wrote.
 */
function runUpdate(
  coll: Collection,
  statement: UpdateStatement,
  typedU: unknown,
  write: WriteContext,
): UpdateOutcome {
  const query = asDocument(statement.q);
  const kind = updateKind(statement.u);
  const collation = parseCollation(statement.collation);
  const sort = statement.sort && Object.keys(statement.sort).length > 0 ? statement.sort : undefined;
  if (sort && statement.multi)
    throw new MongoCommandError('InvalidOptions', 'Cannot specify sort with multi=true');
  const matches = coll.match(query, {
    limit: statement.multi ? undefined : 1,
    sort,
    collation,
    variables: write.variables,
  });
  const applyOptions = { arrayFilters: statement.arrayFilters, query, collation, variables: write.variables };
  if (matches.length === 0) {
    if (!statement.upsert) return { matched: 0, modified: 0 };
    const seed = upsertSeed(query);
    const doc =
      kind === 'replacement'
        ? { ...('_id' in seed ? { _id: seed._id } : {}), ...(typedU as Document) }
        : applyUpdate(seed, statement.u, kind, { ...applyOptions, inserting: true });
    const inserted = coll.insert(prepareInsert(coll, doc, write.bypassValidation));
    return { matched: 0, modified: 0, upsertedId: inserted._id, after: inserted };
  }
  let modified = 0;
  let after: Document | undefined;
  for (const stored of matches) {
    const typed = kind === 'replacement';
    after = typed
      ? { _id: stored.doc._id, ...(typedU as Document) }
      : applyUpdate(decodeForQuery(stored.body), statement.u, kind, applyOptions);
    checkUpdate(coll, after, typed, stored.doc, write.bypassValidation);
    if (coll.replace(stored, after, typed)) modified++;
  }
  return { matched: matches.length, modified, before: matches[0], after };
}

function writeContext(ctx: CommandContext): WriteContext {
  return { variables: letOf(ctx), bypassValidation: ctx.body.bypassDocumentValidation === true };
}

const update: CommandHandler = (ctx) => {
  const statements = ctx.body.updates;
  if (!Array.isArray(statements))
    throw new MongoCommandError('FailedToParse', "BSON field 'update.updates' is missing");
  const typedStatements = ctx.typedBody().updates as Document[];
  const coll = openForWrite(ctx.storage, ctx.db, collectionName(ctx));
  const write = writeContext(ctx);
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = eachStatement(ctx, statements as UpdateStatement[], (statement, index) => {
    const outcome = runUpdate(coll, statement, typedStatements[index]?.u, write);
    if (outcome.upsertedId !== undefined) {
      upserted.push({ index, _id: outcome.upsertedId });
      n++;
    }
    n += outcome.matched;
    nModified += outcome.modified;
  });
  return withWriteErrors({ n, nModified, ...(upserted.length ? { upserted } : {}), ok: 1 }, writeErrors);
};

const deleteCommand: CommandHandler = (ctx) => {
  const statements = ctx.body.deletes;
  if (!Array.isArray(statements))
    throw new MongoCommandError('FailedToParse', "BSON field 'delete.deletes' is missing");
  const coll = Collection.open(ctx.storage, ctx.db, collectionName(ctx));
  refuseView(coll?.info);
  const variables = letOf(ctx);
  let n = 0;
  const writeErrors = eachStatement(ctx, statements as Document[], (statement) => {
    const collation = parseCollation(statement.collation);
    if (!coll) return;
    const matches = coll.match(asDocument(statement.q), {
      limit: statement.limit === 1 ? 1 : undefined,
      collation,
      variables,
    });
    for (const stored of matches) coll.remove(stored);
    n += matches.length;
  });
  return withWriteErrors({ n, ok: 1 }, writeErrors);
};

const findAndModify: CommandHandler = (ctx) => {
  const body = ctx.body;
  const query = asDocument(body.query);
  const sort = body.sort ? asDocument(body.sort) : undefined;
  const projection = body.fields ?? body.projection;
  const collation = parseCollation(body.collation);
  const write = writeContext(ctx);
  if (body.remove === true) {
    const coll = Collection.open(ctx.storage, ctx.db, collectionName(ctx));
    refuseView(coll?.info);
    const [stored] = coll ? coll.match(query, { sort, limit: 1, collation, variables: write.variables }) : [];
    if (!coll || !stored) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    coll.remove(stored);
    return { lastErrorObject: { n: 1 }, value: presentOne(stored, projection), ok: 1 };
  }
  if (body.update === undefined) {
    throw new MongoCommandError('FailedToParse', 'Either an update or remove=true must be specified');
  }
  const coll = openForWrite(ctx.storage, ctx.db, collectionName(ctx));
  const statement: UpdateStatement = {
    q: query,
    u: body.update as Document,
    upsert: body.upsert === true,
    arrayFilters: body.arrayFilters as Document[] | undefined,
    ...(sort ? { sort } : {}),
    ...(collation ? { collation } : {}),
  };
  const outcome = runUpdate(coll, statement, ctx.typedBody().update, write);
  const lastErrorObject: Document = {
    n: outcome.matched || (outcome.upsertedId !== undefined ? 1 : 0),
    updatedExisting: outcome.matched > 0,
    ...(outcome.upsertedId !== undefined ? { upserted: outcome.upsertedId } : {}),
  };
  let value: Document | null = null;
  if (body.new === true && outcome.after) {
    // Re-read so the returned document carries exactly what was stored.
    const [stored] = coll.match({ _id: outcome.after._id }, { limit: 1 });
    value = stored ? presentOne(stored, projection) : null;
  } else if (outcome.before) {
    value = presentOne(outcome.before, projection);
  }
  return { lastErrorObject, value, ok: 1 };
};

const count: CommandHandler = (ctx) => {
  const name = collectionName(ctx);
  const query = asDocument(ctx.body.query);
  const collation = parseCollation(ctx.body.collation);
  const skip = asNumber(ctx.body.skip) ?? 0;
  const limit = Math.abs(asNumber(ctx.body.limit) ?? 0);
  const coll = Collection.open(ctx.storage, ctx.db, name);
  if (!coll) return { n: 0, ok: 1 };
  let n =
    Object.keys(query).length === 0 && !collation && !coll.info.options.viewOn
      ? coll.count()
      : documentsOf(runPipeline(ctx.storage, ctx.db, name, [{ $match: query }], { collation })).length;
  n = Math.max(0, n - skip);
  return { n: limit ? Math.min(n, limit) : n, ok: 1 };
};

const distinct: CommandHandler = (ctx) => {
  const key = ctx.body.key;
  if (typeof key !== 'string')
    throw new MongoCommandError('FailedToParse', "BSON field 'distinct.key' is missing");
  const collation = parseCollation(ctx.body.collation);
  const collator = collatorOf(collation);
  const pipeline = [{ $match: asDocument(ctx.body.query) }];
  const docs = documentsOf(runPipeline(ctx.storage, ctx.db, collectionName(ctx), pipeline, { collation }));
  const seen = new Set<string>();
  const values: unknown[] = [];
  for (const doc of docs) {
    for (const value of valuesAtPath(doc, key)) {
      if (value === undefined) continue;
      // Under a collation, strings it calls equal are one distinct value (the first one met).
      if (collator && typeof value === 'string') {
        if (!values.some((v) => typeof v === 'string' && collatedEquals(v, value, collator)))
          values.push(value);
        continue;
      }
      const canonical = encodeKey([value]).toString('hex');
      if (!seen.has(canonical)) {
        seen.add(canonical);
        values.push(value);
      }
    }
  }
  return { values, ok: 1 };
};

export const crudCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  insert,
  update,
  delete: deleteCommand,
  findAndModify,
  findandmodify: findAndModify,
  count,
  distinct,
};
