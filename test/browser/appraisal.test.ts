import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, startBrowserRig } from '../kit/browser.js';
import { signIn } from '../kit/chromium.js';
import { as, login, PASSWORD, type SeededInstitution, seedInstitution } from '../kit/index.js';

let rig: BrowserRig;
let base: string;
let inst: SeededInstitution;
let api: string;
let admin: ReturnType<typeof as>;
let cycleId: string;
let appraisalId: string;
let instanceId: string;

const label = (zh: string, en: string) => ({ zh, en });
const MANAGER = 'wang@appraisal-ui.test';

beforeAll(async () => {
  rig = await startBrowserRig();
  base = rig.base;
  inst = await seedInstitution(rig.t.app, 'appraisal-ui');
  api = `/api/institutions/${inst.id}`;
  admin = as(rig.t.app, await login(rig.t.app, inst.users.institution_admin));
  const users = (await admin({ method: 'GET', url: `${api}/users` })).json().items as {
    id: string;
    email: string;
  }[];
  const adminId = users.find((u) => u.email === inst.users.institution_admin)?.id as string;
  expect((await admin({ method: 'POST', url: `${api}/indicators/defaults` })).statusCode).toBeLessThan(300);
  const user = await admin({
    method: 'POST',
    url: `${api}/users`,
    payload: { email: MANAGER, name: '王经理', password: PASSWORD, role: 'manager' },
  });
  expect(user.statusCode, user.body).toBe(201);
  const profile = await admin({
    method: 'POST',
    url: `${api}/managers`,
    payload: { userId: user.json().id, grade: 'level2', teamRole: 'relationship-manager' },
  });
  expect(profile.statusCode, profile.body).toBe(201);
  const cycle = await admin({
    method: 'POST',
    url: `${api}/cycles`,
    payload: {
      code: 'y2026',
      name: label('2026 年度考核', 'Appraisal 2026'),
      period: { from: '2026-01-01', to: '2026-12-31' },
      regularity: 'regular',
      scope: 'comprehensive',
      plan: {
        purpose: label('评价全年工作', 'Appraise the year'),
        principles: label('公平公开', 'Fair and open'),
        content: label('绩效、行为、能力', 'Performance, behaviour, ability'),
        timing: label('年末', 'Year end'),
      },
      population: { orgUnitIds: [], grades: [] },
      indicatorSets: { level2: 'default-level2' },
      sourceWeights: { self: 20, supervisor: 80, peer: 0, customer: 0 },
      customerSample: { size: 3, linkDays: 14 },
      committee: [adminId],
      levelRule: { kind: 'bands', excellent: 85, good: 75, qualified: 60 },
      phases: [],
    },
  });
  expect(cycle.statusCode, cycle.body).toBe(201);
  cycleId = cycle.json().id;
  const launched = await admin({
    method: 'POST',
    url: `${api}/cycles/${cycleId}/launch`,
    payload: { rev: cycle.json().rev },
  });
  expect(launched.statusCode, launched.body).toBe(200);
  expect(launched.json()).toMatchObject({ appraisals: 1, created: 1, skipped: [] });
  const [appraisal] = (await admin({ method: 'GET', url: `${api}/cycles/${cycleId}/appraisals` })).json()
    .items as { id: string; instanceId: string }[];
  appraisalId = appraisal?.id as string;
  instanceId = appraisal?.instanceId as string;
}, 60_000);

afterAll(() => rig?.close());

/** Opens the appraisal's task from the portal inbox, takes `action` and, for a form, rates every indicator `rating`. */
async function act(page: Page, action: string, rating?: number) {
  await page.getByTestId('nav-inbox').click();
  await page.getByTestId(`open-instance-${instanceId}`).click();
  await page.getByTestId(`action-${action}`).click();
  if (rating !== undefined) {
    const groups = page.getByTestId('action-form').locator('.ant-radio-group');
    await groups.first().waitFor();
    const count = await groups.count();
    expect(count, 'the evaluation form rates at least one indicator').toBeGreaterThan(0);
    for (let i = 0; i < count; i++)
      await groups
        .nth(i)
        .locator('label.ant-radio-wrapper', { hasText: new RegExp(`^${rating}$`) })
        .click();
  }
  await page.getByTestId('action-confirm').click();
  await page.getByTestId('act-success').waitFor();
}

