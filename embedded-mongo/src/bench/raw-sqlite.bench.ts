import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BSON, ObjectId } from 'mongodb';
import { SMALL, task } from './documents.bench.js';
import { type Measure, measure } from './measure.bench.js';

// Raw better-sqlite3: the same SQLite work in the same process, the limit the store's writes and
// point reads are measured against.

/** The documents table of storage.ts, in a database of its own; BSON bodies made before timing. */
export function rawSqlite(dir: string): { normal: Measure; full: Measure; read: Measure; close: () => void } {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE documents (rid INTEGER PRIMARY KEY, coll INTEGER NOT NULL, idkey BLOB NOT NULL, body BLOB NOT NULL);
    CREATE UNIQUE INDEX documents_by_id ON documents (coll, idkey);
    CREATE INDEX documents_by_coll ON documents (coll);`);
  const insert = db.prepare('INSERT INTO documents (coll, idkey, body) VALUES (1, ?, ?)');
  const select = db.prepare('SELECT body FROM documents WHERE coll = 1 AND idkey = ?').pluck();
  const bodies = Array.from({ length: 1000 }, (_, i) => BSON.serialize(task(i)));
  // Outside an explicit transaction each INSERT is its own (autocommit) transaction.
  const one = (i: number) => insert.run(new ObjectId().id, bodies[i % bodies.length]);
  const synchronous = (mode: 'NORMAL' | 'FULL') => () => db.pragma(`synchronous = ${mode}`);
  // The point reads read 10,000 rows written up front in one transaction.
  db.transaction(() => {
    for (let i = 0; i < SMALL; i++) one(i);
  })();
  const keys = db.prepare('SELECT idkey FROM documents').pluck().all() as Buffer[];
  return {
    normal: measure('raw SQLite insert, 1 row/txn, synchronous=NORMAL', 5000, one, {
      setup: synchronous('NORMAL'),
    }),
    full: measure('raw SQLite insert, 1 row/txn, synchronous=FULL (fsync)', 100, one, {
      warmup: 10,
      setup: synchronous('FULL'),
    }),
    read: measure('raw SQLite point read (body by key, 10k rows)', 20_000, (i) =>
      select.get(keys[(i * 7919) % keys.length]),
    ),
    close: () => db.close(),
  };
}
