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
let supervisor: ReturnType<typeof as>;
let manager: ReturnType<typeof as>;
/** User ids by the part of their email before the @. */
const ids: Record<string, string> = {};
const auditors: ReturnType<typeof as>[] = [];

const label = (zh: string, en: string) => ({ zh, en });
type Instance = {
  id: string;
  rev: number;
  state: string;
  assignees: string[];
  history: { action: string }[];
};

/** An on-site check: an auditor from the pool inspects, then files the report. */
function inspection(key: string, assignment: 'round-robin' | 'least-loaded', pool: string[]) {
  return {
    key,
    title: label('现场检查', 'On-site check'),
    states: [
      { key: 'assigned', label: label('已分派', 'Assigned'), kind: 'start' },
      { key: 'done', label: label('已完成', 'Done'), kind: 'final' },
    ],
    transitions: [
      {
        key: 'file',
        label: label('提交报告', 'File the report'),
        from: 'assigned',
        to: 'done',
        actors: { kind: 'pool', userIds: pool, assignment },
      },
    ],
  };
}

async function published(definition: object): Promise<string> {
  const created = (
    await admin({ method: 'POST', url: `/api/institutions/${inst.id}/workflows`, payload: definition })
  ).json();
  const res = await admin({
    method: 'POST',
    url: `/api/institutions/${inst.id}/workflows/${created.id}/publish`,
    payload: { rev: created.rev },
  });
  expect(res.statusCode, res.body).toBe(200);
  return created.id;
}

