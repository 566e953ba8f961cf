import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo } from './index.js';

const dbPath = mkdtempSync(join(tmpdir(), 'embedded-mongo-durability-'));
afterAll(() => rmSync(dbPath, { recursive: true, force: true }));

/** Runs the child until it has acknowledged `atLeast` inserts, then kill -9s it; returns every acknowledged _id. */
function insertUntilKilled(
  atLeast: number,
  mode: 'sequential' | 'concurrent' = 'sequential',
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'testing/durability-child.ts'), dbPath, mode],
      {
        cwd: join(import.meta.dirname, '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.split('\n').length > atLeast && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited without being killed: ${stderr}`));
      // Only complete lines were acknowledged before the kill.
      resolve(output.split('\n').slice(0, -1));
    });
  });
}

describe.skipIf(process.env.MONGODB_URI)('durability', () => {
  it('keeps every acknowledged insert across kill -9', async () => {
    const acknowledged = await insertUntilKilled(150);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    const server = await startEmbeddedMongo({ dbPath, log: () => {} });
    const client = new MongoClient(server.uri);
    try {
      const coll = client.db('durability').collection('docs');
      const ids = acknowledged.map((hex) => new ObjectId(hex));
      expect(await coll.countDocuments({ _id: { $in: ids } })).toBe(ids.length);
      const stored = await coll.countDocuments();
      // At most the one insert in flight at the kill may have committed without being acknowledged.
      expect(stored - ids.length).toBeLessThanOrEqual(1);
      const last = await coll.findOne({ _id: ids.at(-1) });
      expect(last?.i).toBe(ids.length - 1);
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('keeps every insert acknowledged with j: true by 20 concurrent writers across kill -9', async () => {
    const acknowledged = await insertUntilKilled(400, 'concurrent');
    const server = await startEmbeddedMongo({ dbPath, log: () => {} });
    const client = new MongoClient(server.uri);
    try {
      const coll = client.db('durability').collection('docs');
      const ids = acknowledged.map((hex) => new ObjectId(hex));
      expect(await coll.countDocuments({ _id: { $in: ids } })).toBe(ids.length);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});

describe('group commit', () => {
  it('acknowledges concurrent j: true writes after fsyncs they share', async () => {
    // On disk, so there is a journal to fsync (or a real MongoDB when MONGODB_URI is set).
    const external = process.env.MONGODB_URI;
    const dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-group-'));
    const server = external ? undefined : await startEmbeddedMongo({ dbPath: dir, log: () => {} });
    const client = new MongoClient(external ?? (server?.uri as string), { maxPoolSize: 60 });
    const db = client.db(`group_${Date.now()}`);
    try {
      const syncsSoFar = async () => {
        const reply = await client.db('admin').command({ serverStatus: 1 });
        return Number(reply.wiredTiger?.log?.['log sync operations'] ?? Number.NaN);
      };
      const coll = db.collection('journaled');
      await coll.insertOne({ warm: true }, { writeConcern: { j: true } });
      const before = await syncsSoFar();
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => coll.insertOne({ i }, { writeConcern: { j: true } })),
      );
      const syncs = (await syncsSoFar()) - before;
      expect(await coll.countDocuments({ i: { $exists: true } })).toBe(50);
      // Each acknowledgement waited for an fsync, and the 50 writers shared far fewer than 50 of them.
      expect(syncs).toBeGreaterThanOrEqual(1);
      expect(syncs).toBeLessThan(25);
    } finally {
      await db.dropDatabase();
      await client.close();
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
