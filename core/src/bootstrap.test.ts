import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, login, type TestApp } from '../../test/kit/index.js';
import { type Created, firstStart } from './bootstrap.js';

let t: TestApp;
let created: Created[];

beforeAll(async () => {
  t = await buildTestApp();
  created = await firstStart(t.app, {
    adminEmail: 'root@platform.test',
    adminPassword: 'correct horse battery',
    demoData: true,
  });
});
afterAll(() => t.close());

describe('first start', () => {
  it('prints the platform admin and the four demo sign-ins, and does nothing the second time', async () => {
    expect(created.map((c) => c.email)).toEqual([
      'root@platform.test',
      'admin@demo.rapport.local',
      'supervisor@demo.rapport.local',
      'auditor@demo.rapport.local',
      'manager@demo.rapport.local',
    ]);
    expect(
      await firstStart(t.app, { adminEmail: 'x@platform.test', adminPassword: undefined, demoData: true }),
    ).toEqual([]);
  });

  it('gives the demo an org tree: the demo supervisor sees the managers of their cooperative and its outlet', async () => {
    const supervisor = as(
      t.app,
      await login(t.app, 'supervisor@demo.rapport.local', 'correct horse battery'),
    );
    const me = (await supervisor({ method: 'GET', url: '/api/auth/me' })).json();
    const institutionId = me.user.institutionId as string;
    const units = (
      await supervisor({ method: 'GET', url: `/api/institutions/${institutionId}/org-units` })
    ).json().items as { code: string }[];
    expect(units.map((u) => u.code).sort()).toEqual(['EAST', 'EAST-01', 'HQ', 'WEST']);
    const managers = (
      await supervisor({ method: 'GET', url: `/api/institutions/${institutionId}/managers` })
    ).json();
    expect(managers.items.map((m: { name: string; grade: string }) => `${m.name} ${m.grade}`).sort()).toEqual(
      ['张经理 level2', '陈经理 level1'],
    );
  });
});
