// npm run bench (in test/): submission POST throughput next to a bare Fastify route that only runs ajv.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, freePort, startPrivateRedis } from '@rapport/core';
import { Ajv } from 'ajv';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import { generatedAppraisal } from '../kit/appraisal-form.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PASSWORD = 'Bench-Password-1';

interface Row {
  route: string;
  'req/s': number;
  'p50 ms': number;
  'p99 ms': number;
  errors: number;
  'ratio to bare': string;
}

async function load(url: string, body: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    connections: CONNECTIONS,
    duration: SECONDS,
  });
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

// The store runs in a process of its own, as a MongoDB server would, so it does not share the API's core.
const dbPath = mkdtempSync(path.join(tmpdir(), 'rapport-bench-'));
const mongoPort = await freePort();
const mongoProcess = spawn(
  process.execPath,
  [
    '--conditions=source',
    '--import',
    'tsx',
    '../embedded-mongo/src/bin.ts',
    '--dbpath',
    dbPath,
    '--port',
    String(mongoPort),
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const mongo = {
  uri: await new Promise<string>((resolve, reject) => {
    mongoProcess.stdout?.once('data', (chunk) => resolve(String(chunk).trim()));
    mongoProcess.once('exit', (code) => reject(new Error(`embedded-mongo exited with ${code}`)));
  }),
  stop: () =>
    new Promise<void>((resolve) => {
      mongoProcess.once('exit', () => resolve());
      mongoProcess.kill('SIGTERM');
    }),
};
const redis = await startPrivateRedis();
const { schema, data } = generatedAppraisal(6, 10);
const body = JSON.stringify({ data, submit: true });

const app = await buildApp({
  mongoUri: mongo.uri,
  dbName: 'bench',
  redisUrl: redis.url,
  sessionSecret: randomBytes(32).toString('hex'),
  ui: false,
});
const institution = await app.institutions.create(
  { code: 'bench', name: { zh: '压测机构', en: 'Bench' }, industry: 'banking' },
  null,
);
const admin = await app.users.create(
  institution._id,
  { email: 'admin@bench.test', name: 'Admin', password: PASSWORD, role: 'institution_admin' },
  null,
);
await app.users.create(
  institution._id,
  { email: 'manager@bench.test', name: 'Manager', password: PASSWORD, role: 'manager' },
  null,
);
const actor = { id: admin._id, name: admin.name, email: admin.email };
const form = await app.forms.create(
  institution._id,
  {
    key: 'appraisal-60',
    title: { zh: '60 项考核表', en: '60-field appraisal' },
    description: { zh: '', en: '' },
    schema,
    uiSchema: {},
    fillRoles: ['manager'],
    readScope: 'own',
  },
  actor,
);
await app.forms.publish(institution._id, form._id, form.rev, actor);
const rapportUrl = await listen(app);
const login = await fetch(`${rapportUrl}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'manager@bench.test', password: PASSWORD }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

// The baseline: the same payload, only parsed and validated by ajv against the same schema.
const bare = Fastify();
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
bare.post('/bare', async (request, reply) => {
  const ok = validate((request.body as { data: unknown }).data);
  return reply.status(ok ? 201 : 400).send({ ok });
});
const bareUrl = await listen(bare);

console.log(
  `# Submission POST, ${Object.keys(schema.properties ?? {}).length * 10}-field form, ${CONNECTIONS} connections, ${SECONDS} s each, ${new Date().toISOString()}`,
);
const baseline = await load(`${bareUrl}/bare`, body, {});
const rapport = await load(
  `${rapportUrl}/api/institutions/${institution._id.toHexString()}/forms/${form._id.toHexString()}/submissions`,
  body,
  { cookie },
);
const row = (route: string, r: autocannon.Result): Row => ({
  route,
  'req/s': Math.round(r.requests.average),
  'p50 ms': r.latency.p50,
  'p99 ms': r.latency.p99,
  errors: r.errors + r.non2xx,
  'ratio to bare': (r.requests.average / baseline.requests.average).toFixed(3),
});
console.table([row('bare Fastify + ajv', baseline), row('Rapport POST submission', rapport)]);
const stored = await app.mongo.db.collection('submissions').countDocuments({});
console.log(`submissions stored: ${stored} (acknowledged 2xx: ${rapport['2xx']})`);

await bare.close();
await app.close();
await redis.stop();
await mongo.stop();
rmSync(dbPath, { recursive: true, force: true });
