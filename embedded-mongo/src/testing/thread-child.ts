// Child process of thread.test.ts: serves dbPath from a store thread, prints its port, then each acknowledged insert's _id.
import { MongoClient } from 'mongodb';
import { startEmbeddedMongoThread } from '../index.js';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: thread-child <dbPath>');
const server = await startEmbeddedMongoThread({ dbPath, log: () => {} });
process.stdout.write(`${server.port}\n`);
const client = await MongoClient.connect(server.uri);
const coll = client.db('thread').collection('docs');
for (let i = 0; ; i++) {
  const { insertedId } = await coll.insertOne({ i, at: new Date() });
  process.stdout.write(`${insertedId.toHexString()}\n`);
}
