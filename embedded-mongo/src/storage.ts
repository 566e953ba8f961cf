import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Document, deserialize } from 'bson';
import { encodeDocument } from './codec.js';

export interface CollectionInfo {
  id: number;
  db: string;
  name: string;
  options: Document;
}

export interface DocumentRow {
  rid: number;
  body: Buffer;
}

export interface StoredIndex {
  /** The index's row id: the `ix` of its keys. */
  ix: number;
  spec: Document;
  multikey: boolean;
}

/** A half-open key range `[low, high)`; `high` undefined means no upper limit. */
export interface KeyRange {
  low: Buffer;
  high: Buffer | undefined;
}

export const DB_FILE_NAME = 'embedded-mongo.sqlite';

// 2: order-preserving keys (keys.ts) in `keys`, and in documents.idkey.
const FORMAT_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS collections (
  id INTEGER PRIMARY KEY, db TEXT NOT NULL, name TEXT NOT NULL, options BLOB NOT NULL, UNIQUE (db, name));
CREATE TABLE IF NOT EXISTS documents (
  rid INTEGER PRIMARY KEY, coll INTEGER NOT NULL, idkey BLOB NOT NULL, body BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS documents_by_id ON documents (coll, idkey);
CREATE INDEX IF NOT EXISTS documents_by_coll ON documents (coll);
CREATE TABLE IF NOT EXISTS indexes (
  coll INTEGER NOT NULL, name TEXT NOT NULL, spec BLOB NOT NULL, multikey INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (coll, name));
CREATE TABLE IF NOT EXISTS keys (
  ix INTEGER NOT NULL, key BLOB NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (ix, key, rid)) WITHOUT ROWID;
`;

type Direction = 'forward' | 'backward';

/**
 * SQLite persistence: documents as BSON blobs keyed by collection and ordered _id key, secondary
 * index entries as ordered keys per index. Writes join the open group-commit transaction (see
 * commit.ts); nothing here commits on its own.
 */
export class Storage {
  readonly db: Database.Database;
  /** The SQLite file, or undefined in memory. */
  readonly file: string | undefined;
  /** Bumped by every catalog change and every rollback, so cached collection metadata reloads. */
  catalogVersion = 0;
  /** Opened a store written before ordered keys: the caller rebuilds them before serving. */
  readonly needsKeyRebuild: boolean;
  readonly #stmt;
  readonly #ranges = new Map<string, Database.Statement>();
  // Built once: creating a better-sqlite3 transaction wrapper per call is costly.
  readonly #savepoint: (fn: () => unknown) => unknown;

  constructor(options: { dbPath?: string; inMemory?: boolean }) {
    let file: string | undefined;
    if (!options.inMemory) {
      if (!options.dbPath) throw new Error('startEmbeddedMongo needs dbPath unless inMemory is true');
      mkdirSync(options.dbPath, { recursive: true });
      file = join(options.dbPath, DB_FILE_NAME);
    }
    this.file = file;
    // A server that is still closing gets a second to let go of the file.
    this.db = new Database(file ?? ':memory:', { timeout: 1000 });
    // The server is the file's only user: an exclusive lock keeps the WAL index in the process's memory
    // (no shared-memory locking on every statement, which halves the cost of a point read) and makes a
    // second server on the same directory fail at start instead of sharing the file.
    this.db.pragma('locking_mode = EXCLUSIVE');
    try {
      this.db.pragma('journal_mode = WAL');
    } catch (err) {
      this.db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY')
        throw new Error(
          `${file} is in use by another embedded-mongo server: stop it, or connect to it with MONGODB_URI`,
        );
      throw err;
    }
    // NORMAL in WAL mode: a commit survives the process's death (kill -9) without an fsync; the
    // journal is fsynced every 100 ms and before a `j: true` write is acknowledged (commit.ts).
    this.db.pragma('synchronous = NORMAL');
    // Reads of a large collection hit pages all over the file: map it rather than read page by page
    // through a small cache (SQLite's default cache is 2 MB).
    this.db.pragma('mmap_size = 4294967296');
    this.db.pragma('cache_size = -65536');
    const legacy = this.#hasLegacyLayout();
    this.db.exec(SCHEMA);
    const db = this.db;
    this.#savepoint = db.transaction((fn: () => unknown) => fn());
    this.#stmt = {
      findCollection: db.prepare<[string, string], { id: number; options: Buffer }>(
        'SELECT id, options FROM collections WHERE db = ? AND name = ?',
      ),
      listCollections: db.prepare<[string], { id: number; name: string; options: Buffer }>(
        'SELECT id, name, options FROM collections WHERE db = ? ORDER BY name',
      ),
      listDatabases: db.prepare<[], { db: string; size: number }>(
        `SELECT c.db AS db, COALESCE(SUM(LENGTH(d.body)), 0) AS size
         FROM collections c LEFT JOIN documents d ON d.coll = c.id GROUP BY c.db ORDER BY c.db`,
      ),
      insertCollection: db.prepare<[string, string, Buffer]>(
        'INSERT INTO collections (db, name, options) VALUES (?, ?, ?)',
      ),
      updateCollectionOptions: db.prepare<[Buffer, number]>(
        'UPDATE collections SET options = ? WHERE id = ?',
      ),
      deleteCollection: db.prepare<[number]>('DELETE FROM collections WHERE id = ?'),
      deleteAllDocuments: db.prepare<[number]>('DELETE FROM documents WHERE coll = ?'),
      deleteAllIndexes: db.prepare<[number]>('DELETE FROM indexes WHERE coll = ?'),
      deleteAllKeys: db.prepare<[number]>(
        'DELETE FROM keys WHERE ix IN (SELECT rowid FROM indexes WHERE coll = ?)',
      ),
      count: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM documents WHERE coll = ?'),
      byId: db.prepare<[number, Buffer], DocumentRow>(
        'SELECT rid, body FROM documents WHERE coll = ? AND idkey = ?',
      ),
      byKey: db.prepare<[number, Buffer], DocumentRow>(
        'SELECT d.rid AS rid, d.body AS body FROM keys k JOIN documents d ON d.rid = k.rid WHERE k.ix = ? AND k.key = ?',
      ),
      byRid: db.prepare<[number], DocumentRow>('SELECT rid, body FROM documents WHERE rid = ?'),
      insertDocument: db.prepare<[number, Buffer, Buffer]>(
        'INSERT INTO documents (coll, idkey, body) VALUES (?, ?, ?)',
      ),
      updateDocument: db.prepare<[Buffer, number]>('UPDATE documents SET body = ? WHERE rid = ?'),
      deleteDocument: db.prepare<[number]>('DELETE FROM documents WHERE rid = ?'),
      listIndexes: db.prepare<[number], { ix: number; spec: Buffer; multikey: number }>(
        'SELECT rowid AS ix, spec, multikey FROM indexes WHERE coll = ? ORDER BY rowid',
      ),
      putIndex: db.prepare<[number, string, Buffer]>(
        'INSERT INTO indexes (coll, name, spec) VALUES (?, ?, ?)',
      ),
      setMultikey: db.prepare<[number]>('UPDATE indexes SET multikey = 1 WHERE rowid = ?'),
      deleteIndex: db.prepare<[number]>('DELETE FROM indexes WHERE rowid = ?'),
      deleteIndexKeys: db.prepare<[number]>('DELETE FROM keys WHERE ix = ?'),
      insertKey: db.prepare<[number, Buffer, number]>(
        'INSERT OR IGNORE INTO keys (ix, key, rid) VALUES (?, ?, ?)',
      ),
      deleteKey: db.prepare<[number, Buffer, number]>(
        'DELETE FROM keys WHERE ix = ? AND key = ? AND rid = ?',
      ),
      keyOwner: db.prepare<[number, Buffer, number], { rid: number }>(
        'SELECT rid FROM keys WHERE ix = ? AND key = ? AND rid <> ? LIMIT 1',
      ),
      keyOwners: db.prepare<[number, Buffer, Buffer, number], { rid: number }>(
        'SELECT rid FROM keys WHERE ix = ? AND key >= ? AND key < ? AND rid <> ?',
      ),
    };
    this.needsKeyRebuild = legacy;
    if (!legacy) this.markCurrent();
  }

  /** Runs `fn` as one savepoint: if it throws, its writes are undone and the catalog reloads. */
  savepoint<T>(fn: () => T): T {
    try {
      return this.#savepoint(fn) as T;
    } catch (err) {
      this.catalogVersion++;
      throw err;
    }
  }

  /** Records that keys are in this version's encoding. */
  markCurrent(): void {
    this.db.pragma(`user_version = ${FORMAT_VERSION}`);
  }

  close(): void {
    this.db.close();
  }

  findCollection(db: string, name: string): CollectionInfo | undefined {
    const row = this.#stmt.findCollection.get(db, name);
    return row && { id: row.id, db, name, options: deserialize(row.options) };
  }

  createCollection(db: string, name: string, options: Document): CollectionInfo {
    this.catalogVersion++;
    const id = Number(this.#stmt.insertCollection.run(db, name, encodeDocument(options)).lastInsertRowid);
    return { id, db, name, options };
  }

  updateCollectionOptions(coll: number, options: Document): void {
    this.catalogVersion++;
    this.#stmt.updateCollectionOptions.run(encodeDocument(options), coll);
  }

  listCollections(db: string): CollectionInfo[] {
    return this.#stmt.listCollections
      .all(db)
      .map((row) => ({ id: row.id, db, name: row.name, options: deserialize(row.options) }));
  }

  listDatabases(): { db: string; size: number }[] {
    return this.#stmt.listDatabases.all();
  }

  dropCollection(coll: number): void {
    this.catalogVersion++;
    this.#stmt.deleteAllKeys.run(coll);
    this.#stmt.deleteAllIndexes.run(coll);
    this.#stmt.deleteAllDocuments.run(coll);
    this.#stmt.deleteCollection.run(coll);
  }

  count(coll: number): number {
    return this.#stmt.count.get(coll)?.n ?? 0;
  }

  byId(coll: number, idKey: Buffer): DocumentRow | undefined {
    return this.#stmt.byId.get(coll, idKey);
  }

  /** The document holding `key` in unique index `ix`. */
  byKey(ix: number, key: Buffer): DocumentRow | undefined {
    return this.#stmt.byKey.get(ix, key);
  }

  byRid(rid: number): DocumentRow | undefined {
    return this.#stmt.byRid.get(rid);
  }

  /** Documents in natural (insertion) order, streamed. */
  scan(coll: number, direction: Direction = 'forward'): IterableIterator<DocumentRow> {
    return this.#range('scan', direction, false).iterate(coll) as IterableIterator<DocumentRow>;
  }

  /** Documents whose _id key lies in `range`, in key order. */
  scanIds(coll: number, range: KeyRange, direction: Direction): IterableIterator<DocumentRow> {
    const stmt = this.#range('ids', direction, range.high !== undefined);
    return (
      range.high === undefined ? stmt.iterate(coll, range.low) : stmt.iterate(coll, range.low, range.high)
    ) as IterableIterator<DocumentRow>;
  }

  /** Documents with a key of index `ix` in `range`, in key order (a document once per key). */
  scanKeys(ix: number, range: KeyRange, direction: Direction): IterableIterator<DocumentRow> {
    const stmt = this.#range('keys', direction, range.high !== undefined);
    return (
      range.high === undefined ? stmt.iterate(ix, range.low) : stmt.iterate(ix, range.low, range.high)
    ) as IterableIterator<DocumentRow>;
  }

  /** Number of keys of index `ix` in `range`. */
  countKeys(ix: number, range: KeyRange): number {
    const stmt = this.#range('countKeys', 'forward', range.high !== undefined);
    const row = (
      range.high === undefined ? stmt.get(ix, range.low) : stmt.get(ix, range.low, range.high)
    ) as {
      n: number;
    };
    return row.n;
  }

  #range(
    kind: 'scan' | 'ids' | 'keys' | 'countKeys',
    direction: Direction,
    bounded: boolean,
  ): Database.Statement {
    const cacheKey = `${kind}:${direction}:${bounded}`;
    let stmt = this.#ranges.get(cacheKey);
    if (stmt) return stmt;
    const order = direction === 'forward' ? 'ASC' : 'DESC';
    switch (kind) {
      case 'scan':
        stmt = this.db.prepare(`SELECT rid, body FROM documents WHERE coll = ? ORDER BY rid ${order}`);
        break;
      case 'ids':
        stmt = this.db.prepare(
          `SELECT rid, body FROM documents WHERE coll = ? AND idkey >= ?${bounded ? ' AND idkey < ?' : ''}
           ORDER BY idkey ${order}`,
        );
        break;
      case 'keys':
        stmt = this.db.prepare(
          `SELECT d.rid AS rid, d.body AS body FROM keys k JOIN documents d ON d.rid = k.rid
           WHERE k.ix = ? AND k.key >= ?${bounded ? ' AND k.key < ?' : ''} ORDER BY k.key ${order}, k.rid ${order}`,
        );
        break;
      case 'countKeys':
        stmt = this.db.prepare(
          `SELECT COUNT(*) AS n FROM keys WHERE ix = ? AND key >= ?${bounded ? ' AND key < ?' : ''}`,
        );
        break;
    }
    this.#ranges.set(cacheKey, stmt);
    return stmt;
  }

  insertDocument(coll: number, idKey: Buffer, body: Buffer): number {
    return Number(this.#stmt.insertDocument.run(coll, idKey, body).lastInsertRowid);
  }

  updateDocument(rid: number, body: Buffer): void {
    this.#stmt.updateDocument.run(body, rid);
  }

  deleteDocument(rid: number): void {
    this.#stmt.deleteDocument.run(rid);
  }

  listIndexes(coll: number): StoredIndex[] {
    return this.#stmt.listIndexes
      .all(coll)
      .map((row) => ({ ix: row.ix, spec: deserialize(row.spec), multikey: row.multikey === 1 }));
  }

  /** Records an index; returns its `ix`. */
  putIndex(coll: number, spec: Document & { name: string }): number {
    this.catalogVersion++;
    return Number(this.#stmt.putIndex.run(coll, spec.name, encodeDocument(spec)).lastInsertRowid);
  }

  setMultikey(ix: number): void {
    this.#stmt.setMultikey.run(ix);
  }

  dropIndex(ix: number): void {
    this.catalogVersion++;
    this.#stmt.deleteIndexKeys.run(ix);
    this.#stmt.deleteIndex.run(ix);
  }

  addKey(ix: number, key: Buffer, rid: number): void {
    this.#stmt.insertKey.run(ix, key, rid);
  }

  removeKey(ix: number, key: Buffer, rid: number): void {
    this.#stmt.deleteKey.run(ix, key, rid);
  }

  /** Another document already holding `key` in index `ix`, if any. */
  keyOwner(ix: number, key: Buffer, exceptRid: number): number | undefined {
    return this.#stmt.keyOwner.get(ix, key, exceptRid)?.rid;
  }

  /** Other documents holding a key in `range` of index `ix`. */
  keyOwners(ix: number, range: { low: Buffer; high: Buffer }, exceptRid: number): number[] {
    return this.#stmt.keyOwners.all(ix, range.low, range.high, exceptRid).map((row) => row.rid);
  }

  /** A store written before ordered keys: its keys must be rebuilt (Collection.rebuildKeys). */
  #hasLegacyLayout(): boolean {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version >= FORMAT_VERSION) return false;
    const tables = this.db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => row.name);
    if (!tables.includes('documents')) return false;
    this.db.exec('DROP TABLE IF EXISTS index_keys');
    const columns = this.db.prepare<[], { name: string }>('PRAGMA table_info(indexes)').all();
    if (!columns.some((c) => c.name === 'multikey'))
      this.db.exec('ALTER TABLE indexes ADD COLUMN multikey INTEGER NOT NULL DEFAULT 0');
    return true;
  }
}
