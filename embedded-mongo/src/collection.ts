import { type Document, ObjectId } from 'bson';
import { decodeForQuery, decodeTyped, encodeDocument, formatValue, restoreTypes } from './codec.js';
import { collatorOf, queryFor } from './collation.js';
import { MongoCommandError } from './errors.js';
import {
  CollectionIndexes,
  duplicateKeyError,
  ID_INDEX_NAME,
  Index,
  type IndexSpec,
  idIndexSpec,
} from './indexes.js';
import { encodeValue } from './keys.js';
import { type IndexScan, type Plan, Planner } from './planner.js';
import { sortComparator } from './sort-comparator.js';
import type { CollectionInfo, DocumentRow, Storage } from './storage.js';

/** A stored document: its row, its BSON body and the promoted form mingo works on. */
export interface StoredDocument {
  rid: number;
  body: Buffer;
  doc: Document;
}

/** A stored document read by a query; its promoted form is decoded on first use (an exact scan may never need it). */
class ReadDocument implements StoredDocument {
  readonly rid: number;
  readonly body: Buffer;
  #doc: Document | undefined;

  constructor(row: DocumentRow) {
    this.rid = row.rid;
    this.body = row.body;
  }

  get doc(): Document {
    this.#doc ??= decodeForQuery(this.body);
    return this.#doc;
  }
}

export interface MatchOptions {
  sort?: Document | undefined;
  skip?: number | undefined;
  limit?: number | undefined;
  /** A MongoDB collation: strings compare by it in the filter and the sort; else the collection's default. */
  collation?: Document | undefined;
  /** A command's `let`: values for `$$name` in `$expr`. */
  variables?: Document | undefined;
}

/** What running a plan cost, as explain's executionStats reports it. */
export interface ExecutionStats {
  nReturned: number;
  keysExamined: number;
  docsExamined: number;
  /** Matches sorted in memory (no index gave the order). */
  sorted: boolean;
}

export interface MatchResult {
  docs: StoredDocument[];
  plan: Plan;
  stats: ExecutionStats;
}

/** Collections opened per store, reloaded when the catalog changes (DDL or a rolled-back write). */
const opened = new WeakMap<Storage, { version: number; byName: Map<string, Collection> }>();

/** Document storage, lookup and index maintenance for one collection. */
export class Collection {
  readonly storage: Storage;
  readonly info: CollectionInfo;
  readonly indexes: CollectionIndexes;
  readonly planner: Planner;

  constructor(storage: Storage, info: CollectionInfo) {
    this.storage = storage;
    this.info = info;
    this.indexes = new CollectionIndexes(storage, info);
    this.planner = new Planner(this.indexes.all);
  }

  static open(storage: Storage, db: string, name: string): Collection | undefined {
    let cache = opened.get(storage);
    if (!cache || cache.version !== storage.catalogVersion) {
      cache = { version: storage.catalogVersion, byName: new Map() };
      opened.set(storage, cache);
    }
    const ns = `${db}.${name}`;
    const hit = cache.byName.get(ns);
    if (hit) return hit;
    const info = storage.findCollection(db, name);
    if (!info) return undefined;
    const coll = new Collection(storage, info);
    cache.byName.set(ns, coll);
    return coll;
  }

  /** Opens the collection, creating it (with its `_id_` index) as MongoDB does on first write. */
  static openOrCreate(storage: Storage, db: string, name: string, options: Document = {}): Collection {
    const existing = Collection.open(storage, db, name);
    if (existing) return existing;
    validateCollectionName(db, name);
    const info = storage.createCollection(db, name, options);
    storage.putIndex(info.id, idIndexSpec());
    return Collection.open(storage, db, name) as Collection;
  }

  /** Rebuilds every collection's _id keys and index keys (a store written before ordered keys). */
  static rebuildKeys(storage: Storage): void {
    const dbs = storage.listDatabases().map((entry) => entry.db);
    for (const db of dbs) {
      for (const info of storage.listCollections(db)) {
        const coll = new Collection(storage, info);
        const rows = storage.db
          .prepare<[number], DocumentRow>('SELECT rid, body FROM documents WHERE coll = ?')
          .all(info.id);
        const setId = storage.db.prepare<[Buffer, number]>('UPDATE documents SET idkey = ? WHERE rid = ?');
        for (const row of rows) {
          const doc = decodeForQuery(row.body);
          setId.run(encodeValue(doc._id), row.rid);
          coll.indexes.add(row.rid, doc);
        }
      }
    }
    storage.markCurrent();
    storage.catalogVersion++;
  }

  get ns(): string {
    return `${this.info.db}.${this.info.name}`;
  }

  count(): number {
    return this.storage.count(this.info.id);
  }

  /** Documents matching `filter`, in natural (insertion) order unless `sort` is given. */
  match(filter: Document = {}, options: MatchOptions = {}): StoredDocument[] {
    return this.run(filter, options).docs;
  }

