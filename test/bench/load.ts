// npm run bench (in test/): form submission POST, inbox GET and dashboard GET under load, next to a
// bare Fastify route, then test/bench/RESULTS.md. BENCH_SECONDS shortens each run for a quick look.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import { cyclePlan, evaluate, launchCycle } from '../kit/appraisal.js';
import { generatedAppraisal } from '../kit/appraisal-form.js';
import { as, login } from '../kit/index.js';
import { STANDALONE_PASSWORD, seedPublishedForm, startStandalone } from '../kit/standalone.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const GOALS = { post: 200, get: 100 };
const MANAGERS = 6;

type Caller = ReturnType<typeof as>;
const label = (zh: string, en: string) => ({ zh, en });

async function ok(res: Promise<LightMyRequestResponse>, status = 201) {
  const r = await res;
  if (r.statusCode !== status) throw new Error(`seeding: expected ${status}, got ${r.statusCode}: ${r.body}`);
  return r.json();
}

// --- The platform and its data -------------------------------------------------------------------
const { schema, data } = generatedAppraisal(6, 10);
const rapport = await startStandalone({ ui: false, separateStore: true });
// Stopped whatever happens: the store and Redis are processes of their own.
try {
  const app = rapport.app;
  const seeded = await seedPublishedForm(app, 'bench', {
    key: 'appraisal-60',
    title: { zh: '60 项考核表', en: '60-field appraisal' },
    description: { zh: '', en: '' },
    schema,
    uiSchema: {},
    readScope: 'own',
  });
  const institutionId = seeded.institutionId.toHexString();
  const base = `/api/institutions/${institutionId}`;
  const admin: Caller = as(app, await login(app, seeded.adminEmail, STANDALONE_PASSWORD));
  const adminId = (
    (await admin({ method: 'GET', url: `${base}/users` })).json().items as { id: string; email: string }[]
  ).find((u) => u.email === seeded.adminEmail)?.id as string;
  await admin({ method: 'POST', url: `${base}/indicators/defaults` });
  const unit = (
    await ok(
      admin({
        method: 'POST',
        url: `${base}/org-units`,
        payload: {
          code: 'HQ',
          name: label('县联社', 'County union'),
          kind: 'head-office',
          parentId: null,
        },
      }),
    )
  ).id as string;
  async function addUser(key: string, role: string) {
    const email = `${key}@bench.test`;
    const user = await ok(
      admin({
        method: 'POST',
        url: `${base}/users`,
        payload: { email, name: key, password: STANDALONE_PASSWORD, role, orgUnitId: unit },
      }),
    );
    return { id: user.id as string, email, who: as(app, await login(app, email, STANDALONE_PASSWORD)) };
  }
  const supervisor = await addUser('supervisor', 'supervisor');
  const managers = [];
  for (let i = 0; i < MANAGERS; i++) {
    const m = await addUser(`manager-${i}`, 'manager');
    await ok(
      admin({
        method: 'POST',
        url: `${base}/managers`,
        payload: { userId: m.id, grade: 'level1', teamRole: 'relationship-manager' },
      }),
    );
    managers.push(m);
  }
  // Last year's cycle, evaluated, calibrated and published: the dashboard's data.
  const last = await launchCycle(
    admin,
    base,
    cyclePlan('y2025', [adminId], { period: { from: '2025-01-01', to: '2025-12-31' }, phases: [] }),
  );
  for (const [i, m] of managers.entries()) {
    const appraisal = last.appraisals.find((a) => a.manager.id === m.id);
    if (!appraisal) throw new Error(`seeding: ${m.email} is not appraised`);
    await evaluate(base, m.who, supervisor.who, appraisal.instanceId, { self: 4, supervisor: 3 });
    const current = (await admin({ method: 'GET', url: `${base}/appraisals/${appraisal.id}` })).json();
    await ok(
      admin({
        method: 'POST',
        url: `${base}/appraisals/${appraisal.id}/calibrations`,
        payload: { rev: current.rev, total: 60 + i * 6, reason: '基准测试 bench', feedback: '继续保持' },
      }),
      200,
    );
  }
  const cycle = (await admin({ method: 'GET', url: `${base}/cycles/${last.cycleId}` })).json();
  await ok(
    admin({ method: 'POST', url: `${base}/cycles/${last.cycleId}/publish`, payload: { rev: cycle.rev } }),
    200,
  );
  // This year's cycle, under way: the managers' self-evaluations are in their inboxes.
  await launchCycle(admin, base, cyclePlan('y2026', [adminId], { phases: [] }));

  const cookieOf = async (email: string) => login(app, email, STANDALONE_PASSWORD);
  const managerCookie = await cookieOf(managers[0]?.email as string);
  const adminCookie = await cookieOf(seeded.adminEmail);
  const inboxSize = (await as(app, managerCookie)({ method: 'GET', url: `${base}/inbox` })).json().items
    .length;
  if (inboxSize === 0) throw new Error('seeding: the inbox is empty');

  // --- The load ------------------------------------------------------------------------------------
  const bare = Fastify();
  bare.get('/bare', async () => ({ ok: true }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const address = bare.server.address();
  const bareUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  // autocannon runs in a worker thread, so the load generator does not share the server's event loop;
  // functions given to a worker are module paths, hence this one-line module.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'rapport-load-'));
  const withKey = path.join(tmp, 'idempotency-key.cjs');
  writeFileSync(
    withKey,
    "module.exports = (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': require('node:crypto').randomUUID() } });\n",
  );

  interface Scenario {
    route: string;
    kind: 'POST' | 'GET' | 'bare';
    options: autocannon.Options;
  }
  const run = (s: Scenario) =>
    autocannon({ connections: CONNECTIONS, duration: SECONDS, workers: 1, ...s.options });
  const submissionsUrl = `${rapport.url}${base}/forms/${seeded.formId.toHexString()}/submissions`;
  const scenarios: Scenario[] = [
    { route: 'bare Fastify GET (same process)', kind: 'bare', options: { url: `${bareUrl}/bare` } },
    {
      route: 'POST form submission (60 fields)',
      kind: 'POST',
      options: {
        url: submissionsUrl,
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: managerCookie },
        body: JSON.stringify({ data, submit: true }),
        requests: [{ setupRequest: withKey as never }],
      },
    },
    {
      route: `GET inbox (${inboxSize} open)`,
      kind: 'GET',
      options: { url: `${rapport.url}${base}/inbox`, headers: { cookie: managerCookie } },
    },
    {
      route: 'GET dashboard (published cycle)',
      kind: 'GET',
      options: { url: `${rapport.url}${base}/reports/dashboard`, headers: { cookie: adminCookie } },
    },
  ];

  const started = new Date();
  // Others' processes on the machine skew every number: the load average says how busy it was.
  const loadAtStart = os.loadavg()[0]?.toFixed(1);
  console.log(`# Load: ${CONNECTIONS} connections, ${SECONDS} s each, ${started.toISOString()}`);
  const results: { s: Scenario; r: autocannon.Result }[] = [];
  for (const s of scenarios) {
    const before = s.kind === 'POST' ? await app.mongo.db.collection('submissions').countDocuments({}) : 0;
    const r = await run(s);
    if (s.kind === 'POST') {
      const stored = (await app.mongo.db.collection('submissions').countDocuments({})) - before;
      console.log(`submissions stored: ${stored} (acknowledged 2xx: ${r['2xx']})`);
    }
    results.push({ s, r });
    console.log(`${s.route}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms`);
  }
  const baseline = results[0]?.r as autocannon.Result;

  const rows = results.map(({ s, r }) => {
    const goal = s.kind === 'POST' ? GOALS.post : s.kind === 'GET' ? GOALS.get : undefined;
    const met = goal === undefined ? '' : r.errors + r.non2xx === 0 && r.latency.p99 < goal ? 'yes' : 'NO';
    return {
      route: s.route,
      'req/s': Math.round(r.requests.average),
      'p50 ms': r.latency.p50,
      'p99 ms': r.latency.p99,
      errors: r.errors + r.timeouts,
      'non-2xx': r.non2xx,
      'req/s vs bare': (r.requests.average / baseline.requests.average).toFixed(3),
      'p99 vs bare': (r.latency.p99 / Math.max(baseline.latency.p99, 1)).toFixed(1),
      goal: goal === undefined ? '' : `p99 < ${goal} ms, no errors`,
      met,
    };
  });
  console.table(rows);

  const cpus = os.cpus();
  const header = Object.keys(rows[0] ?? {});
  const table = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${Object.values(row).join(' | ')} |`),
  ].join('\n');
  const missed = rows.filter((row) => row.met === 'NO');
  const report = `# Load benchmark

Written by \`npm run bench\` (test/bench/load.ts) down to the Notes, which it keeps; numbers from the last full run.

- Date: ${started.toISOString()}
- Machine: ${cpus[0]?.model.trim()} × ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()}
- Load average (1 min) ${loadAtStart} at the start, ${os.loadavg()[0]?.toFixed(1)} at the end, on ${cpus.length} cores
- Node ${process.version}; ${CONNECTIONS} connections for ${SECONDS} s per route, over loopback
- Set-up: one Rapport process (API + job workers, no UI) with the embedded MongoDB in a process of its own and a private
  redis-server, as startStandalone runs them; autocannon in a worker thread of the same process, the bare Fastify server
  in its main thread. Every POST is a valid 60-field submission with its own Idempotency-Key; the inbox holds
  ${inboxSize} open instance(s) of one manager; the dashboard is the institution admin's over a published cycle of
  ${MANAGERS} managers.

${table}

## Goals

- No errors and no non-2xx answers; POST p99 under ${GOALS.post} ms; GET p99 under ${GOALS.get} ms.
- ${missed.length === 0 ? 'All met.' : `Missed: ${missed.map((row) => `${row.route} (p99 ${row['p99 ms']} ms, ${row.errors} errors, ${row['non-2xx']} non-2xx)`).join('; ')}. See the notes below.`}
`;
  const file = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
  // The notes are written by people, after reading the numbers: a new run keeps them.
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const notes = previous.includes('\n## Notes')
    ? previous.slice(previous.indexOf('\n## Notes'))
    : '\n## Notes\n';
  // A quick run (BENCH_SECONDS) prints its table but keeps the full run's RESULTS.md.
  if (SECONDS >= 60 || process.env.BENCH_WRITE === '1') {
    writeFileSync(file, report + notes);
    console.log(`written to ${file}`);
  }

  rmSync(tmp, { recursive: true, force: true });
  await bare.close();
} finally {
  await rapport.stop();
}
