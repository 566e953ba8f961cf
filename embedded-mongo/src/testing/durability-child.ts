// Child process of durability.test.ts: serves dbPath and prints each insert's _id once acknowledged.
// `concurrent` runs 20 writers at once, each insert with writeConcern {j: true}.
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../index.js';

const [dbPath, mode = 'sequential'] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: durability-child <dbPath> [sequential|concurrent]');
const server = await startEmbeddedMongo({ dbPath, log: () => {} });
const client = new MongoClient(server.uri, { maxPoolSize: 25 });
await client.connect();
const coll = client.db('durability').collection('docs');

async function writer(w: number, writeConcern?: { j: boolean }): Promise<never> {
  for (let i = 0; ; i++) {
    const doc = { w, i, payload: 'x'.repeat(200), at: new Date() };
    const { insertedId } = await coll.insertOne(doc, writeConcern ? { writeConcern } : {});
    process.stdout.write(`${insertedId.toHexString()}\n`);
  }
}

if (mode === 'concurrent') await Promise.all(Array.from({ length: 20 }, (_, w) => writer(w, { j: true })));
else await writer(0);
