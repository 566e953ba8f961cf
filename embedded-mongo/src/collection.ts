import { type Document, ObjectId } from 'bson';
import { find, Query } from 'mingo';
import {
  decodeForQuery,
  decodeTyped,
  encodeDocument,
  encodeKey,
  formatValue,
  restoreTypes,
} from './codec.js';
import { MongoCommandError } from './errors.js';
import { CollectionIndexes, duplicateKeyError, ID_INDEX_NAME, idIndexSpec } from './indexes.js';
import { mingoOptions } from './mingo-options.js';
import type { CollectionInfo, DocumentRow, Storage } from './storage.js';

/** A stored document: its row, its BSON body and the promoted form mingo works on. */
export interface StoredDocument {
  rid: number;
  body: Buffer;
  doc: Document;
}

export interface MatchOptions {
  sort?: Document | undefined;
  skip?: number | undefined;
  limit?: number | undefined;
}

const isPlainObject = (value: unknown): value is Document =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** Values a lookup by key can serve exactly: scalars whose equality is plain value equality. */
const isLookupScalar = (value: unknown): boolean =>
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  value instanceof Date ||
  value instanceof ObjectId;

/** The values a field condition is equal to (`v`, `{$eq: v}`, `{$in: [...]}`), when an index lookup can serve it. */
function equalityValues(condition: unknown): unknown[] | undefined {
  if (isLookupScalar(condition)) return [condition];
  if (!isPlainObject(condition)) return undefined;
  const keys = Object.keys(condition);
  if (keys.length !== 1) return undefined;
  if (keys[0] === '$eq' && isLookupScalar(condition.$eq)) return [condition.$eq];
  if (keys[0] === '$in' && Array.isArray(condition.$in) && condition.$in.every(isLookupScalar))
    return condition.$in;
  return undefined;
}

function sameId(a: Document, b: Document): boolean {
  return encodeKey([a._id]).equals(encodeKey([b._id]));
}

/** Document storage, lookup and index maintenance for one collection. */
export class Collection {
  readonly storage: Storage;
  readonly info: CollectionInfo;
  readonly indexes: CollectionIndexes;

  constructor(storage: Storage, info: CollectionInfo) {
    this.storage = storage;
    this.info = info;
    this.indexes = new CollectionIndexes(storage, info);
  }

  static open(storage: Storage, db: string, name: string): Collection | undefined {
    const info = storage.findCollection(db, name);
    return info && new Collection(storage, info);
  }

  /** Opens the collection, creating it (with its `_id_` index) as MongoDB does on first write. */
  static openOrCreate(storage: Storage, db: string, name: string, options: Document = {}): Collection {
    const existing = storage.findCollection(db, name);
    if (existing) return new Collection(storage, existing);
    validateCollectionName(db, name);
    const info = storage.createCollection(db, name, options);
    storage.putIndex(info.id, idIndexSpec());
    return new Collection(storage, info);
  }

  get ns(): string {
    return `${this.info.db}.${this.info.name}`;
  }

  count(): number {
    return this.storage.count(this.info.id);
  }

  /** Rows that may match `filter`: an `_id` or single-field index lookup when possible, otherwise all. */
  #candidates(filter: Document): DocumentRow[] {
    const ids = equalityValues(filter._id);
    if (ids) {
      const rows = new Map<number, DocumentRow>();
      for (const id of ids) {
        const row = this.storage.byId(this.info.id, encodeKey([id]));
        if (row) rows.set(row.rid, row);
      }
      return [...rows.values()].sort((a, b) => a.rid - b.rid);
    }
    for (const [field, condition] of Object.entries(filter)) {
      if (field.startsWith('$')) continue;
      const values = equalityValues(condition);
      const spec = values && this.indexes.lookupIndexFor(field);
      if (!values || !spec) continue;
      const rows = new Map<number, DocumentRow>();
      for (const value of values) {
        for (const row of this.storage.byIndexKey(this.info.id, spec.name, encodeKey([value])))
          rows.set(row.rid, row);
      }
      return [...rows.values()].sort((a, b) => a.rid - b.rid);
    }
    return this.storage.scan(this.info.id);
  }

  /** Documents matching `filter`, in natural (insertion) order unless `sort` is given. */
  match(filter: Document = {}, options: MatchOptions = {}): StoredDocument[] {
    const query = new Query(filter, mingoOptions());
    const sort = options.sort && Object.keys(options.sort).length > 0 ? options.sort : undefined;
    const naturalOnly = sort && Object.keys(sort).length === 1 && '$natural' in sort;
    const skip = options.skip ?? 0;
    // Without a sort, matching can stop as soon as the requested window is filled.
    const stopAt = !sort && options.limit ? skip + options.limit : Number.POSITIVE_INFINITY;
    let matches: StoredDocument[] = [];
    for (const row of this.#candidates(filter)) {
      const doc = decodeForQuery(row.body);
      if (query.test(doc)) matches.push({ rid: row.rid, body: row.body, doc });
      if (matches.length >= stopAt) break;
    }
    if (naturalOnly) {
      if (sort.$natural === -1) matches.reverse();
    } else if (sort) {
      const byDoc = new Map(matches.map((m) => [m.doc, m]));
      matches = find(
        matches.map((m) => m.doc),
        {},
        {},
        mingoOptions(),
      )
        .sort(sort)
        .all()
        .map((doc) => byDoc.get(doc) as StoredDocument);
    }
    const end = options.limit ? skip + options.limit : undefined;
    return skip || end !== undefined ? matches.slice(skip, end) : matches;
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
    const idKey = encodeKey([doc._id]);
    return this.storage.transaction(() => {
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
    if (!sameId(stored.doc, doc)) {
      throw new MongoCommandError(
        'ImmutableField',
        `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(doc._id)}`,
      );
    }
    if (body.equals(stored.body)) return false;
    this.storage.transaction(() => {
      this.storage.updateDocument(stored.rid, body);
      this.indexes.replace(stored.rid, doc);
    });
    return true;
  }

  remove(stored: StoredDocument): void {
    this.storage.deleteDocument(stored.rid);
  }

  drop(): void {
    this.storage.dropCollection(this.info.id);
  }

  listIndexes(): Document[] {
    return this.indexes.specs;
  }

  hasIndex(name: string): boolean {
    return name === ID_INDEX_NAME || this.indexes.specs.some((spec) => spec.name === name);
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
