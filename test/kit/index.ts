import { randomBytes, randomUUID } from 'node:crypto';
import { type AppOptions, buildApp } from '@rapport/core';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { MongoClient } from 'mongodb';
import { inject } from 'vitest';

// Services started once per run by global-setup.ts.
declare module 'vitest' {
  export interface ProvidedContext {
    /** MONGODB_URI when set, else an embedded server with a store of this run's own. */
    mongoUri: string;
    /** A private redis-server of this run's own. */
    redisUrl: string;
  }
}

export { PASSWORD } from './chromium.js';

import { PASSWORD } from './chromium.js';

export interface TestApp {
  app: FastifyInstance;
  dbName: string;
  /** Closes the app and drops its database. */
  close(): Promise<void>;
}

/** An app with a database and queue prefix of its own (unless given), against the run's shared services. */
export async function buildTestApp(options: Partial<AppOptions> = {}): Promise<TestApp> {
  const dbName = options.dbName ?? `t_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const mongoUri = inject('mongoUri');
  const app = await buildApp({
    mongoUri,
    dbName,
    redisUrl: inject('redisUrl'),
    queuePrefix: `test-${randomUUID()}`,
    sessionSecret: randomBytes(32).toString('hex'),
    ui: false,
    ...options,
  });
  await app.ready();
  return {
    app,
    dbName,
    close: async () => {
      await app.mongo.db.dropDatabase();
      await app.close();
    },
  };
}

/** A raw driver connection to a test app's database, for checking what really was stored. */
export async function rawDb(dbName: string) {
  const client = await MongoClient.connect(inject('mongoUri'));
  return { db: client.db(dbName), close: () => client.close() };
}

export type Role = 'platform_admin' | 'institution_admin' | 'supervisor' | 'auditor' | 'manager';

export interface SeededInstitution {
  id: string;
  code: string;
  /** Email of one user per institution role. */
  users: Record<Exclude<Role, 'platform_admin'>, string>;
}

/** Creates the platform admin (once) and returns its email. */
export async function seedPlatformAdmin(app: FastifyInstance, email = 'root@platform.test'): Promise<string> {
  if (!(await app.users.findByEmail(email))) {
    await app.users.create(null, { email, name: 'Root', password: PASSWORD, role: 'platform_admin' }, null);
  }
  return email;
}

/** An institution with one user of each institution role, all with PASSWORD. */
export async function seedInstitution(app: FastifyInstance, code: string): Promise<SeededInstitution> {
  const institution = await app.institutions.create(
    { code, name: { zh: `${code} 机构`, en: `${code} institution` }, industry: 'banking' },
    null,
  );
  const users = {} as SeededInstitution['users'];
  for (const role of ['institution_admin', 'supervisor', 'auditor', 'manager'] as const) {
    const email = `${role}@${code}.test`;
    await app.users.create(
      institution._id,
      { email, name: `${code} ${role}`, password: PASSWORD, role },
      null,
    );
    users[role] = email;
  }
  return { id: institution._id.toHexString(), code, users };
}

/** Signs in through the API and returns the Cookie header to send on later requests. */
export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login as ${email} answered ${res.statusCode}: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'rapport_sid');
  if (!cookie) throw new Error(`login as ${email} set no session cookie`);
  return `rapport_sid=${cookie.value}`;
}

/** app.inject with a session cookie. */
export function as(app: FastifyInstance, cookie: string | null) {
  return (opts: InjectOptions): Promise<LightMyRequestResponse> =>
    app.inject({ ...opts, headers: { ...(opts.headers ?? {}), ...(cookie ? { cookie } : {}) } });
}
