#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedMongo } from '@rapport/embedded-mongo';
import { buildApp } from './app.js';
import { firstStart } from './bootstrap.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { drainHttp } from './infra/drain-http.js';
import { assertNoEviction, startPrivateRedis } from './infra/redis-server.js';

const USAGE = `usage: rapport <command>
  serve    the API, the UIs and the job worker (default)
  worker   the job worker only (scale out beside serve)`;

type Stop = () => Promise<void>;

// Kept in the data folder so sessions survive a restart; production sets SESSION_SECRET.
function sessionSecretOf(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function startServices(config: Config, stops: Stop[]): Promise<{ mongoUri: string; redisUrl: string }> {
  let mongoUri = config.mongodbUri;
  if (!mongoUri) {
    const embedded = await startEmbeddedMongo({ dbPath: path.join(config.dataDir, 'mongo') });
    stops.push(embedded.stop);
    mongoUri = embedded.uri;
  }
  const external = config.redisUrl;
  if (external) {
    await assertNoEviction(external).catch((err: Error) => {
      throw new ConfigError(`REDIS_URL (${external}): ${err.message}`);
    });
    return { mongoUri, redisUrl: external };
  }
  const redis = await startPrivateRedis({ dir: path.join(config.dataDir, 'redis') });
  stops.push(redis.stop);
  return { mongoUri, redisUrl: redis.url };
}

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'serve';
  if (command !== 'serve' && command !== 'worker') {
    console.error(USAGE);
    process.exit(2);
  }
  const stops: Stop[] = [];
  let stopping = false;
  // Last started, first stopped: the app (requests, then workers, then queues) before its stores.
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((err) => console.error(err));
  };

  try {
    const config = loadConfig();
    mkdirSync(config.dataDir, { recursive: true });
    const services = await startServices(config, stops);
    const app = await buildApp({
      ...services,
      sessionSecret: sessionSecretOf(config),
      sessionIdleMinutes: config.sessionIdleMinutes,
      sessionMaxHours: config.sessionMaxHours,
      trustProxy: config.trustProxy,
      worker: true,
      ui: command === 'serve',
      logger: { level: config.logLevel },
    });
    stops.push(() => app.close());

    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      app.log.info({ signal }, 'shutting down: finishing requests, closing workers, then queues and stores');
      const force = setTimeout(() => process.exit(1), 30_000);
      force.unref();
      // Requests first: app.close() alone answers 503 to those already sent on open connections and
      // waits for connections left idle by the answers under way, until the 30 s limit.
      if (app.server.listening) await drainHttp(app.server, 2000);
      await stopAll();
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));

    await app.ready();
    if (command === 'worker') {
      app.log.info('worker running');
      return;
    }
    const created = await firstStart(app, {
      adminEmail: config.adminEmail,
      adminPassword: config.adminPassword,
      demoData: config.demoData,
    });
    await app.listen({ port: config.port, host: config.host });
    const address = `http://${config.host}:${config.port}`;
    const lines = [
      '',
      `Rapport is running at ${address}/  (admin console ${address}/admin/, API docs ${address}/docs)`,
      `  MongoDB: ${config.mongodbUri ? 'MONGODB_URI' : `embedded, data in ${path.join(config.dataDir, 'mongo')}`}`,
      `  Redis:   ${config.redisUrl ? 'REDIS_URL' : `private redis-server, data in ${path.join(config.dataDir, 'redis')}`}`,
    ];
    if (created.length > 0) {
      lines.push('  First start: these accounts were created (passwords are shown only now):');
      for (const c of created) {
        const password = config.adminPassword ? '(ADMIN_PASSWORD)' : c.password;
        lines.push(
          `    ${c.role.padEnd(18)} ${c.email.padEnd(32)} ${password}${c.institution ? `  ${c.institution}` : ''}`,
        );
      }
    } else {
      lines.push(`  Sign in as ${config.adminEmail} (password set at first start)`);
    }
    console.log(`${lines.join('\n')}\n`);
  } catch (err) {
    await stopAll();
    if (err instanceof ConfigError || (err instanceof Error && err.name === 'RedisServerMissingError')) {
      console.error(`Rapport cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

await main();
