import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPrivateRedis } from '@rapport/core';
import { startEmbeddedMongoThread } from '@rapport/embedded-mongo';
import type { TestProject } from 'vitest/node';
import './index.js';

/** Starts the services once per `npm test` run; each test file then builds apps against them. */
export default async function setup(project: TestProject) {
  const stops: (() => Promise<void>)[] = [];
  let mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) {
    const dbPath = mkdtempSync(path.join(tmpdir(), 'rapport-test-mongo-'));
    // Off vitest's main thread, as `rapport serve` runs it: a long query must not stall the runner.
    const mongo = await startEmbeddedMongoThread({ dbPath });
    stops.push(async () => {
      await mongo.stop();
      rmSync(dbPath, { recursive: true, force: true });
    });
    mongoUri = mongo.uri;
  }
  const redis = await startPrivateRedis();
  stops.push(redis.stop);
  project.provide('mongoUri', mongoUri);
  project.provide('redisUrl', redis.url);
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
