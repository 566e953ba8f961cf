import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cyclePlan, evaluate, launchCycle } from '../kit/appraisal.js';
import { type BrowserRig, startBrowserRig } from '../kit/browser.js';
import { signIn } from '../kit/chromium.js';
import { as, login, PASSWORD, type SeededInstitution, seedInstitution } from '../kit/index.js';

let rig: BrowserRig;
let base: string;
let inst: SeededInstitution;
let api: string;
let admin: ReturnType<typeof as>;
let appraisalId: string;

const label = (zh: string, en: string) => ({ zh, en });
const MANAGER = 'zhao@audits-ui.test';
const AUDITOR = 'qian@audits-ui.test';
const year = new Date().getFullYear();

/** The checklist the auditor fills: one required line of what was checked. */
const checklist = {
  key: 'onsite-checklist',
  title: label('现场检查表', 'On-site checklist'),
  description: label('', ''),
  schema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['checked'],
    properties: {
      checked: { type: 'string', title: '检查情况', maxLength: 500 },
      cashCounted: { type: 'boolean', title: '已盘点现金' },
    },
  },
  uiSchema: {},
  fillRoles: ['auditor'],
  readScope: 'own',
};

beforeAll(async () => {
  // Running a plan now is a job: this app runs the workers.
  rig = await startBrowserRig({ worker: true });
  base = rig.base;
  inst = await seedInstitution(rig.t.app, 'audits-ui');
  api = `/api/institutions/${inst.id}`;
  admin = as(rig.t.app, await login(rig.t.app, inst.users.institution_admin));
  const units: Record<string, string> = {};
  for (const [code, kind, parent] of [
    ['HQ', 'head-office', null],
    ['EAST', 'branch', 'HQ'],
    ['WEST', 'branch', 'HQ'],
  ] as const) {
    const res = await admin({
      method: 'POST',
      url: `${api}/org-units`,
      payload: { code, name: label(`${code} 支行`, code), kind, parentId: parent ? units[parent] : null },
    });
    expect(res.statusCode, res.body).toBe(201);
    units[code] = res.json().id;
  }
  const users = (await admin({ method: 'GET', url: `${api}/users` })).json().items as {
    id: string;
    email: string;
  }[];
  const idOf = (email: string) => users.find((u) => u.email === email)?.id as string;
  const person = async (email: string, name: string, role: string, unit: string) => {
    const res = await admin({
      method: 'POST',
      url: `${api}/users`,
      payload: { email, name, password: PASSWORD, role, orgUnitId: units[unit] },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const managerId = await person(MANAGER, '赵经理', 'manager', 'EAST');
  await person(AUDITOR, '钱稽核', 'auditor', 'WEST');
  const profile = await admin({
    method: 'POST',
    url: `${api}/managers`,
    payload: {
      userId: managerId,
      grade: 'level2',
      teamRole: 'relationship-manager',
      supervisorId: idOf(inst.users.supervisor),
    },
  });
  expect(profile.statusCode, profile.body).toBe(201);
  const form = await admin({ method: 'POST', url: `${api}/forms`, payload: checklist });
  expect(form.statusCode, form.body).toBe(201);
  const published = await admin({
    method: 'POST',
    url: `${api}/forms/${form.json().id}/publish`,
    payload: { rev: form.json().rev },
  });
  expect(published.statusCode, published.body).toBe(200);

  // The manager's appraisal of this year, self and supervisor steps done: at calibration.
  expect((await admin({ method: 'POST', url: `${api}/indicators/defaults` })).statusCode).toBeLessThan(300);
  const { appraisals } = await launchCycle(
    admin,
    api,
    cyclePlan('y-audits', [idOf(inst.users.institution_admin)], {
      period: { from: `${year}-01-01`, to: `${year}-12-31` },
      indicatorSets: { level2: 'default-level2' },
      phases: [],
    }),
  );
  const [appraisal] = appraisals;
  appraisalId = appraisal?.id as string;
  await evaluate(
    api,
    as(rig.t.app, await login(rig.t.app, MANAGER)),
    as(rig.t.app, await login(rig.t.app, inst.users.supervisor)),
    appraisal?.instanceId as string,
    { self: 4, supervisor: 4 },
  );
}, 90_000);

afterAll(() => rig?.close());

/** Opens an antd select and clicks the option that shows `text`. */
async function pick(page: Page, select: Locator, text: string) {
  await select.click();
  await page.locator('.ant-select-item-option:visible').filter({ hasText: text }).first().click();
}

/** The appraisal's `inspection-findings` score as the server computes it now (null: not counted). */
async function inspectionScore(): Promise<number | null | undefined> {
  const res = await admin({ method: 'GET', url: `${api}/appraisals/${appraisalId}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().score?.indicators['inspection-findings'];
}

describe('a random unannounced spot check in the browser', () => {
  it("an admin creates a random unannounced plan, runs it now, an auditor completes a checklist with a finding, the finding shows in the manager's appraisal", async () => {
    expect(await inspectionScore(), 'before any inspection the indicator is not counted').toBeNull();

    // The admin writes the plan in the editor: random and unannounced are the defaults.
    const adminPage = await rig.session();
    await adminPage.goto(`${base}/admin/`);
    await signIn(adminPage, inst.users.institution_admin);
    await adminPage.getByTestId('nav-audits').click();
    await adminPage.getByTestId('audit-plan-create').click();
    await adminPage.getByTestId('plan-code').fill('spot-east');
    await adminPage.getByTestId('plan-name-zh').fill('现场随机抽查');
    await adminPage.getByTestId('plan-name-en').fill('On-site spot check');
    expect(
      await adminPage.getByTestId('plan-kind').locator('.ant-radio-button-wrapper-checked').textContent(),
    ).toBe('随机抽查');
    expect(
      await adminPage
        .getByTestId('plan-announced')
        .locator('.ant-radio-button-wrapper-checked')
        .textContent(),
    ).toBe('无预警');
    await pick(adminPage, adminPage.getByTestId('plan-checklist'), '现场检查表');
    await pick(adminPage, adminPage.getByTestId('plan-auditors'), '钱稽核');
    await adminPage.keyboard.press('Escape');
    await adminPage.getByTestId('plan-method-stock-count').click();
    await adminPage.getByTestId('plan-method-reconciliation').click();
    await adminPage.getByTestId('plan-n').fill('1');
    // The preview answers before saving: one manager in scope, one sampled.
    await expect.poll(() => adminPage.getByTestId('preview-population').textContent()).toBe('1');
    await expect.poll(() => adminPage.getByTestId('preview-sample-size').textContent()).toBe('1');
    await adminPage.getByTestId('plan-save').click();
    await expect.poll(() => adminPage.getByTestId('audit-plan-name').textContent()).toBe('现场随机抽查');

    await adminPage.getByTestId('audit-plan-run').click();
    await adminPage.getByTestId('audit-plan-run-confirm').click();
    // The run's sample shows the manager, by name, once the job has drawn it.
    await expect
      .poll(() => adminPage.locator('[data-testid^="run-sample-"]').first().textContent(), {
        timeout: 20_000,
      })
      .toContain('赵经理');
    const plan = (await admin({ method: 'GET', url: `${api}/audit-plans` })).json().items[0];
    const [audit] = (await admin({ method: 'GET', url: `${api}/audits?planId=${plan.id}` })).json().items;
    expect(audit, 'the run made an audit of the manager').toBeDefined();

    // Unannounced: the manager does not see it before the auditor opens it.
    const manager = await rig.session();
    await manager.goto(`${base}/audits`);
    await signIn(manager, MANAGER);
    await manager.getByTestId('audits-table').waitFor();
    expect(await manager.getByTestId(`audit-open-${audit.id}`).count()).toBe(0);

    // The auditor opens it, fills and submits the checklist, records a high finding and asks for a response.
    const auditor = await rig.session();
    await auditor.goto(`${base}/`);
    await signIn(auditor, AUDITOR);
    await auditor.getByTestId('nav-audits').click();
    await auditor.getByTestId(`audit-open-${audit.id}`).click();
    await auditor.getByTestId('audit-start').click();
    await auditor.getByTestId('audit-start-confirm').click();
    await expect.poll(() => auditor.getByTestId('audit-status').textContent()).toBe('检查中');
    await auditor.locator('#root_checked').fill('现金、重要空白凭证已盘点，账实相符');
    await auditor.getByTestId('checklist-submit').click();
    await auditor.getByTestId('checklist-attached').waitFor();
    await auditor
      .getByTestId('finding-severity-input')
      .locator('label.ant-radio-button-wrapper', { hasText: '严重' })
      .click();
    await pick(auditor, auditor.getByTestId('finding-method-input'), '核对');
    await auditor.getByTestId('finding-description').fill('两笔贷款档案缺少抵押物评估报告');
    await auditor.getByTestId('finding-evidence').fill('档案编号 2026-031、2026-047');
    await auditor.getByTestId('finding-corrective').fill('十个工作日内补齐评估报告');
    await auditor.getByTestId('finding-save').click();
    await expect.poll(() => auditor.getByTestId('finding-severity').first().textContent()).toBe('严重');
    await auditor.getByTestId('audit-request-response').click();
    await expect.poll(() => auditor.getByTestId('audit-status').textContent()).toBe('待客户经理回复');

    // The manager now sees the audit and its finding, and responds.
    await manager.reload();
    await manager.getByTestId(`audit-open-${audit.id}`).click();
    await expect.poll(() => manager.getByTestId('finding-severity').first().textContent()).toBe('严重');
    await manager.getByTestId('response-text').fill('已联系评估机构，本周内补齐');
    await manager.getByTestId('response-send').click();
    await manager.getByTestId('audit-response').waitFor();

    // The auditor closes the audit.
    await auditor.reload();
    await expect.poll(() => auditor.getByTestId('audit-status').textContent()).toBe('已回复');
    await auditor.getByTestId('audit-close').click();
    await auditor.getByTestId('audit-close-confirm').click();
    await expect.poll(() => auditor.getByTestId('audit-status').textContent()).toBe('已结束');

    // The finding (high, 3 points; 6 points score 0) scores the behaviour indicator 50 in the appraisal.
    expect(await inspectionScore(), 'a high finding scores the inspection indicator 50').toBe(50);
    await adminPage.getByTestId('nav-cycles').click();
    await adminPage.getByTestId('cycle-open-y-audits').click();
    await adminPage.getByTestId(`appraisal-open-${appraisalId}`).click();
    await expect
      .poll(() => adminPage.getByTestId('indicator-inspection-findings').textContent())
      .toContain('实际值 3 → 50 分');

    // The run is closed: its seed is revealed and the draw verifies.
    await adminPage.keyboard.press('Escape');
    await adminPage.getByTestId('nav-audits').click();
    await adminPage.getByTestId('audit-plan-open-spot-east').click();
    await adminPage.getByTestId('audit-tab-runs').click();
    await adminPage.locator('[data-testid^="run-verify-"]').first().click();
    await expect
      .poll(() => adminPage.locator('[data-testid^="run-verification-"]').first().textContent())
      .toContain('验证通过');
  }, 150_000);
});
