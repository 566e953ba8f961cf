import fp from 'fastify-plugin';
import { type Db, MongoClient } from 'mongodb';

declare module 'fastify' {
  interface FastifyInstance {
    mongo: { client: MongoClient; db: Db };
  }
}

export interface MongoPluginOptions {
  uri: string;
  /** @defaultValue the database named in the URI, else 'rapport' */
  dbName?: string;
}

export default fp<MongoPluginOptions>(
  async (app, opts) => {
    // Fail fast at start-up rather than queueing requests against an absent server.
    const client = new MongoClient(opts.uri, { serverSelectionTimeoutMS: 10_000, appName: 'rapport' });
    await client.connect();
    const db = client.db(
      opts.dbName ?? (new URL(opts.uri.replace(/^mongodb(\+srv)?:/, 'http:')).pathname.slice(1) || 'rapport'),
    );
    app.decorate('mongo', { client, db });
    app.addHook('onClose', async () => {
      await client.close();
    });
  },
  { name: 'mongo' },
);
