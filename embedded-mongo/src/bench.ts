import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from './index.js';

// Measures the durable (on-disk, synchronous=FULL) configuration through the official driver.
const dbPath = mkdtempSync(join(tmpdir(), 'embedded-mongo-bench-'));
const server = await startEmbeddedMongo({ dbPath, log: () => {} });
const client = new MongoClient(server.uri);
await client.connect();
const db = client.db('bench');
const rows: { operation: string; count: number; ms: number; 'ops/s': number }[] = [];

async function measure(operation: string, count: number, run: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  rows.push({ operation, count, ms: Math.round(ms), 'ops/s': Math.round((count / ms) * 1000) });
}

const doc = (i: number) => ({
  i,
  email: `user${i}@example.com`,
  name: `User ${i}`,
  score: i % 100,
  tags: ['a', 'b'],
});

try {
  const singles = db.collection('singles');
  await measure('insertOne (1 doc/commit)', 1000, async () => {
    for (let i = 0; i < 1000; i++) await singles.insertOne(doc(i));
  });

  const people = db.collection('people');
  await people.createIndex({ email: 1 }, { unique: true });
  await measure('insertMany (batches of 1000)', 10_000, async () => {
    for (let b = 0; b < 10; b++)
      await people.insertMany(Array.from({ length: 1000 }, (_, i) => doc(b * 1000 + i)));
  });

  const ids = (await people.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
  await measure('findOne by _id', 2000, async () => {
    for (let i = 0; i < 2000; i++) await people.findOne({ _id: ids[(i * 7919) % ids.length] });
  });
  await measure('findOne by unique indexed email', 2000, async () => {
    for (let i = 0; i < 2000; i++) await people.findOne({ email: `user${(i * 7919) % 10_000}@example.com` });
  });
  await measure('aggregate $group+$sort over 10k docs', 1, () =>
    people
      .aggregate([
        { $group: { _id: '$score', n: { $sum: 1 }, avg: { $avg: '$i' } } },
        { $sort: { n: -1, _id: 1 } },
      ])
      .toArray(),
  );
  console.table(rows);
} finally {
  await client.close();
  await server.stop();
  rmSync(dbPath, { recursive: true, force: true });
}
