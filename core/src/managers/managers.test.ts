import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buildTestApp,
  login,
  PASSWORD,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';

let t: TestApp;
let inst: SeededInstitution;
let admin: ReturnType<typeof as>;
let base: string;
const units: Record<string, { id: string; rev: number }> = {};
const people: Record<string, string> = {};

const label = (zh: string, en: string) => ({ zh, en });

async function addUnit(code: string, kind: string, parent: string | null) {
  const res = await admin({
    method: 'POST',
    url: `${base}/org-units`,
    payload: {
      code,
      name: label(`${code} 机构`, `${code} unit`),
      kind,
      parentId: parent ? units[parent]?.id : null,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  units[code] = res.json();
}

async function addPerson(name: string, role: string, unit: string) {
  const res = await admin({
    method: 'POST',
    url: `${base}/users`,
    payload: { email: `${name}@org.test`, name, password: PASSWORD, role, orgUnitId: units[unit]?.id },
  });
  expect(res.statusCode, res.body).toBe(201);
  people[name] = res.json().id;
  if (role === 'manager') {
    const profile = await admin({
      method: 'POST',
      url: `${base}/managers`,
      payload: { userId: res.json().id, grade: 'level2', teamRole: 'relationship-manager' },
    });
    expect(profile.statusCode, profile.body).toBe(201);
  }
}

const signIn = async (name: string) => as(t.app, await login(t.app, `${name}@org.test`));
const namesIn = (res: { json: () => { items: { name: string }[] } }) =>
  res
    .json()
    .items.map((m) => m.name)
    .sort();

beforeAll(async () => {
  t = await buildTestApp({ capabilities: ['workflows'] });
  inst = await seedInstitution(t.app, 'org');
  base = `/api/institutions/${inst.id}`;
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  // head office → two branches → a sub-branch under the east branch.
  await addUnit('HQ', 'head-office', null);
  await addUnit('EAST', 'branch', 'HQ');
  await addUnit('WEST', 'branch', 'HQ');
  await addUnit('EAST-1', 'sub-branch', 'EAST');
  await addPerson('east-boss', 'supervisor', 'EAST');
  await addPerson('west-boss', 'supervisor', 'WEST');
  await addPerson('sub-boss', 'supervisor', 'EAST-1');
  await addPerson('east-mgr', 'manager', 'EAST');
  await addPerson('sub-mgr', 'manager', 'EAST-1');
  await addPerson('west-mgr', 'manager', 'WEST');
});
afterAll(() => t.close());

describe('the org tree', () => {
  it('refuses impossible placements, all at once and in the language asked', async () => {
    const second = await admin({
      method: 'POST',
      url: `${base}/org-units`,
      headers: { 'accept-language': 'zh-CN' },
      payload: {
        code: 'HQ2',
        name: label('二号总部', 'HQ 2'),
        kind: 'head-office',
        parentId: units.EAST?.id,
      },
    });
    expect(second.statusCode).toBe(400);
    expect(second.json().error.details.map((d: { message: string }) => d.message)).toEqual([
      '总行（总部）不能有上级机构',
      '本机构已有总行（总部）',
    ]);
    const upward = await admin({
      method: 'POST',
      url: `${base}/org-units`,
      headers: { 'accept-language': 'en' },
      payload: { code: 'B9', name: label('分行', 'Branch'), kind: 'branch', parentId: units['EAST-1']?.id },
    });
    expect(upward.json().error.details[0].message).toBe('a branch cannot sit under a sub-branch');
    const taken = await admin({
      method: 'POST',
      url: `${base}/org-units`,
      payload: { code: 'EAST', name: label('东', 'East'), kind: 'branch', parentId: units.HQ?.id },
    });
    expect(taken.statusCode).toBe(409);
  });

  it('refuses to move a unit under its own subtree, and to remove a unit with people in it', async () => {
    const east = units.EAST as { id: string; rev: number };
    const loop = await admin({
      method: 'PATCH',
      url: `${base}/org-units/${east.id}`,
      headers: { 'accept-language': 'en' },
      payload: { rev: east.rev, kind: 'outlet', parentId: units['EAST-1']?.id },
    });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().error.details.map((d: { message: string }) => d.message)).toContain(
      'a unit cannot move under itself or a unit below it',
    );
    const busy = await admin({ method: 'DELETE', url: `${base}/org-units/${east.id}?rev=${east.rev}` });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.code).toBe('ORG_UNITS_ERR_NOT_EMPTY');
  });
});

describe('data scope follows the tree', () => {
  it('shows a supervisor their unit and every unit below it, nothing beside or above', async () => {
    expect(namesIn(await (await signIn('east-boss'))({ method: 'GET', url: `${base}/managers` }))).toEqual([
      'east-mgr',
      'sub-mgr',
    ]);
    expect(namesIn(await (await signIn('sub-boss'))({ method: 'GET', url: `${base}/managers` }))).toEqual([
      'sub-mgr',
    ]);
    expect(namesIn(await (await signIn('west-boss'))({ method: 'GET', url: `${base}/managers` }))).toEqual([
      'west-mgr',
    ]);
    const sub = await signIn('sub-boss');
    expect((await sub({ method: 'GET', url: `${base}/managers/${people['east-mgr']}` })).statusCode).toBe(
      404,
    );
    const mine = await signIn('east-mgr');
    expect(namesIn(await mine({ method: 'GET', url: `${base}/managers` }))).toEqual(['east-mgr']);
    expect(
      namesIn(await admin({ method: 'GET', url: `${base}/managers?orgUnitId=${units.EAST?.id}` })),
    ).toEqual(['east-mgr', 'sub-mgr']);
  });
});

describe('managers and grades', () => {
  it('keeps every grade change with its reason, and refuses a profile for a non-manager', async () => {
    const id = people['east-mgr'] as string;
    const before = (await admin({ method: 'GET', url: `${base}/managers/${id}` })).json();
    const changed = await admin({
      method: 'POST',
      url: `${base}/managers/${id}/grade`,
      payload: { rev: before.rev, grade: 'level1', reason: 'two excellent appraisals in a row' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().grade).toBe('level1');
    expect(
      changed.json().gradeHistory.map((g: { from: string | null; to: string }) => [g.from, g.to]),
    ).toEqual([
      [null, 'level2'],
      ['level2', 'level1'],
    ]);
    expect(changed.json().gradeHistory[1]).toMatchObject({
      reason: 'two excellent appraisals in a row',
      decidedBy: { email: inst.users.institution_admin },
    });
    const blank = await admin({
      method: 'POST',
      url: `${base}/managers/${id}/grade`,
      payload: { rev: changed.json().rev, grade: 'senior', reason: ' ' },
    });
    expect(blank.statusCode).toBe(400);
    const notManager = await admin({
      method: 'POST',
      url: `${base}/managers`,
      payload: { userId: people['east-boss'], grade: 'trainee', teamRole: 'assistant' },
    });
    expect(notManager.json().error.code).toBe('MANAGERS_ERR_NOT_A_MANAGER');
  });

  it("serves the seed's grade definitions until the institution sets its own", async () => {
    const grades = (await (await signIn('west-mgr'))({ method: 'GET', url: `${base}/grades` })).json().items;
    expect(grades.map((g: { grade: string }) => g.grade)).toEqual(['senior', 'level1', 'level2', 'trainee']);
    expect(grades[3].criteria.zh).toContain('熟悉基本的产品知识');
    const set = await admin({
      method: 'PUT',
      url: `${base}/grades/trainee`,
      payload: {
        rev: 0,
        criteria: label('新标准', 'New rule'),
        customerTiers: ['small'],
        products: ['cards'],
        baseSalary: 5500,
      },
    });
    expect(set.json()).toMatchObject({ grade: 'trainee', baseSalary: 5500, rev: 1 });
    const stale = await admin({
      method: 'PUT',
      url: `${base}/grades/trainee`,
      payload: { rev: 0, criteria: label('再改', 'Again'), customerTiers: [], products: [], baseSalary: 1 },
    });
    expect(stale.statusCode).toBe(409);
  });
});

describe("workflows' subject's supervisor", () => {
  it('is the supervisor of the subject’s own unit, not one beside it', async () => {
    const workflow = {
      key: 'leave',
      title: label('请假', 'Leave'),
      states: [
        { key: 'asked', label: label('已申请', 'Asked'), kind: 'start' },
        { key: 'granted', label: label('已批准', 'Granted'), kind: 'final' },
      ],
      transitions: [
        {
          key: 'grant',
          label: label('批准', 'Grant'),
          from: 'asked',
          to: 'granted',
          actors: { kind: 'supervisor' },
        },
      ],
    };
    const created = (await admin({ method: 'POST', url: `${base}/workflows`, payload: workflow })).json();
    await admin({
      method: 'POST',
      url: `${base}/workflows/${created.id}/publish`,
      payload: { rev: created.rev },
    });
    const started = await (await signIn('sub-mgr'))({
      method: 'POST',
      url: `${base}/workflows/${created.id}/instances`,
      payload: { subject: { kind: 'manager', id: 'sub-mgr', userId: people['sub-mgr'] } },
    });
    const instance = started.json();
    expect(instance.subject.supervisorIds).toEqual([people['sub-boss']]);
    const act = async (who: string) =>
      (await signIn(who))({
        method: 'POST',
        url: `${base}/instances/${instance.id}/actions`,
        payload: { rev: instance.rev, action: 'grant' },
      });
    expect((await act('west-boss')).statusCode).toBe(403);
    expect((await act('sub-boss')).json().state).toBe('granted');
  });
});
