// Child process of durability.test.ts: serves dbPath and prints each insert's _id once acknowledged.
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../index.js';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: durability-child <dbPath>');
const server = await startEmbeddedMongo({ dbPath, log: () => {} });
const client = new MongoClient(server.uri);
await client.connect();
const coll = client.db('durability').collection('docs');
for (let i = 0; ; i++) {
  const { insertedId } = await coll.insertOne({ i, payload: 'x'.repeat(200), at: new Date() });
  process.stdout.write(`${insertedId.toHexString()}\n`);
}
