import { randomUUID } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../index.js';

export interface TestTarget {
  client: MongoClient;
  db: Db;
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
    close: async () => {
      await db.dropDatabase();
      await client.close();
      await server?.stop();
    },
  };
}
