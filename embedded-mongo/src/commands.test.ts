import { Long } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type TestTarget } from './testing/target.js';

let target: TestTarget;
beforeAll(async () => {
  target = await openTarget();
});
afterAll(async () => {
  await target.close();
});

describe('handshake and server commands', () => {
  it('answers hello, isMaster, ping, buildInfo and getParameter', async () => {
    const admin = target.client.db('admin');
    const hello = await admin.command({ hello: 1 });
    expect(hello.ok).toBe(1);
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(21);
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    expect(hello.maxMessageSizeBytes).toBe(48_000_000);
    expect(hello.maxWriteBatchSize).toBe(100_000);
    expect(hello.logicalSessionTimeoutMinutes).toBe(30);
    expect(hello.localTime).toBeInstanceOf(Date);
    expect(typeof hello.connectionId).toBe('number');
    expect(hello.setName).toBeUndefined();
    expect((await admin.command({ isMaster: 1 })).ismaster).toBe(true);
    expect(await admin.command({ ping: 1 })).toMatchObject({ ok: 1 });
    const build = await admin.command({ buildInfo: 1 });
    expect(build.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(build.versionArray[0]).toBeGreaterThanOrEqual(7);
    const fcv = await admin.command({ getParameter: 1, featureCompatibilityVersion: 1 });
    expect(typeof fcv.featureCompatibilityVersion.version).toBe('string');
  });

  it('rejects unknown commands with CommandNotFound', async () => {
    const err = await target.db.command({ nonsense: 1 }).catch((e) => e);
    expect(err.code).toBe(59);
    expect(err.codeName).toBe('CommandNotFound');
    expect(err.errmsg).toBe("no such command: 'nonsense'");
  });

  it('refuses transactions on a standalone server', async () => {
    const coll = target.coll('txn');
    await coll.insertOne({ before: true });
    const session = target.client.startSession();
    try {
      session.startTransaction();
      const err = await coll.insertOne({ inTxn: true }, { session }).catch((e) => e);
      // The driver wraps the server's refusal in a "retryable writes not supported" error.
      const refusal = err.originalError ?? err;
      expect(refusal.code).toBe(20);
      expect(refusal.codeName).toBe('IllegalOperation');
      expect(refusal.message).toContain(
        'Transaction numbers are only allowed on a replica set member or mongos',
      );
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect(await coll.countDocuments({ inTxn: true })).toBe(0);
    const raw = await target.db
      .command({ find: 'txn', txnNumber: Long.fromNumber(1), startTransaction: true, autocommit: false })
      .catch((e) => e);
    expect(raw.code).toBe(20);
  });

  it('accepts session and concern fields on ordinary commands', async () => {
    const coll = target.coll('sessions');
    await target.client.withSession(async (session) => {
      await coll.insertOne({ a: 1 }, { session, writeConcern: { w: 1 } });
      expect(
        await coll.findOne(
          { a: 1 },
          { session, readConcern: { level: 'local' }, comment: 'hi', maxTimeMS: 5000 },
        ),
      ).toMatchObject({ a: 1 });
    });
    expect(await target.client.db('admin').command({ endSessions: [] })).toMatchObject({ ok: 1 });
  });
});

describe('collections and databases', () => {
  it('creates, lists and drops collections', async () => {
    const db = target.db;
    await db.createCollection('alpha');
    await db.collection('beta').insertOne({ x: 1 });
    const exists = await db.createCollection('alpha').catch((e) => e);
    expect(exists.code).toBe(48);
    const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
    expect(names).toEqual(expect.arrayContaining(['alpha', 'beta']));
    const filtered = await db.listCollections({ name: 'beta' }).toArray();
    expect(filtered).toHaveLength(1);
    expect(filtered[0]).toMatchObject({ name: 'beta', type: 'collection' });
    const nameOnly = await db.listCollections({ name: 'alpha' }, { nameOnly: true }).toArray();
    expect(nameOnly).toEqual([{ name: 'alpha', type: 'collection' }]);
    expect(await db.collection('beta').drop()).toBe(true);
    expect((await db.listCollections({ name: 'beta' }).toArray()).length).toBe(0);
    expect(await db.collection('beta').countDocuments()).toBe(0);
  });

  it('lists and drops databases', async () => {
    const admin = target.client.db('admin');
    const other = target.client.db(`${target.db.databaseName}_b`);
    await other.collection('c').insertOne({ x: 1 });
    await target.coll('c').insertOne({ x: 1 });
    const listed = await admin.command({ listDatabases: 1 });
    const names = listed.databases.map((d: { name: string }) => d.name);
    expect(names).toEqual(expect.arrayContaining([target.db.databaseName, other.databaseName]));
    expect(typeof listed.totalSize).toBe('number');
    const nameOnly = await admin.command({ listDatabases: 1, nameOnly: true });
    expect(Object.keys(nameOnly.databases[0])).toEqual(['name']);
    const filtered = await admin.command({ listDatabases: 1, filter: { name: other.databaseName } });
    expect(filtered.databases.map((d: { name: string }) => d.name)).toEqual([other.databaseName]);
    expect(await other.dropDatabase()).toBe(true);
    const after = await target.client.db('admin').admin().listDatabases();
    expect(after.databases.map((d) => d.name)).not.toContain(other.databaseName);
    expect(await other.collection('c').countDocuments()).toBe(0);
  });
});
