import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, startEmbeddedMongo, startEmbeddedMongoThread } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'embedded-mongo-thread-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `db${n++}`);

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Runs testing/thread-child.ts until `atLeast` inserts are acknowledged, then kill -9s it. */
function killChildAfter(dbPath: string, atLeast: number): Promise<{ port: number; ids: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'testing/thread-child.ts'), dbPath],
      { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.split('\n').length > atLeast + 1 && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited without being killed: ${stderr}`));
      const [port, ...ids] = output.split('\n').slice(0, -1);
      resolve({ port: Number(port), ids });
    });
  });
}

describe.skipIf(process.env.MONGODB_URI)('startEmbeddedMongoThread', () => {
  it('serves the driver from a worker thread and closes SQLite cleanly on stop', async () => {
    const dbPath = freshDir();
    const server = await startEmbeddedMongoThread({ dbPath, log: () => {} });
    const client = await MongoClient.connect(server.uri);
    await client
      .db('t')
      .collection('docs')
      .insertMany([{ a: 1 }, { a: 2 }]);
    await client.close();
    await server.stop();
    await server.stop();
    expect(await listening(server.port), 'the port is released once stop() resolves').toBe(false);
    // The WAL file goes away only when the last connection closes cleanly.
    expect(existsSync(join(dbPath, `${DB_FILE_NAME}-wal`)), 'SQLite closed, WAL checkpointed').toBe(false);

    const again = await startEmbeddedMongo({ dbPath, log: () => {} });
    const reader = await MongoClient.connect(again.uri);
    try {
      expect(await reader.db('t').collection('docs').countDocuments()).toBe(2);
    } finally {
      await reader.close();
      await again.stop();
    }
  });

  it('rejects with the reason when the store cannot start', async () => {
    const first = await startEmbeddedMongoThread({ inMemory: true, log: () => {} });
    try {
      await expect(
        startEmbeddedMongoThread({ inMemory: true, port: first.port, log: () => {} }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.stop();
    }
    // Two servers on one directory would each cache the catalog and corrupt each other's indexes.
    const dbPath = join(root, 'shared');
    const owner = await startEmbeddedMongoThread({ dbPath, log: () => {} });
    try {
      await expect(startEmbeddedMongoThread({ dbPath, log: () => {} })).rejects.toThrow(
        /in use by another embedded-mongo server/,
      );
    } finally {
      await owner.stop();
    }
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    await expect(startEmbeddedMongoThread({ dbPath: join(file, 'mongo'), log: () => {} })).rejects.toThrow(
      /ENOTDIR/,
    );
  });

  it("hands the thread's log lines to the caller's log", async () => {
    const lines: string[] = [];
    const server = await startEmbeddedMongoThread({ inMemory: true, log: (line) => lines.push(line) });
    try {
      // Half a message header, then the end of the connection: the store logs it.
      await new Promise<void>((resolve) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.end(Buffer.from([1, 2, 3, 4])));
        socket.once('close', () => resolve());
      });
      await expect.poll(() => lines.join('\n')).toMatch(/connection \d+/);
    } finally {
      await server.stop();
    }
  });

  it('dies with its process on kill -9, keeping every acknowledged insert and leaving the port free', async () => {
    const dbPath = freshDir();
    const { port, ids } = await killChildAfter(dbPath, 50);
    expect(ids.length).toBeGreaterThanOrEqual(50);
    expect(await listening(port), 'nothing holds the port once the process is gone').toBe(false);
    const server = await startEmbeddedMongo({ dbPath, log: () => {} });
    const client = await MongoClient.connect(server.uri);
    try {
      const acknowledged = ids.map((hex) => new ObjectId(hex));
      expect(
        await client
          .db('thread')
          .collection('docs')
          .countDocuments({ _id: { $in: acknowledged } }),
      ).toBe(acknowledged.length);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});
