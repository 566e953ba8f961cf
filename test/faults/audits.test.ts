import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { newForm } from '../kit/forms.js';
import { as, buildTestApp, login, PASSWORD, rawDb, seedInstitution, type TestApp } from '../kit/index.js';
import { killAllRapport, type RapportProcess, startRapport, withPath } from '../kit/rapport-process.js';

// Real `rapport worker` processes against this run's embedded MongoDB and Redis. Each test has a
// database and a Redis database index of its own; the processes use the default queue prefix.
const PREFIX = 'rapport';
/**
 * A killed worker's jobs are taken over after ~5 s instead of BullMQ's 30 s (see config.ts). Not less:
 * a live worker whose event loop is held longer than this (a new process compiling its sources on a
 * loaded machine) loses its locks too, and a run that stalls twice is failed by BullMQ.
 */
const STALLED_MS = 2500;
const label = (zh: string, en: string) => ({ zh, en });

const dataDirs: string[] = [];
const opened: { t: TestApp; redis: Redis }[] = [];

afterEach(async () => {
  await killAllRapport();
  for (const { t, redis } of opened.splice(0)) {
    await redis.flushdb();
    redis.disconnect();
    await t.close();
  }
});
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

interface Institution {
  t: TestApp;
  redis: Redis;
  base: string;
  admin: ReturnType<typeof as>;
  /** The environment of a `rapport worker` on the same database and queues. */
  env: Record<string, string>;
  createPlan(code: string, overrides?: Record<string, unknown>): Promise<{ id: string; code: string }>;
}

/**
 * An institution with two auditors, four managers and a published checklist form, in a database and a
 * Redis database index of its own; the test process queues jobs but runs none (worker: false).
 */
