import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type EmbeddedMongo, startEmbeddedMongo, startEmbeddedMongoThread } from '@rapport/embedded-mongo';
import Fastify from 'fastify';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { sleep } from '../kit/fault-load.js';

// The embedded store answers each command synchronously: where it runs decides what a long scan blocks.
// `rapport serve` runs it in a thread of its own; the control runs it on the API's event loop.
const DOCS = 200_000;
const BATCH = 10_000;
const SCANS = 3;
/** A scan must last at least this long for the comparison to mean anything. */
const MIN_SCAN_MS = 300;
/** Every request to the unrelated route answers within this, whatever the store is doing. */
const MAX_HTTP_MS = 100;

const dbPath = mkdtempSync(path.join(tmpdir(), 'rapport-store-scan-'));
afterAll(() => rmSync(dbPath, { recursive: true, force: true }));

interface Measured {
  scansMs: number[];
  httpMs: number[];
}

const max = (values: number[]) => Math.max(...values);
const ms = (values: number[]) => values.map((v) => Math.round(v)).join(', ');

async function seed(uri: string): Promise<void> {
  const client = await MongoClient.connect(uri);
  try {
    const docs = client.db('scan').collection('docs');
    for (let from = 0; from < DOCS; from += BATCH) {
      await docs.insertMany(
        Array.from({ length: BATCH }, (_, k) => ({ i: from + k, x: `value-${from + k}`, group: k % 100 })),
        { ordered: false },
      );
    }
  } finally {
    await client.close();
  }
}

/** SCANS unindexed queries over the whole collection, one after another, while an HTTP route is timed. */
async function measure(store: EmbeddedMongo): Promise<Measured> {
  const app = Fastify();
  app.get('/ping', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/ping`;
  const client = await MongoClient.connect(store.uri);
  const docs = client.db('scan').collection('docs');
  try {
    await (await fetch(url)).text();
    const scansMs: number[] = [];
    let scanning = true;
    const scans = (async () => {
      for (let n = 0; n < SCANS; n++) {
        const started = performance.now();
        const found = await docs.find({ x: { $regex: 'nomatch' } }).toArray();
        scansMs.push(performance.now() - started);
        expect(found).toEqual([]);
      }
    })().finally(() => {
      scanning = false;
    });
    const httpMs: number[] = [];
    while (scanning) {
      const started = performance.now();
      const res = await fetch(url);
      await res.text();
      httpMs.push(performance.now() - started);
      expect(res.status).toBe(200);
      await sleep(10);
    }
    await scans;
    return { scansMs, httpMs };
  } finally {
    await client.close();
    await app.close();
  }
}

describe.skipIf(process.env.MONGODB_URI)('a collection scan in the embedded store', () => {
  it('does not delay an unrelated HTTP request when the store runs in its own thread; on the event loop it does', async () => {
    const thread = await startEmbeddedMongoThread({ dbPath, log: () => {} });
    let offLoop: Measured;
    try {
      await seed(thread.uri);
      offLoop = await measure(thread);
    } finally {
      await thread.stop();
    }
    const inProcess = await startEmbeddedMongo({ dbPath, log: () => {} });
    let onLoop: Measured;
    try {
      onLoop = await measure(inProcess);
    } finally {
      await inProcess.stop();
    }
    console.log(
      `store scan over ${DOCS} documents vs GET /ping (ms)\n` +
        `  own thread: scans ${ms(offLoop.scansMs)}; ${offLoop.httpMs.length} requests, max ${Math.round(max(offLoop.httpMs))}\n` +
        `  in-process: scans ${ms(onLoop.scansMs)}; ${onLoop.httpMs.length} requests, max ${Math.round(max(onLoop.httpMs))}`,
    );

    expect(
      Math.min(...offLoop.scansMs),
      `each scan should take over ${MIN_SCAN_MS} ms for this test to mean anything; raise DOCS`,
    ).toBeGreaterThan(MIN_SCAN_MS);
    expect(offLoop.httpMs.length, 'requests were answered all along the scans').toBeGreaterThanOrEqual(
      SCANS * 5,
    );
    expect(
      max(offLoop.httpMs),
      `with the store in its own thread, every request should answer within ${MAX_HTTP_MS} ms`,
    ).toBeLessThan(MAX_HTTP_MS);
    // The control: on the event loop the same scans hold requests back for most of a scan.
    expect(
      max(onLoop.httpMs),
      'with the store on the event loop, a request should wait for a scan',
    ).toBeGreaterThan(Math.min(...onLoop.scansMs) / 2);
  }, 60_000);
});
