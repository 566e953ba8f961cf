import type { Locator, Page } from 'playwright-core';
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

/** A real pointer drag, in steps, from the centre of one element to the centre of another. */
async function drag(page: Page, source: Locator, target: Locator) {
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('drag source or target is not visible');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 20 });
  await page.mouse.up();
}

/** Opens an antd select, types to narrow its options and takes the first one left. */
async function choose(page: Page, select: Locator, search: string) {
  await select.click();
  await page.keyboard.type(search);
  await page.locator('.ant-select-item-option-active').filter({ hasText: search }).waitFor();
  await page.keyboard.press('Enter');
}

/** Fills the selected state's panel: key (applied on Enter) and both names. */
async function nameState(page: Page, key: string, zh: string, en: string) {
  await page.getByTestId('state-key').fill(key);
  await page.getByTestId('state-key').press('Enter');
  await page.getByTestId(`state-node-${key}`).waitFor();
  await page.getByTestId('state-label-zh').fill(zh);
  await page.getByTestId('state-label-en').fill(en);
}

async function nameTransition(page: Page, key: string, zh: string, en: string) {
  await page.getByTestId('transition-key').fill(key);
  await page.getByTestId('transition-key').press('Enter');
  await page.getByTestId('transition-label-zh').fill(zh);
  await page.getByTestId('transition-label-en').fill(en);
}

/**
 * Designs requested → reviewed (a supervisor) → approved (2 of a committee of the supervisor and
 * the admin) in the admin designer, saves and publishes it; returns the workflow's id.
 */
async function designGradeChange(): Promise<string> {
  const page = await rig.session();
  await page.goto(`${base}/admin/`);
  await signIn(page, inst.users.institution_admin);
  await page.getByTestId('nav-workflows').click();
  await page.getByTestId('workflow-create').click();
  await page.getByTestId('workflow-create-key').fill('grade-change');
  await page.getByTestId('workflow-create-title-zh').fill('等级调整');
  await page.getByTestId('workflow-create-title-en').fill('Grade change');
  await page.getByTestId('workflow-create-submit').click();
  await page.getByTestId('workflow-canvas').waitFor();

  // Three states; the first added is the start.
  await page.getByTestId('designer-add-state').click();
  await nameState(page, 'requested', '已申请', 'Requested');
  // A deadline already past by the time anyone looks: the task shows as overdue.
  await page.getByTestId('state-deadline').click();
  await page.getByTestId('state-deadline-hours').fill('0.0001');
  await page.getByTestId('designer-add-state').click();
  await nameState(page, 'reviewed', '已审核', 'Reviewed');
  await page.getByTestId('designer-add-state').click();
  await nameState(page, 'approved', '已批准', 'Approved');
  await page.getByTestId('state-kind-final').click();
  // Nothing leads anywhere yet: the designer says so on the graph.
  await page.getByTestId('state-problem-reviewed').waitFor();

  // The first transition is drawn between the states' handles…
  await drag(page, page.getByTestId('handle-out-requested'), page.getByTestId('handle-in-reviewed'));
  await page.getByTestId('transition-panel').waitFor();
  await nameTransition(page, 'review', '审核', 'Review');
  await choose(page, page.getByTestId('transition-actors-role'), '主管');

  // …the second is added from the state's panel, without drawing.
  await page.getByTestId('state-node-reviewed').click();
  await choose(page, page.getByTestId('state-add-transition-to'), '已批准');
  await page.getByTestId('state-add-transition').click();
  await page.getByTestId('transition-panel').waitFor();
  await nameTransition(page, 'approve', '批准', 'Approve');
  await choose(page, page.getByTestId('transition-actors-kind'), '评审小组');
  await choose(page, page.getByTestId('transition-actors-users'), 'supervisor@');
  await choose(page, page.getByTestId('transition-actors-users'), 'institution_admin@');
  await page.keyboard.press('Escape');
  await page.getByTestId('transition-actors-required').fill('2');
  await page.getByTestId('transition-actors-required').blur();

  await page.getByTestId('workflow-problems-none').waitFor();
  expect(await page.locator('[data-invalid="true"]').count(), 'no state is marked invalid').toBe(0);
  await page.getByTestId('designer-save').click();
  await page.waitForURL(/\/workflows\/[0-9a-f]{24}$/);
  await expect.poll(() => page.getByTestId('designer-dirty').count()).toBe(0);
  await page.getByTestId('designer-publish').click();
  await expect.poll(() => page.getByTestId('designer-version').textContent()).toBe('v1');
  const workflowId = new URL(page.url()).pathname.split('/').at(-1) as string;

  const version = (
    await admin({ method: 'GET', url: `/api/institutions/${inst.id}/workflows/${workflowId}/versions/1` })
  ).json();
  expect(version.states.map((s: { key: string; kind: string }) => `${s.key}:${s.kind}`)).toEqual([
    'requested:start',
    'reviewed:normal',
    'approved:final',
  ]);
  expect(version.states[0].deadline).toEqual({ hours: 0.0001 });
  expect(version.transitions).toEqual([
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
  ]);
  await page.context().close();
  return workflowId;
}

describe('the workflow inbox, end to end', () => {
  it('an admin designs and publishes a workflow; a supervisor sees the unread badge, opens the task, acts on it, recovers from a conflict and sees it leave the inbox', async () => {
    const workflowId = await designGradeChange();
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
  }, 120_000);
});
