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

export const DB_FILE_NAME = 'embedded-mongo.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS collections (
  id INTEGER PRIMARY KEY, db TEXT NOT NULL, name TEXT NOT NULL, options BLOB NOT NULL, UNIQUE (db, name));
CREATE TABLE IF NOT EXISTS documents (
  rid INTEGER PRIMARY KEY, coll INTEGER NOT NULL, idkey BLOB NOT NULL, body BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS documents_by_id ON documents (coll, idkey);
CREATE INDEX IF NOT EXISTS documents_by_coll ON documents (coll);
CREATE TABLE IF NOT EXISTS indexes (
  coll INTEGER NOT NULL, name TEXT NOT NULL, spec BLOB NOT NULL, PRIMARY KEY (coll, name));
CREATE TABLE IF NOT EXISTS index_keys (
  coll INTEGER NOT NULL, name TEXT NOT NULL, key BLOB NOT NULL, rid INTEGER NOT NULL,
  PRIMARY KEY (coll, name, key, rid)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS index_keys_by_rid ON index_keys (rid);
`;

/** SQLite persistence: every document is a BSON blob keyed by its collection and canonical _id. */
export class Storage {
  readonly #db: Database.Database;
  readonly #stmt;
  // Built once: creating a better-sqlite3 transaction wrapper per call is costly.
  readonly #inTransaction: (fn: () => unknown) => unknown;

  constructor(options: { dbPath?: string; inMemory?: boolean }) {
    let file = ':memory:';
    if (!options.inMemory) {
      if (!options.dbPath) throw new Error('startEmbeddedMongo needs dbPath unless inMemory is true');
      mkdirSync(options.dbPath, { recursive: true });
      file = join(options.dbPath, DB_FILE_NAME);
    }
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before the write is acknowledged, so it survives kill -9 and power loss.
    this.#db.pragma('synchronous = FULL');
    this.#db.exec(SCHEMA);
    const db = this.#db;
    this.#inTransaction = db.transaction((fn: () => unknown) => fn());
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
      deleteCollection: db.prepare<[number]>('DELETE FROM collections WHERE id = ?'),
      deleteAllDocuments: db.prepare<[number]>('DELETE FROM documents WHERE coll = ?'),
      deleteAllIndexes: db.prepare<[number]>('DELETE FROM indexes WHERE coll = ?'),
      deleteAllIndexKeys: db.prepare<[number]>('DELETE FROM index_keys WHERE coll = ?'),
      scan: db.prepare<[number], DocumentRow>('SELECT rid, body FROM documents WHERE coll = ? ORDER BY rid'),
      count: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM documents WHERE coll = ?'),
      byId: db.prepare<[number, Buffer], DocumentRow>(
        'SELECT rid, body FROM documents WHERE coll = ? AND idkey = ?',
      ),
      byIndexKey: db.prepare<[number, string, Buffer], DocumentRow>(
        `SELECT d.rid AS rid, d.body AS body FROM index_keys k JOIN documents d ON d.rid = k.rid
         WHERE k.coll = ? AND k.name = ? AND k.key = ? ORDER BY d.rid`,
      ),
      insertDocument: db.prepare<[number, Buffer, Buffer]>(
        'INSERT INTO documents (coll, idkey, body) VALUES (?, ?, ?)',
      ),
      updateDocument: db.prepare<[Buffer, number]>('UPDATE documents SET body = ? WHERE rid = ?'),
      deleteDocument: db.prepare<[number]>('DELETE FROM documents WHERE rid = ?'),
      listIndexes: db.prepare<[number], { spec: Buffer }>(
        'SELECT spec FROM indexes WHERE coll = ? ORDER BY rowid',
      ),
      putIndex: db.prepare<[number, string, Buffer]>(
        'INSERT INTO indexes (coll, name, spec) VALUES (?, ?, ?)',
      ),
      deleteIndex: db.prepare<[number, string]>('DELETE FROM indexes WHERE coll = ? AND name = ?'),
      deleteIndexKeys: db.prepare<[number, string]>('DELETE FROM index_keys WHERE coll = ? AND name = ?'),
      insertIndexKey: db.prepare<[number, string, Buffer, number]>(
        'INSERT OR IGNORE INTO index_keys (coll, name, key, rid) VALUES (?, ?, ?, ?)',
      ),
      deleteKeysOfDocument: db.prepare<[number]>('DELETE FROM index_keys WHERE rid = ?'),
      keyOwner: db.prepare<[number, string, Buffer, number], { rid: number }>(
        'SELECT rid FROM index_keys WHERE coll = ? AND name = ? AND key = ? AND rid <> ? LIMIT 1',
      ),
    };
  }

  /** Runs `fn` atomically; nested calls become savepoints. */
  transaction<T>(fn: () => T): T {
    return this.#inTransaction(fn) as T;
  }

  close(): void {
    this.#db.close();
  }

  findCollection(db: string, name: string): CollectionInfo | undefined {
    const row = this.#stmt.findCollection.get(db, name);
    return row && { id: row.id, db, name, options: deserialize(row.options) };
  }

  createCollection(db: string, name: string, options: Document): CollectionInfo {
    const id = Number(this.#stmt.insertCollection.run(db, name, encodeDocument(options)).lastInsertRowid);
    return { id, db, name, options };
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
    this.#stmt.deleteAllIndexKeys.run(coll);
    this.#stmt.deleteAllIndexes.run(coll);
    this.#stmt.deleteAllDocuments.run(coll);
    this.#stmt.deleteCollection.run(coll);
  }

  scan(coll: number): DocumentRow[] {
    return this.#stmt.scan.all(coll);
  }

  count(coll: number): number {
    return this.#stmt.count.get(coll)?.n ?? 0;
  }

  byId(coll: number, idKey: Buffer): DocumentRow | undefined {
    return this.#stmt.byId.get(coll, idKey);
  }

  byIndexKey(coll: number, indexName: string, key: Buffer): DocumentRow[] {
    return this.#stmt.byIndexKey.all(coll, indexName, key);
  }

  insertDocument(coll: number, idKey: Buffer, body: Buffer): number {
    return Number(this.#stmt.insertDocument.run(coll, idKey, body).lastInsertRowid);
  }

  updateDocument(rid: number, body: Buffer): void {
    this.#stmt.updateDocument.run(body, rid);
  }

  deleteDocument(rid: number): void {
    this.#stmt.deleteKeysOfDocument.run(rid);
    this.#stmt.deleteDocument.run(rid);
  }

  listIndexes(coll: number): Document[] {
    return this.#stmt.listIndexes.all(coll).map((row) => deserialize(row.spec));
  }

  putIndex(coll: number, spec: Document & { name: string }): void {
    this.#stmt.putIndex.run(coll, spec.name, encodeDocument(spec));
  }

  dropIndex(coll: number, name: string): void {
    this.#stmt.deleteIndexKeys.run(coll, name);
    this.#stmt.deleteIndex.run(coll, name);
  }

  addIndexKey(coll: number, indexName: string, key: Buffer, rid: number): void {
    this.#stmt.insertIndexKey.run(coll, indexName, key, rid);
  }

  removeIndexKeys(rid: number): void {
    this.#stmt.deleteKeysOfDocument.run(rid);
  }

  /** Another document already holding `key` in the index, if any. */
  keyOwner(coll: number, indexName: string, key: Buffer, exceptRid: number): number | undefined {
    return this.#stmt.keyOwner.get(coll, indexName, key, exceptRid)?.rid;
  }
}