  /** Plans and runs a query, returning the matches with the plan and what it cost. */
  run(filter: Document, options: MatchOptions = {}): MatchResult {
    const sort = options.sort && Object.keys(options.sort).length > 0 ? options.sort : undefined;
    const collation = options.collation ?? (this.info.options.collation as Document | undefined);
    const plan = this.planner.plan({ filter, sort, collation });
    const stats: ExecutionStats = { nReturned: 0, keysExamined: 0, docsExamined: 0, sorted: false };
    const exact = plan.kind === 'ixscan' && plan.scan.exact && !options.variables;
    const query = exact ? undefined : queryFor(filter, collation, options.variables);
    const inOrder =
      plan.kind === 'ixscan'
        ? plan.scan.providesSort || !sort
        : plan.kind === 'collscan' && plan.providesSort;
    const skip = options.skip ?? 0;
    // In index order (or none asked for) the scan stops once the window is filled.
    const stopAt = inOrder && options.limit ? skip + options.limit : Number.POSITIVE_INFINITY;
    let matches: StoredDocument[] = [];
    for (const row of this.#rows(plan, stats)) {
      stats.docsExamined++;
      const stored = new ReadDocument(row);
      if (query && !query.test(stored.doc)) continue;
      matches.push(stored);
      if (matches.length >= stopAt) break;
    }
    if (!inOrder && sort) {
      stats.sorted = true;
      const byDoc = sortComparator(sort, collatorOf(collation));
      matches.sort((a, b) => byDoc(a.doc, b.doc));
    }
    const end = options.limit ? skip + options.limit : undefined;
    if (skip || end !== undefined) matches = matches.slice(skip, end);
    stats.nReturned = matches.length;
    return { docs: matches, plan, stats };
  }

  /** The documents a plan reads, each once, in the plan's order. */
  *#rows(plan: Plan, stats: ExecutionStats): Generator<DocumentRow> {
    if (plan.kind === 'collscan') {
      yield* this.storage.scan(this.info.id, plan.direction);
      return;
    }
    const scans = plan.kind === 'ixscan' ? [plan.scan] : plan.scans;
    const seen = new Set<number>();
    for (const scan of scans) {
      for (const row of this.#scanRows(scan)) {
        stats.keysExamined++;
        if (seen.has(row.rid)) continue;
        seen.add(row.rid);
        yield row;
      }
    }
  }

  *#scanRows(scan: IndexScan): Generator<DocumentRow> {
    for (const range of scan.ranges) {
      if (range.high && Buffer.compare(range.low, range.high) >= 0) continue;
      if (scan.point) {
        const row = scan.index.isId
          ? this.storage.byId(this.info.id, range.low)
          : this.storage.byKey(scan.index.ix, range.low);
        if (row) yield row;
      } else if (scan.index.isId) yield* this.storage.scanIds(this.info.id, range, scan.direction);
      else yield* this.storage.scanKeys(scan.index.ix, range, scan.direction);
    }
  }

  /** Inserts one document (typed form); returns it in promoted form. Throws on a duplicate key. */
  insert(input: Document): Document {
    if (Array.isArray(input._id)) {
      throw new MongoCommandError('InvalidIdField', "The '_id' value cannot be of type array");
    }
    // MongoDB generates a missing _id and always stores it as the first field.
    const typed = '_id' in input ? { _id: input._id, ...input } : { _id: new ObjectId(), ...input };
    const body = encodeDocument(typed);
    const doc = decodeForQuery(body);
    const idKey = encodeValue(doc._id);
    return this.storage.savepoint(() => {
      if (this.storage.byId(this.info.id, idKey)) {
        throw duplicateKeyError(this.info, idIndexSpec(), [doc._id]);
      }
      const rid = this.storage.insertDocument(this.info.id, idKey, body);
      this.indexes.add(rid, doc);
      return doc;
    });
  }

  /**
   * Replaces a stored document with `next`. `next` is typed (a replacement as sent) or promoted (after
   * update operators), in which case the stored numeric types are restored. Returns whether it changed.
   */
  replace(stored: StoredDocument, next: Document, nextIsTyped: boolean): boolean {
    const typed = nextIsTyped ? next : (restoreTypes(next, decodeTyped(stored.body)) as Document);
    const body = encodeDocument({ _id: typed._id, ...typed });
    const doc = decodeForQuery(body);
    if (!encodeValue(stored.doc._id).equals(encodeValue(doc._id))) {
      throw new MongoCommandError(
        'ImmutableField',
        `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(doc._id)}`,
      );
    }
    if (body.equals(stored.body)) return false;
    this.storage.savepoint(() => {
      this.storage.updateDocument(stored.rid, body);
      this.indexes.replace(stored.rid, stored.doc, doc);
    });
    return true;
  }

  remove(stored: StoredDocument): void {
    this.indexes.remove(stored.rid, stored.doc);
    this.storage.deleteDocument(stored.rid);
  }

  drop(): void {
    this.storage.dropCollection(this.info.id);
  }

  /** Records `spec` and indexes the existing documents; a unique violation throws (the caller's savepoint undoes it). */
  createIndex(spec: IndexSpec): void {
    const ix = this.storage.putIndex(this.info.id, spec);
    const index = new Index({ ix, spec, multikey: false });
    // Read first: SQLite cannot write while a scan is open on the same connection.
    const rows = [...this.storage.scan(this.info.id)];
    for (const row of rows) this.indexes.add(row.rid, decodeForQuery(row.body), index);
    this.indexes.all.push(index);
  }

  dropIndex(name: string): void {
    const index = this.indexes.find(name);
    if (!index) return;
    this.storage.dropIndex(index.ix);
    this.indexes.all.splice(this.indexes.all.indexOf(index), 1);
  }

  listIndexes(): Document[] {
    return this.indexes.specs;
  }

  hasIndex(name: string): boolean {
    return name === ID_INDEX_NAME || this.indexes.find(name) !== undefined;
  }
}

/** Rejects names MongoDB rejects, with its InvalidNamespace error. */
export function validateCollectionName(db: string, name: string): void {
  if (!db || /[/\\. "$]/.test(db))
    throw new MongoCommandError('InvalidNamespace', `Invalid database name: '${db}'`);
  if (!name || name.includes('$') || name.includes('\0') || name.startsWith('.')) {
    throw new MongoCommandError('InvalidNamespace', `Invalid collection name: ${name}`);
  }
}