async function institution(redisDb: number): Promise<Institution> {
  const dbName = `faults_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const redisUrl = withPath(inject('redisUrl'), `/${redisDb}`);
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  const t = await buildTestApp({
    dbName,
    redisUrl,
    queuePrefix: PREFIX,
    worker: false,
    auditMinIntervalSeconds: 1,
  });
  opened.push({ t, redis });
  const inst = await seedInstitution(t.app, `faults${redisDb}`);
  const base = `/api/institutions/${inst.id}`;
  const admin = as(t.app, await login(t.app, inst.users.institution_admin));
  const userIds = async (role: string, names: string[]) => {
    const ids: string[] = [];
    for (const name of names) {
      const res = await admin({
        method: 'POST',
        url: `${base}/users`,
        payload: { email: `${name}@faults.test`, name, password: PASSWORD, role },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
      if (role === 'manager') {
        const profile = await admin({
          method: 'POST',
          url: `${base}/managers`,
          payload: { userId: res.json().id, grade: 'level2', teamRole: 'relationship-manager' },
        });
        expect(profile.statusCode, profile.body).toBe(201);
      }
    }
    return ids;
  };
  const auditorIds = await userIds('auditor', ['auditor-a', 'auditor-b']);
  await userIds('manager', ['m1', 'm2', 'm3', 'm4']);
  const form = (
    await admin({
      method: 'POST',
      url: `${base}/forms`,
      payload: { ...newForm('checklist'), fillRoles: ['auditor'] },
    })
  ).json();
  await admin({ method: 'POST', url: `${base}/forms/${form.id}/publish`, payload: { rev: form.rev } });

  const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-faults-'));
  dataDirs.push(dataDir);
  return {
    t,
    redis,
    base,
    admin,
    env: {
      MONGODB_URI: withPath(inject('mongoUri'), `/${dbName}`),
      REDIS_URL: redisUrl,
      DATA_DIR: dataDir,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      QUEUE_STALLED_MS: String(STALLED_MS),
    },
    createPlan: async (code, overrides = {}) => {
      const res = await admin({
        method: 'POST',
        url: `${base}/audit-plans`,
        payload: {
          code,
          name: label(`抽查 ${code}`, `Spot check ${code}`),
          // Random plans triggered once a year: they run only when the test says so.
          kind: 'random',
          mode: 'off-site',
          announced: false,
          scope: { focus: 'comprehensive', orgUnitIds: [], grades: [], customerClasses: [], riskFlags: [] },
          checklistFormKey: 'checklist',
          methods: ['reconciliation'],
          auditorIds,
          daysToComplete: 10,
          schedule: { cron: '0 9 1 1 *', tz: 'Asia/Shanghai', windowDays: 20, workingDaysOnly: false },
          sampling: { design: 'simple', size: { kind: 'fixed', n: 2 } },
          ...overrides,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return { id: res.json().id as string, code };
    },
  };
}

async function until(
  what: string,
  check: () => Promise<boolean>,
  ms: number,
  state: () => Promise<string> = async () => '',
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`expected ${what} within ${ms} ms; ${await state()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Stored {
  runs: {
    _id: { toHexString(): string };
    planId: { toHexString(): string };
    occurrence: string;
    picked: string[];
  }[];
  audits: {
    _id: { toHexString(): string };
    planId: { toHexString(): string };
    runId: { toHexString(): string };
    managerId: { toHexString(): string };
    auditorId: { toHexString(): string } | null;
  }[];
  notifications: { userId: { toHexString(): string }; auditId?: { toHexString(): string }; kind: string }[];
}

/** Every run, audit and audit notification as stored, read straight from the database. */
async function stored(t: TestApp): Promise<Stored> {
  const raw = await rawDb(t.dbName);
  try {
    const [runs, audits, notifications] = await Promise.all([
      raw.db.collection('audit_runs').find({}).toArray(),
      raw.db.collection('audits').find({}).toArray(),
      raw.db
        .collection('notifications')
        .find({ auditId: { $exists: true } })
        .toArray(),
    ]);
    return { runs, audits, notifications } as unknown as Stored;
  } finally {
    await raw.close();
  }
}

/** Keys that occur more than once, with how often. */
function repeated(keys: string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return Object.fromEntries([...counts].filter(([, n]) => n > 1));
}

describe('audit runs with a worker killed by SIGKILL', () => {
  it('misses no run and executes none twice over 208 runs and 4 kills', async () => {
    const inst = await institution(1);
    // Runs of one audit and of several, so that a kill can fall between two audits of a run.
    const one = { sampling: { design: 'simple', size: { kind: 'fixed', n: 1 } } };
    const plans = [
      await inst.createPlan('k1', one),
      await inst.createPlan('k2', one),
      await inst.createPlan('k3', { announced: true }),
      await inst.createPlan('k4', { sampling: { design: 'simple', size: { kind: 'fixed', n: 3 } } }),
    ];
    const queue = inst.t.app.jobs.queue('audits');
    const expected: { planId: string; occurrence: string }[] = [];
    let next = 0;
    const runNow = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const plan = plans[next++ % plans.length] as { id: string };
        const res = await inst.admin({ method: 'POST', url: `${inst.base}/audit-plans/${plan.id}/run` });
        expect(res.statusCode, res.body).toBe(202);
        expected.push({ planId: plan.id, occurrence: res.json().occurrence });
      }
    };
    // Progress from Redis, cheap to poll; what happened is counted from the database at the end.
    const done = () => queue.getCompletedCount();

    // The worker starts while the runs are queued; it is then killed four times as it works through
    // them, each time with runs in flight, and started again.
    const KILLS = 4;
    const RUNS = 208;
    let worker: RapportProcess = startRapport('worker', inst.env);
    await runNow(RUNS);
    const activeAtKill: number[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      await worker.ready;
      const target = Math.round((kill * RUNS) / (KILLS + 1));
      await until(
        `${target} runs done and more in flight before kill ${kill}`,
        async () => (await done()) >= target && (await queue.getActiveCount()) > 0,
        45_000,
        async () =>
          `jobs ${JSON.stringify(await queue.getJobCounts())}; the worker wrote:\n${worker.output()}`,
      );
      activeAtKill.push(await queue.getActiveCount());
      worker.child.kill('SIGKILL');
      await worker.exited;
      worker = startRapport('worker', inst.env);
    }
    await worker.ready;
    await until(
      'every queued run to be done and the queue empty',
      async () => {
        // Delayed jobs are the plans' next yearly triggers.
        const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
        return Object.values(counts).every((n) => n === 0) && (await done()) >= expected.length;
      },
      60_000,
      async () =>
        `jobs ${JSON.stringify(await queue.getJobCounts())} of ${expected.length} runs; failed: ${JSON.stringify(
          (await queue.getFailed()).map((job) => job.failedReason),
        )}; the worker wrote:\n${worker.output()}`,
    );
    worker.child.kill('SIGTERM');
    await worker.exited;

    expect(
      activeAtKill.filter((n) => n > 0),
      'every kill hit a worker with runs in flight',
    ).toHaveLength(KILLS);
    const failed = await queue.getFailed();
    expect(
      failed.map((j) => `${j.id}: ${j.failedReason}`),
      'no run job given up on',
    ).toEqual([]);

    const { runs, audits, notifications } = await stored(inst.t);
    expect(expected.length).toBeGreaterThanOrEqual(200);
    expect(
      repeated(runs.map((r) => `${r.planId.toHexString()}/${r.occurrence}`)),
      'one run per occurrence',
    ).toEqual({});
    const ran = new Set(runs.map((r) => `${r.planId.toHexString()}/${r.occurrence}`));
    expect(
      expected.map((e) => `${e.planId}/${e.occurrence}`).filter((k) => !ran.has(k)),
      'every queued occurrence ran',
    ).toEqual([]);
    expect(runs, 'no run but those queued').toHaveLength(expected.length);

    expect(
      repeated(
        audits.map((a) => `${a.planId.toHexString()}/${a.runId.toHexString()}/${a.managerId.toHexString()}`),
      ),
      'one audit per plan, run and manager',
    ).toEqual({});
    const auditsOfRun = new Map<string, string[]>();
    for (const a of audits) {
      const list = auditsOfRun.get(a.runId.toHexString()) ?? [];
      list.push(a.managerId.toHexString());
      auditsOfRun.set(a.runId.toHexString(), list);
    }
    expect(
      runs
        .filter(
          (r) => (auditsOfRun.get(r._id.toHexString()) ?? []).sort().join() !== [...r.picked].sort().join(),
        )
        .map((r) => r.occurrence),
      'every run has exactly one audit per sampled manager',
    ).toEqual([]);

    // What auditors and managers notice: each audit announced once to its auditor, and to its
    // manager only when the plan is announced.
    const announcedPlan = plans[2]?.id;
    const notified = (kind: string) =>
      notifications
        .filter((n) => n.kind === kind)
        .map((n) => `${n.auditId?.toHexString()}>${n.userId.toHexString()}`);
    expect(notified('audit-assigned').sort(), 'each audit assigned once to its auditor').toEqual(
      audits.map((a) => `${a._id.toHexString()}>${a.auditorId?.toHexString()}`).sort(),
    );
    expect(
      notified('audit-announced').sort(),
      'announced audits told once to their manager, the others never',
    ).toEqual(
      audits
        .filter((a) => a.planId.toHexString() === announcedPlan)
        .map((a) => `${a._id.toHexString()}>${a.managerId.toHexString()}`)
        .sort(),
    );
  }, 150_000);
});

