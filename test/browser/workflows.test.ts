import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, startBrowserRig } from '../kit/browser.js';
import { signIn } from '../kit/chromium.js';
import { as, login, type SeededInstitution, seedInstitution } from '../kit/index.js';

let rig: BrowserRig;
let t: BrowserRig['t'];
let base: string;
let inst: SeededInstitution;
let ids: Record<string, string>;
let admin: ReturnType<typeof as>;
let manager: ReturnType<typeof as>;

const label = (zh: string, en: string) => ({ zh, en });

beforeAll(async () => {
  rig = await startBrowserRig();
  ({ t, base } = rig);
  inst = await seedInstitution(t.app, 'inbox-ui');
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  manager = as(t.app, await login(t.app, inst.users.manager));
  const users = (await admin({ method: 'GET', url: `/api/institutions/${inst.id}/users` })).json().items as {
    id: string;
    email: string;
  }[];
  ids = Object.fromEntries(users.map((u) => [u.email.split('@')[0] as string, u.id]));
}, 60_000);

afterAll(() => rig?.close());

/** Requested → reviewed (a supervisor) → approved (2 of a committee of the supervisor and the admin). */
async function publishGradeChange(): Promise<string> {
  const created = await admin({
    method: 'POST',
    url: `/api/institutions/${inst.id}/workflows`,
    payload: {
      key: 'grade-change',
      title: label('等级调整', 'Grade change'),
      states: [
        // A deadline already past by the time anyone looks: the task shows as overdue.
        { key: 'requested', label: label('已申请', 'Requested'), kind: 'start', deadline: { hours: 0.0001 } },
        { key: 'reviewed', label: label('已审核', 'Reviewed'), kind: 'normal' },
        { key: 'approved', label: label('已批准', 'Approved'), kind: 'final' },
      ],
      transitions: [
        {
          key: 'review',
          label: label('审核', 'Review'),
          from: 'requested',
          to: 'reviewed',
          actors: { kind: 'role', role: 'supervisor' },
        },
        {
          key: 'approve',
          label: label('批准', 'Approve'),
          from: 'reviewed',
          to: 'approved',
          actors: { kind: 'committee', userIds: [ids.supervisor, ids.institution_admin], required: 2 },
        },
      ],
    },
  });
  expect(created.statusCode).toBe(201);
  const published = await admin({
    method: 'POST',
    url: `/api/institutions/${inst.id}/workflows/${created.json().id}/publish`,
    payload: { rev: created.json().rev },
  });
  expect(published.statusCode).toBe(200);
  return created.json().id;
}

describe('the workflow inbox, end to end', () => {
  it('a supervisor sees the unread badge, opens the task, acts on it, recovers from a conflict and sees it leave the inbox', async () => {
    const workflowId = await publishGradeChange();
    const started = await manager({
      method: 'POST',
      url: `/api/institutions/${inst.id}/workflows/${workflowId}/instances`,
      payload: { subject: { kind: 'manager', id: 'M-001', userId: ids.manager } },
    });
    expect(started.statusCode).toBe(201);
    const instanceId = started.json().id as string;

    const page = await rig.session();
    await page.goto(`${base}/`);
    await signIn(page, inst.users.supervisor);
    // A task (and perhaps already the overdue notice) is waiting.
    await expect.poll(() => page.getByTestId('unread-count').textContent()).toMatch(/^[12]$/);

    await page.getByTestId('nav-inbox').click();
    await page.getByTestId(`open-instance-${instanceId}`).waitFor();
    await expect.poll(() => page.getByTestId('inbox-table').textContent()).toContain('等级调整');
    await expect.poll(() => page.getByTestId('inbox-table').textContent()).toContain('manager · M-001');
    await expect.poll(() => page.getByTestId('inbox-table').textContent()).toContain('已申请');
    await page.getByTestId(`overdue-${instanceId}`).waitFor();

    await page.getByTestId(`open-instance-${instanceId}`).click();
    await page.getByTestId('history').waitFor();
    expect(await page.getByTestId('instance-title').textContent()).toBe('等级调整');
    expect(await page.getByTestId('history').textContent()).toContain('发起');
    // Only the transition leaving the current state is offered.
    expect(await page.getByTestId('action-approve').count()).toBe(0);
    await page.getByTestId('action-review').click();
    await page.getByTestId('action-comment').fill('材料齐全，同意上报');
    await page.getByTestId('action-confirm').click();
    await page.getByTestId('act-success').waitFor();
    expect(new URL(page.url()).pathname).toBe('/inbox');

    // As a committee member the supervisor has the next step too.
    await page.getByTestId(`open-instance-${instanceId}`).click();
    await expect.poll(() => page.getByTestId('approvals-approve').textContent()).toBe('已同意 0 / 2');
    const history = await page.getByTestId('history').textContent();
    expect(history).toContain('已申请 → 已审核');
    expect(history).toContain('材料齐全，同意上报');

    // Meanwhile the admin approves first: the supervisor's copy is stale.
    const current = (
      await admin({ method: 'GET', url: `/api/institutions/${inst.id}/instances/${instanceId}` })
    ).json();
    const adminVote = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/instances/${instanceId}/actions`,
      payload: { rev: current.rev, action: 'approve' },
    });
    expect(adminVote.statusCode).toBe(200);

    await page.getByTestId('action-approve').click();
    await page.getByTestId('action-confirm').click();
    await page.getByTestId('action-reload').click();
    await expect.poll(() => page.getByTestId('approvals-approve').textContent()).toBe('已同意 1 / 2');
    await page.getByTestId('action-approve').click();
    await page.getByTestId('action-confirm').click();
    await page.getByTestId('act-success').waitFor();
    await expect.poll(() => page.getByTestId(`open-instance-${instanceId}`).count()).toBe(0);
    // Acting marked the instance's notifications read.
    await expect.poll(() => page.getByTestId('unread-count').count()).toBe(0);

    const done = (
      await admin({ method: 'GET', url: `/api/institutions/${inst.id}/instances/${instanceId}` })
    ).json();
    expect(done.state).toBe('approved');
    expect(done.closedAt).not.toBeNull();
    expect(done.history.map((h: { action: string }) => h.action)).toEqual(['start', 'review', 'approve']);
  });
});
