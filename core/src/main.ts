#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { startEmbeddedMongoThread } from '@rapport/embedded-mongo';
import { MongoClient, ObjectId } from 'mongodb';
import { buildApp } from './app.js';
import { BackupError } from './backup/archive-format.js';
import { exportInstitution } from './backup/export-institution.js';
import { importInstitution } from './backup/import-institution.js';
import { firstStart } from './bootstrap.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { drainHttp } from './infra/drain-http.js';
import { assertNoEviction, startPrivateRedis } from './infra/redis-server.js';

const USAGE = `usage: rapport <command>
  serve    the API, the UIs and the job worker (default)
  worker   the job worker only (scale out beside serve)
  export --institution <id> [--out <file>]
           one institution's documents to a gzipped archive (default rapport-<code>-<date>.jsonl.gz)
  import <file>
           an archive into this platform; refused if the institution, its code or a user's email exists
  export and import use MONGODB_URI, else the embedded store under DATA_DIR: stop Rapport first then.`;

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
    // A thread of its own: a long scan in the store must not stop HTTP or the BullMQ workers. Without
    // its store the platform can only fail every request: it exits, for its supervisor to restart it.
    const embedded = await startEmbeddedMongoThread({
      dbPath: path.join(config.dataDir, 'mongo'),
      onDown: () => {
        console.error('Rapport stops: the embedded MongoDB store ended (see the line above)');
        process.exit(1);
      },
    });
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

/** `export` and `import`: the store only, as serve would reach it; no Redis, no app. */
async function backup(command: 'export' | 'import', args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { institution: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
  });
  const institution = values.institution ?? '';
  if (command === 'export' ? !ObjectId.isValid(institution) : positionals.length !== 1) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  const stops: Stop[] = [];
  try {
    let mongoUri = config.mongodbUri;
    if (!mongoUri) {
      const embedded = await startEmbeddedMongoThread({ dbPath: path.join(config.dataDir, 'mongo') });
      stops.push(embedded.stop);
      mongoUri = embedded.uri;
    }
    const client = await MongoClient.connect(mongoUri, {
      serverSelectionTimeoutMS: 10_000,
      appName: 'rapport-backup',
    });
    stops.push(() => client.close());
    // The database serve uses: the one named in the URI, else 'rapport' (infra/mongo.ts).
    const db = client.db(
      new URL(mongoUri.replace(/^mongodb(\+srv)?:/, 'http:')).pathname.slice(1) || 'rapport',
    );
    if (command === 'export') {
      const found = await db.collection('institutions').findOne({ _id: new ObjectId(institution) });
      if (!found) throw new BackupError(`no institution ${institution} in this platform`);
      const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      const out = path.resolve(values.out ?? `rapport-${found.code}-${day}.jsonl.gz`);
      try {
        await pipeline(exportInstitution(db, found._id), createWriteStream(out, { mode: 0o600 }));
      } catch (err) {
        rmSync(out, { force: true });
        throw err;
      }
      console.log(`institution ${found.code} (${institution}) exported to ${out}`);
    } else {
      const file = path.resolve(positionals[0] as string);
      const report = await importInstitution(db, createReadStream(file));
      const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
      console.log(
        `institution ${report.institution.code} (${report.institution.id}) imported from ${file}: ${total} documents in ${Object.keys(report.counts).length} collections (written by Rapport ${report.coreVersion})`,
      );
    }
  } catch (err) {
    if (err instanceof BackupError || err instanceof ConfigError) {
      console.error(`rapport ${command}: ${err.message}`);
      process.exitCode = 1;
    } else throw err;
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err) => console.error(err));
  }
}

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'serve';
  if (command === 'export' || command === 'import') return backup(command, process.argv.slice(3));
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
      auditMinIntervalSeconds: config.auditMinIntervalSeconds,
      worker: true,
      ui: command === 'serve',
      logger: { level: config.logLevel },
      // Read here rather than in Config: only the metrics plugin needs it, and it is optional.
      metricsToken: process.env.METRICS_TOKEN || undefined,
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