describe('an appraisal cycle in the browser', () => {
  it('the manager self-evaluates and the supervisor evaluates in the portal; after publishing, the manager reads their total, level and how the score was made, and the admin sees it in the monitor', async () => {
    const manager = await rig.session();
    await manager.goto(`${base}/`);
    await signIn(manager, MANAGER);
    await act(manager, 'submit-self', 4);
    // Before the results are out the manager sees where the appraisal stands, not a score.
    await manager.getByTestId('nav-appraisals').click();
    await expect
      .poll(() => manager.getByTestId(`appraisal-state-${appraisalId}`).textContent())
      .toBe('主管评价');

    const supervisor = await rig.session();
    await supervisor.goto(`${base}/`);
    await signIn(supervisor, inst.users.supervisor);
    await act(supervisor, 'submit-supervisor', 5);
    await act(supervisor, 'close-sample');

    const cycle = (await admin({ method: 'GET', url: `${api}/cycles/${cycleId}` })).json();
    const published = await admin({
      method: 'POST',
      url: `${api}/cycles/${cycleId}/publish`,
      payload: { rev: cycle.rev },
    });
    expect(published.statusCode, published.body).toBe(200);

    // Self 4/5 → 75 (20 %), supervisor 5/5 → 100 (80 %); with the business data's items, the total
    // the server published is what the manager reads.
    const result = (await admin({ method: 'GET', url: `${api}/appraisals/${appraisalId}` })).json();
    const total = String(result.finalTotal);
    const level = { excellent: '优秀', good: '良好', qualified: '合格', unqualified: '不合格' }[
      result.level as string
    ] as string;
    expect(result.finalTotal, 'a total was published').toBeGreaterThan(0);
    await manager.reload();
    await expect.poll(() => manager.getByTestId(`appraisal-level-${appraisalId}`).textContent()).toBe(level);
    await manager.getByTestId(`appraisal-open-${appraisalId}`).click();
    await expect.poll(() => manager.getByTestId('appraisal-level').textContent()).toBe(level);
    expect(await manager.getByTestId('appraisal-result').textContent()).toContain(total);
    expect(await manager.getByTestId('computation-total').textContent()).toContain(total);
    const row = manager.getByTestId('indicator-relationship-network');
    expect(await row.getByTestId('indicator-relationship-network-self').textContent()).toContain('→ 75');
    expect(await row.getByTestId('indicator-relationship-network-supervisor').textContent()).toContain('80%');
    // An item nobody rates in this cycle (customers weigh 0) is said to be left out, and why.
    expect(await manager.getByTestId('indicator-customer-rating').textContent()).toContain('未计入');
    expect(await manager.getByTestId('indicator-customer-rating').textContent()).toContain(
      '没有权重大于 0 的评价来源',
    );
    expect(await manager.getByTestId('appraisal-workflow').count()).toBe(1);

    const adminPage = await rig.session();
    await adminPage.goto(`${base}/admin/`);
    await signIn(adminPage, inst.users.institution_admin);
    await adminPage.getByTestId('nav-cycles').click();
    await adminPage.getByTestId('cycle-open-y2026').click();
    await expect.poll(() => adminPage.getByTestId('cycle-status').textContent()).toBe('结果已公布');
    await expect
      .poll(() => adminPage.getByTestId(`appraisal-level-${appraisalId}`).textContent())
      .toBe(level);
    await adminPage.getByTestId(`appraisal-open-${appraisalId}`).click();
    await expect.poll(() => adminPage.getByTestId('computation-total').textContent()).toBe(total);
    await expect.poll(() => adminPage.getByTestId('drawer-state').textContent()).toBe('结果已公布');

    // A link that was never handed out says so, without a sign-in.
    const stranger = await rig.session();
    await stranger.goto(`${base}/evaluate/0123456789abcdef01234567.1.bad-signature`);
    await stranger.getByTestId('evaluate-invalid').waitFor();
  }, 120_000);
});