async function start(workflowId: string, subjectId = 'M-001'): Promise<Instance> {
  const res = await admin({
    method: 'POST',
    url: `/api/institutions/${inst.id}/workflows/${workflowId}/instances`,
    payload: { subject: { kind: 'manager', id: subjectId, userId: ids.manager } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const emailOf = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0];

beforeAll(async () => {
  t = await buildTestApp({ capabilities: ['workflows'] });
  inst = await seedInstitution(t.app, 'pools');
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  supervisor = as(t.app, await login(t.app, inst.users.supervisor));
  manager = as(t.app, await login(t.app, inst.users.manager));
  for (const n of [2, 3]) {
    const res = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/users`,
      payload: { email: `auditor${n}@pools.test`, name: `Auditor ${n}`, password: PASSWORD, role: 'auditor' },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const users = (await admin({ method: 'GET', url: `/api/institutions/${inst.id}/users` })).json().items as {
    id: string;
    email: string;
  }[];
  for (const u of users) ids[u.email.split('@')[0] as string] = u.id;
  for (const email of [inst.users.auditor, 'auditor2@pools.test', 'auditor3@pools.test'])
    auditors.push(as(t.app, await login(t.app, email)));
});
afterAll(() => t.close());

describe('pools', () => {
  it('hands tasks to the members of a round-robin pool in turn, and only the one picked may act', async () => {
    const pool = [ids.auditor, ids.auditor2, ids.auditor3] as string[];
    const workflowId = await published(inspection('round-robin', 'round-robin', pool));
    const picks: string[] = [];
    for (let i = 0; i < 6; i++) picks.push(((await start(workflowId)).assignees as string[]).join());
    expect(picks.map(emailOf)).toEqual([
      'auditor',
      'auditor2',
      'auditor3',
      'auditor',
      'auditor2',
      'auditor3',
    ]);

    const instance = await start(workflowId);
    const holder = pool.indexOf(instance.assignees[0] as string);
    const other = auditors[(holder + 1) % 3] as ReturnType<typeof as>;
    const refused = await other({
      method: 'POST',
      url: `/api/institutions/${inst.id}/instances/${instance.id}/actions`,
      payload: { rev: instance.rev, action: 'file' },
    });
    expect(refused.statusCode).toBe(403);
    const inbox = (await other({ method: 'GET', url: `/api/institutions/${inst.id}/inbox` })).json().items;
    expect(inbox.map((i: Instance) => i.id)).not.toContain(instance.id);
    const done = await (auditors[holder] as ReturnType<typeof as>)({
      method: 'POST',
      url: `/api/institutions/${inst.id}/instances/${instance.id}/actions`,
      payload: { rev: instance.rev, action: 'file' },
    });
    expect(done.json().state).toBe('done');
  });

  it('gives a least-loaded pool’s task to the member with the fewest open tasks', async () => {
    const pool = [ids.auditor, ids.auditor2, ids.auditor3] as string[];
    const busy = await published(inspection('busy', 'round-robin', [ids.auditor, ids.auditor2] as string[]));
    // Open tasks held before: auditor and auditor2 two more each (on top of the other test's).
    for (let i = 0; i < 4; i++) await start(busy);
    const workflowId = await published(inspection('least-loaded', 'least-loaded', pool));
    const first = await start(workflowId);
    expect(emailOf(first.assignees[0] as string)).toBe('auditor3');
  });
});

describe('reassigning, commenting and listing', () => {
  it('hands a task to another member, who may then act; the previous holder no longer may', async () => {
    const workflowId = await published(
      inspection('handover', 'round-robin', [ids.auditor, ids.auditor2] as string[]),
    );
    const instance = await start(workflowId);
    const from = emailOf(instance.assignees[0] as string);
    const to = from === 'auditor' ? 'auditor2' : 'auditor';
    const byManager = await manager({
      method: 'POST',
      url: `/api/institutions/${inst.id}/instances/${instance.id}/reassign`,
      payload: { rev: instance.rev, userId: ids[to] },
    });
    // The manager is the subject: they may read the instance, not hand its task around.
    expect(byManager.statusCode).toBe(403);
    const toSubject = await supervisor({
      method: 'POST',
      url: `/api/institutions/${inst.id}/instances/${instance.id}/reassign`,
      payload: { rev: instance.rev, userId: ids.manager },
    });
    expect(toSubject.json().error.code).toBe('WORKFLOWS_ERR_SELF_APPROVAL');
    const stranger = await supervisor({
      method: 'POST',
      url: `/api/institutions/${inst.id}/instances/${instance.id}/reassign`,
      payload: { rev: instance.rev, userId: '0123456789abcdef01234567' },
      headers: { 'accept-language': 'en' },
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error.details[0]).toMatchObject({
      path: '/userId',
      message: 'not an active member of this institution',
    });
    const moved = await supervisor({
      method: 'POST',
      url: `/api/institutions/${inst.id}/instances/${instance.id}/reassign`,
      payload: { rev: instance.rev, userId: ids[to], comment: 'on leave this week' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ assignees: [ids[to]], state: 'assigned' });
    expect(moved.json().history.at(-1)).toMatchObject({
      action: 'reassign',
      comment: 'on leave this week',
      assignees: [{ email: `${to}@pools.test` }],
    });
    const stale = await supervisor({
      method: 'POST',
      url: `/api/institutions/${inst.id}/instances/${instance.id}/reassign`,
      payload: { rev: instance.rev, userId: ids[to] },
    });
    expect(stale.statusCode).toBe(409);

    const previous = auditors[from === 'auditor' ? 0 : 1] as ReturnType<typeof as>;
    const next = auditors[from === 'auditor' ? 1 : 0] as ReturnType<typeof as>;
    const url = `/api/institutions/${inst.id}/instances/${instance.id}/actions`;
    const rev = moved.json().rev;
    expect((await previous({ method: 'POST', url, payload: { rev, action: 'file' } })).statusCode).toBe(403);
    expect((await next({ method: 'POST', url, payload: { rev, action: 'file' } })).json().state).toBe('done');
  });

  it('appends comments to the history without a revision, and refuses a blank one', async () => {
    const workflowId = await published(inspection('remarks', 'round-robin', [ids.auditor] as string[]));
    const instance = await start(workflowId);
    const url = `/api/institutions/${inst.id}/instances/${instance.id}/comments`;
    const blank = await supervisor({ method: 'POST', url, payload: { comment: '   ' } });
    expect(blank.statusCode).toBe(400);
    await supervisor({ method: 'POST', url, payload: { comment: 'please bring the vouchers' } });
    const second = await (auditors[0] as ReturnType<typeof as>)({
      method: 'POST',
      url,
      payload: { comment: 'will do' },
    });
    expect(second.statusCode).toBe(200);
    expect(second.json().state).toBe('assigned');
    expect(
      second.json().history.map((h: { action: string; comment?: string }) => h.comment ?? h.action),
    ).toEqual(['start', 'please bring the vouchers', 'will do']);
  });

  it('lists instances by subject, state and assignee with pagination; a manager sees only their own', async () => {
    const workflowId = await published(inspection('listed', 'round-robin', [ids.auditor] as string[]));
    for (let i = 0; i < 5; i++) await start(workflowId, `C-${i}`);
    const list = async (who: ReturnType<typeof as>, query: string) => {
      const res = await who({ method: 'GET', url: `/api/institutions/${inst.id}/instances?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { subject: { id: string } }[]; total: number };
    };
    const page1 = await list(supervisor, `workflowId=${workflowId}&pageSize=2`);
    const page3 = await list(supervisor, `workflowId=${workflowId}&pageSize=2&page=3`);
    expect(page1.total).toBe(5);
    expect(page1.items.map((i) => i.subject.id)).toEqual(['C-4', 'C-3']);
    expect(page3.items.map((i) => i.subject.id)).toEqual(['C-0']);
    expect((await list(supervisor, `workflowId=${workflowId}&subjectId=C-2`)).total).toBe(1);
    expect((await list(supervisor, `workflowId=${workflowId}&state=done`)).total).toBe(0);
    expect((await list(supervisor, `workflowId=${workflowId}&assignee=${ids.auditor}&open=true`)).total).toBe(
      5,
    );
    expect((await list(supervisor, `workflowId=${workflowId}&assignee=${ids.auditor2}`)).total).toBe(0);
    // The manager is each one's subject; another manager is not.
    expect((await list(manager, `workflowId=${workflowId}`)).total).toBe(5);
    const res = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/users`,
      payload: { email: 'manager2@pools.test', name: 'Manager 2', password: PASSWORD, role: 'manager' },
    });
    expect(res.statusCode).toBe(201);
    const other = as(t.app, await login(t.app, 'manager2@pools.test'));
    expect((await list(other, `workflowId=${workflowId}`)).total).toBe(0);
    const one = page1.items[0] as unknown as { id: string };
    const read = await other({ method: 'GET', url: `/api/institutions/${inst.id}/instances/${one.id}` });
    expect(read.statusCode).toBe(404);
    const bad = await supervisor({
      method: 'GET',
      url: `/api/institutions/${inst.id}/instances?pageSize=500`,
    });
    expect(bad.statusCode).toBe(400);
  });
});
