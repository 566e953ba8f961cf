// npm run api-types: writes ui-shared/src/api/server-api.ts from a server built in this process.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp, startPrivateRedis } from '@rapport/core';
import { startEmbeddedMongo } from '@rapport/embedded-mongo';
import { API_TYPES_FILE, renderApiTypes } from '../kit/api-types.js';

const mongo = await startEmbeddedMongo({ inMemory: true });
const redis = await startPrivateRedis();
try {
  const app = await buildApp({
    mongoUri: mongo.uri,
    redisUrl: redis.url,
    sessionSecret: randomBytes(32).toString('hex'),
    ui: false,
  });
  await app.ready();
  writeFileSync(API_TYPES_FILE, await renderApiTypes(app));
  await app.close();
  console.log(`wrote ${path.relative(process.cwd(), API_TYPES_FILE)}`);
} finally {
  await redis.stop();
  await mongo.stop();
}
