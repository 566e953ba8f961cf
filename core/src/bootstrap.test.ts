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

  it('sets a program in motion: indicators, customers with a year of business, a launched cycle in each manager’s tasks', async () => {
    const manager = as(t.app, await login(t.app, 'manager@demo.rapport.local', 'correct horse battery'));
    const me = (await manager({ method: 'GET', url: '/api/auth/me' })).json();
    const base = `/api/institutions/${me.user.institutionId}`;
    const inbox = (await manager({ method: 'GET', url: `${base}/inbox` })).json().items as {
      subject: { kind: string };
      state: string;
    }[];
    expect(inbox).toEqual([
      expect.objectContaining({
        subject: expect.objectContaining({ kind: 'appraisal' }),
        state: 'self-evaluation',
      }),
    ]);
    const customers = (await manager({ method: 'GET', url: `${base}/customers` })).json();
    expect(customers.total).toBe(3);
    const cycles = (await manager({ method: 'GET', url: `${base}/cycles` })).json().items;
    expect(cycles.map((c: { status: string }) => c.status)).toEqual(['launched']);
  });
});
