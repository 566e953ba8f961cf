import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, freePort, startPrivateRedis } from '@rapport/core';
import { startEmbeddedMongoThread } from '@rapport/embedded-mongo';
import type { FormContent } from '@rapport/schemas';
import type { FastifyInstance } from 'fastify';
import type { ObjectId } from 'mongodb';

/** Password of every account the standalone seeds. */
export const STANDALONE_PASSWORD = 'Standalone-Password-1';

/** Rapport on a free port with a store and a Redis of its own, for benchmarks and tools (tests use buildTestApp). */
export interface Standalone {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

export interface StandaloneOptions {
  ui: boolean;
  /**
   * Run the embedded store in a process of its own, as a MongoDB server would be; otherwise in a thread
   * of this process, as `rapport serve` runs it. @defaultValue false
   */
  separateStore?: boolean;
}

async function storeProcess(dbPath: string): Promise<{ uri: string; stop(): Promise<void> }> {
  const bin = fileURLToPath(new URL('../../embedded-mongo/src/bin.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', bin, '--dbpath', dbPath, '--port', String(await freePort())],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const uri = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk) => resolve(String(chunk).trim()));
    child.once('exit', (code) => reject(new Error(`embedded-mongo exited with ${code}`)));
  });
  return {
    uri,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function startStandalone(options: StandaloneOptions): Promise<Standalone> {
  const dbPath = mkdtempSync(path.join(tmpdir(), 'rapport-standalone-'));
  const mongo = options.separateStore
    ? await storeProcess(dbPath)
    : await startEmbeddedMongoThread({ dbPath });
  const redis = await startPrivateRedis();
  const app = await buildApp({
    mongoUri: mongo.uri,
    dbName: 'standalone',
    redisUrl: redis.url,
    sessionSecret: randomBytes(32).toString('hex'),
    ui: options.ui,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    stop: async () => {
      await app.close();
      await redis.stop();
      await mongo.stop();
      rmSync(dbPath, { recursive: true, force: true });
    },
  };
}

export interface PublishedForm {
  institutionId: ObjectId;
  formId: ObjectId;
  adminEmail: string;
  managerEmail: string;
}

/** An institution with an admin and a manager (STANDALONE_PASSWORD), and `form` published as version 1 for managers. */
export async function seedPublishedForm(
  app: FastifyInstance,
  code: string,
  form: Omit<FormContent, 'fillRoles'>,
): Promise<PublishedForm> {
  const institution = await app.institutions.create(
    { code, name: { zh: '演示农村信用合作社', en: 'Demo Rural Credit Cooperative' }, industry: 'banking' },
    null,
  );
  const adminEmail = `admin@${code}.test`;
  const managerEmail = `manager@${code}.test`;
  const admin = await app.users.create(
    institution._id,
    { email: adminEmail, name: '王管理', password: STANDALONE_PASSWORD, role: 'institution_admin' },
    null,
  );
  await app.users.create(
    institution._id,
    { email: managerEmail, name: '张经理', password: STANDALONE_PASSWORD, role: 'manager' },
    null,
  );
  const actor = { id: admin._id, name: admin.name, email: admin.email };
  const created = await app.forms.create(institution._id, { ...form, fillRoles: ['manager'] }, actor);
  await app.forms.publish(institution._id, created._id, created.rev, actor);
  return { institutionId: institution._id, formId: created._id, adminEmail, managerEmail };
}
