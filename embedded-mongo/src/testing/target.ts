import { randomUUID } from 'node:crypto';
import { type Collection, type Db, type Document, MongoClient, type ObjectId } from 'mongodb';
import { startEmbeddedMongo } from '../index.js';

/** Test documents use arbitrary _id types (numbers, strings), which the driver's default typing forbids. */
export interface TestDoc extends Document {
  _id?: ObjectId | string | number;
}

export interface TestTarget {
  client: MongoClient;
  db: Db;
  coll(name: string): Collection<TestDoc>;
  close(): Promise<void>;
}

/**
 * Connects the suite to a real MongoDB when MONGODB_URI is set, otherwise to an in-memory embedded
 * server, and gives it a fresh database that close() drops.
 */
export async function openTarget(): Promise<TestTarget> {
  const external = process.env.MONGODB_URI;
  const server = external ? undefined : await startEmbeddedMongo({ inMemory: true, log: () => {} });
  const client = new MongoClient(external ?? (server?.uri as string), { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const db = client.db(`test_${randomUUID()}`);
  return {
    client,
    db,
    coll: (name) => db.collection<TestDoc>(name),
    close: async () => {
      await db.dropDatabase();
      await client.close();
      await server?.stop();
    },
  };
}
