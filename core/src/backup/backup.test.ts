import { buffer } from 'node:stream/consumers';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cyclePlan, evaluate, launchCycle } from '../../../test/kit/appraisal.js';
import {
  as,
  buildTestApp,
  login,
  PASSWORD,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';
import { institutionSnapshot } from '../../../test/kit/snapshot.js';
import { BackupError } from './archive-format.js';
import { exportInstitution } from './export-institution.js';
import { importInstitution } from './import-institution.js';

type Caller = ReturnType<typeof as>;

let source: TestApp;
let target: TestApp;
let inst: SeededInstitution;
let base: string;
let archive: Buffer;

const label = (zh: string, en: string) => ({ zh, en });

async function created(res: Promise<{ statusCode: number; body: string; json(): { id: string } }>) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

/** An institution with a bit of everything: units, managers, customers with facts, a form filled in, a cycle under way. */
async function seedVariedInstitution(app: TestApp['app']) {
  inst = await seedInstitution(app, 'backup');
  base = `/api/institutions/${inst.id}`;
  const admin: Caller = as(app, await login(app, inst.users.institution_admin));
  await admin({ method: 'POST', url: `${base}/indicators/defaults` });
  const hq = await created(
    admin({
      method: 'POST',
      url: `${base}/org-units`,
      payload: { code: 'HQ', name: label('总部', 'Head office'), kind: 'head-office', parentId: null },
    }),
  );
  const addUser = async (key: string, name: string, role: string) => {
    const email = `${key}@backup.test`;
    const id = await created(
      admin({
        method: 'POST',
        url: `${base}/users`,
        payload: { email, name, password: PASSWORD, role, orgUnitId: hq },
      }),
    );
    return { id, email, who: as(app, await login(app, email)) };
  };
  const boss = await addUser('boss', '李主管', 'supervisor');
  const wang = await addUser('wang', '王芳', 'manager');
  const adminId = (
    (await admin({ method: 'GET', url: `${base}/users` })).json().items as { id: string; email: string }[]
  ).find((u) => u.email === inst.users.institution_admin)?.id as string;
  await created(
    admin({
      method: 'POST',
      url: `${base}/managers`,
      payload: { userId: wang.id, grade: 'level1', teamRole: 'relationship-manager' },
    }),
  );
  const customer = await created(
    admin({
      method: 'POST',
      url: `${base}/customers`,
      payload: { code: 'C1', name: '东风农机合作社', kind: 'enterprise', relationshipManagerId: wang.id },
    }),
  );
  await created(
    admin({
      method: 'POST',
      url: `${base}/customers/${customer}/facts`,
      payload: { date: new Date().toISOString().slice(0, 10), kind: 'volume', amount: 1_250_000 },
    }),
  );
  const form = await created(
    admin({
      method: 'POST',
      url: `${base}/forms`,
      payload: {
        key: 'visit-log',
        title: label('走访记录', 'Visit log'),
        description: label('', ''),
        schema: {
          type: 'object',
          properties: { note: { type: 'string', title: '记录' }, visits: { type: 'integer', title: '次数' } },
          required: ['note'],
        },
        uiSchema: {},
        fillRoles: ['manager'],
        readScope: 'own',
      },
    }),
  );
  const draft = (await admin({ method: 'GET', url: `${base}/forms/${form}` })).json();
  const published = await admin({
    method: 'POST',
    url: `${base}/forms/${form}/publish`,
    payload: { rev: draft.rev },
  });
  expect(published.statusCode, published.body).toBe(200);
  await created(
    wang.who({
      method: 'POST',
      url: `${base}/forms/${form}/submissions`,
      payload: { data: { note: '走访两户 visited two', visits: 2 }, submit: true },
    }),
  );
  const { appraisals } = await launchCycle(admin, base, cyclePlan('y2026', [adminId], { phases: [] }));
  const appraisal = appraisals.find((a) => a.manager.id === wang.id);
  expect(appraisal, 'wang is appraised').toBeDefined();
  await evaluate(base, wang.who, boss.who, appraisal?.instanceId as string, { self: 4, supervisor: 3 });
}

beforeAll(async () => {
  source = await buildTestApp();
  target = await buildTestApp();
  await seedVariedInstitution(source.app);
  archive = await buffer(exportInstitution(source.app.mongo.db, inst.id));
}, 120_000);
afterAll(async () => {
  await source.close();
  await target.close();
});

describe('export and import of an institution', () => {
  it('writes a manifest with versions and counts, and every document of the institution', async () => {
    const lines = gunzipSync(archive).toString('utf8').trim().split('\n');
    const manifest = JSON.parse(lines[0] as string).manifest;
    expect(manifest).toMatchObject({
      format: 'rapport-institution',
      formatVersion: 1,
      coreVersion: expect.any(String),
      institution: { id: inst.id, code: 'backup' },
    });
    const { counts } = JSON.parse(lines.at(-1) as string).end;
    const snapshot = await institutionSnapshot(source.dbName, inst.id);
    for (const [name, docs] of Object.entries(snapshot)) {
      if (name === 'sessions' || name === 'login_attempts') continue;
      expect(counts[name], `${name} in the archive`).toBe(docs.length);
    }
    expect(counts.institutions).toBe(1);
    expect(counts.events, 'the activity log comes along').toBeGreaterThan(0);
    expect(counts.sessions, 'no session travels in an archive').toBeUndefined();
  });

  it('restores into an empty platform exactly what was exported, and its users can work there', async () => {
    const report = await importInstitution(target.app.mongo.db, archive);
    expect(report.institution).toEqual({ id: inst.id, code: 'backup' });

    const { sessions: _a, login_attempts: _b, ...before } = await institutionSnapshot(source.dbName, inst.id);
    const after = await institutionSnapshot(target.dbName, inst.id);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(after).toEqual(before);

    const manager = as(target.app, await login(target.app, 'boss@backup.test', PASSWORD));
    const inbox = await manager({ method: 'GET', url: `${base}/inbox` });
    expect(inbox.statusCode, inbox.body).toBe(200);
    const onSource = as(source.app, await login(source.app, 'boss@backup.test', PASSWORD));
    expect(inbox.json()).toEqual((await onSource({ method: 'GET', url: `${base}/inbox` })).json());
  });

  it('refuses to import over an institution that exists, saying which, and changes nothing', async () => {
    const before = await institutionSnapshot(target.dbName, inst.id);
    const refused = importInstitution(target.app.mongo.db, archive);
    await expect(refused).rejects.toThrow(BackupError);
    await expect(refused).rejects.toThrow(new RegExp(`institution id ${inst.id} exists.*code "backup"`));
    expect(await institutionSnapshot(target.dbName, inst.id)).toEqual(before);
  });

  it('refuses a truncated archive and leaves the platform as it was', async () => {
    const lines = gunzipSync(archive).toString('utf8').trim().split('\n');
    const truncated = gzipSync(`${lines.slice(0, -5).join('\n')}\n`);
    const empty = await buildTestApp();
    try {
      await expect(importInstitution(empty.app.mongo.db, truncated)).rejects.toThrow(/truncated/);
      expect(await institutionSnapshot(empty.dbName, inst.id)).toEqual({});
    } finally {
      await empty.close();
    }
  });

  it('refuses an institution that does not exist', async () => {
    const missing = buffer(exportInstitution(source.app.mongo.db, '0123456789abcdef01234567'));
    await expect(missing).rejects.toThrow(/no institution 0123456789abcdef01234567/);
  });
});
