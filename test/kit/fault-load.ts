import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, type PrivateRedis, startPrivateRedis } from '@rapport/core';
import { startEmbeddedMongo } from '@rapport/embedded-mongo';
import { type Db, MongoClient } from 'mongodb';
import { inject } from 'vitest';
import { newForm } from './forms.js';
import { PASSWORD } from './index.js';
import { withPath } from './rapport-process.js';

/** An answer, or how the request failed before one came. */
export type Outcome = { status: number; body: unknown } | { error: string };

/** The code of a failed fetch (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, TimeoutError…). */
function errorCode(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  return e.cause?.code ?? e.code ?? e.cause?.name ?? e.name ?? String(err);
}

/** One HTTP request to a running `rapport serve`, as a browser or script would send it. */
export async function call(
  base: string,
  method: string,
  url: string,
  options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Outcome> {
  try {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: kept as text for the failure message.
    }
    return { status: res.status, body };
  } catch (err) {
    return { error: errorCode(err) };
  }
}

export async function signIn(base: string, email: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('rapport_sid='));
  if (res.status !== 200 || !cookie) throw new Error(`login as ${email} answered ${res.status}`);
  return cookie.split(';')[0] as string;
}

async function expectStatus(
  what: string,
  outcome: Outcome,
  status: number,
): Promise<Record<string, unknown>> {
  if (!('status' in outcome) || outcome.status !== status)
    throw new Error(`${what}: expected ${status}, got ${JSON.stringify(outcome)}`);
  return outcome.body as Record<string, unknown>;
}

/** Where a `rapport serve` under test keeps its data, and the environment that points it there. */
export interface ServeSite {
  port: number;
  base: string;
  env: Record<string, string>;
  adminEmail: string;
  /** A raw driver connection to the database the process wrote to; only once it has stopped when embedded. */
  openDb(): Promise<{ db: Db; close(): Promise<void> }>;
  /** Stops the Redis and removes the data folder. */
  remove(): Promise<void>;
}

/**
 * A port, a data folder and a private Redis for `rapport serve` processes: the store is the embedded
 * one in a thread of the process (DATA_DIR/mongo), or a fresh database of MONGODB_URI when the run has one.
 */
export async function serveSite(): Promise<ServeSite> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-faults-serve-'));
  const redis: PrivateRedis = await startPrivateRedis();
  const port = await freePort();
  const adminEmail = 'root@faults.test';
  const external = process.env.MONGODB_URI;
  const dbName = `faults_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    REDIS_URL: redis.url,
    // Fixed, so sessions signed before a restart are still good after it.
    SESSION_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: PASSWORD,
    DEMO_DATA: 'false',
    LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
    ...(external ? { MONGODB_URI: withPath(inject('mongoUri'), `/${dbName}`) } : {}),
  };
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    env,
    adminEmail,
    openDb: async () => {
      if (external) {
        const client = await MongoClient.connect(inject('mongoUri'));
        return {
          db: client.db(dbName),
          close: async () => {
            await client.db(dbName).dropDatabase();
            await client.close();
          },
        };
      }
      const store = await startEmbeddedMongo({ dbPath: path.join(dataDir, 'mongo'), log: () => {} });
      const client = await MongoClient.connect(store.uri);
      return {
        db: client.db('rapport'),
        close: async () => {
          await client.close();
          await store.stop();
        },
      };
    },
    remove: async () => {
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Through the API of a running serve: an institution, a manager and a published form managers fill. */
export async function seedThroughApi(site: ServeSite, code: string) {
  const root = await signIn(site.base, site.adminEmail);
  const institution = await expectStatus(
    'create institution',
    await call(site.base, 'POST', '/api/institutions', {
      cookie: root,
      body: { code, name: { zh: `${code} 机构`, en: `${code} institution` }, industry: 'banking' },
    }),
    201,
  );
  const base = `/api/institutions/${institution.id}`;
  const managerEmail = `manager@${code}.test`;
  await expectStatus(
    'create manager',
    await call(site.base, 'POST', `${base}/users`, {
      cookie: root,
      body: { email: managerEmail, name: '张经理', password: PASSWORD, role: 'manager' },
    }),
    201,
  );
  const form = await expectStatus(
    'create form',
    await call(site.base, 'POST', `${base}/forms`, { cookie: root, body: newForm('appraisal') }),
    201,
  );
  await expectStatus(
    'publish form',
    await call(site.base, 'POST', `${base}/forms/${form.id}/publish`, {
      cookie: root,
      body: { rev: form.rev },
    }),
    200,
  );
  return {
    institutionId: institution.id as string,
    submissionsUrl: `${base}/forms/${form.id}/submissions`,
    listUrl: `${base}/submissions?mine=true&pageSize=5`,
    manager: await signIn(site.base, managerEmail),
  };
}

/** A client-side idempotency key, fit for the Idempotency-Key header. */
export function idempotencyKey(client: number, n: number): string {
  return `c${client}-n${n}-${randomBytes(6).toString('hex')}`;
}

/** Keys repeated in a list, with how often. */
export function repeated(keys: string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return Object.fromEntries([...counts].filter(([, n]) => n > 1));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`expected ${what} within ${ms} ms`);
    await sleep(100);
  }
}