describe('processes starting together', () => {
  it('leave one scheduler per plan, and a plan firing every second runs once a second', async () => {
    const inst = await institution(2);
    const everySecond = {
      kind: 'scheduled',
      schedule: { cron: '* * * * * *', tz: 'UTC', windowDays: 0, workingDaysOnly: false },
    };
    const plans = [
      await inst.createPlan('s1', everySecond),
      await inst.createPlan('s2', everySecond),
      await inst.createPlan('r1'),
      await inst.createPlan('r2', {
        schedule: { cron: '0 8 * * 1', tz: 'Asia/Shanghai', windowDays: 3, workingDaysOnly: true },
      }),
    ];
    // As after a Redis that lost its data: no scheduler, until the processes starting now upsert them.
    await inst.redis.flushdb();
    const queue = inst.t.app.jobs.queue('audits');
    expect(await queue.getJobSchedulersCount()).toBe(0);

    const started = Date.now();
    const processes = Array.from({ length: 4 }, () => startRapport('worker', inst.env));
    await Promise.all(processes.map((p) => p.ready));

    const schedulers = await queue.getJobSchedulers();
    expect(
      schedulers.map((s) => `${s.key} ${s.pattern}`).sort(),
      'exactly one scheduler per plan, with its pattern',
    ).toEqual(
      [
        ...plans.slice(0, 2).map((p) => `audit-plan-${p.id} * * * * * *`),
        `audit-plan-${plans[2]?.id} 0 9 1 1 *`,
        `audit-plan-${plans[3]?.id} 0 8 * * 1`,
      ].sort(),
    );

    // All four run workers: the scheduled plans fire; each second should give one run per plan.
    await new Promise((r) => setTimeout(r, 4000));
    for (const p of processes) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited));
    const seconds = Math.ceil((Date.now() - started) / 1000);

    const { runs } = await stored(inst.t);
    for (const plan of plans.slice(0, 2)) {
      const fired = runs.filter((r) => r.planId.toHexString() === plan.id).map((r) => r.occurrence);
      // A scheduler's job id ends with the time it fired for: one run per second, not one per process.
      const times = fired.map((o) => o.split(':').at(-1));
      expect(repeated(times as string[]), `plan ${plan.code} ran once per firing time`).toEqual({});
      expect(
        fired.length,
        `plan ${plan.code} ran about once a second for ${seconds} s`,
      ).toBeGreaterThanOrEqual(2);
      expect(
        fired.length,
        `plan ${plan.code} ran at most once a second for ${seconds} s`,
      ).toBeLessThanOrEqual(seconds);
    }
    expect(
      runs.filter((r) => r.planId.toHexString() === plans[2]?.id || r.planId.toHexString() === plans[3]?.id),
    ).toEqual([]);
  }, 120_000);
});
