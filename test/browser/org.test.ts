import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, startBrowserRig } from '../kit/browser.js';
import { signIn } from '../kit/chromium.js';
import { as, login, type SeededInstitution, seedInstitution } from '../kit/index.js';

let rig: BrowserRig;
let inst: SeededInstitution;
let admin: ReturnType<typeof as>;

beforeAll(async () => {
  rig = await startBrowserRig();
  inst = await seedInstitution(rig.t.app, 'org-ui');
  admin = as(rig.t.app, await login(rig.t.app, inst.users.institution_admin));
}, 60_000);

afterAll(() => rig?.close());

/** Opens an antd select and clicks the option that shows `text`. */
async function pick(page: Page, select: Locator, text: string) {
  await select.click();
  await page.locator('.ant-select-item-option:visible').filter({ hasText: text }).first().click();
}

/** Fills the org unit modal and saves it. */
async function fillUnit(page: Page, code: string, zh: string, en: string) {
  await page.getByTestId('org-unit-code').fill(code);
  await page.getByTestId('org-unit-name-zh').fill(zh);
  await page.getByTestId('org-unit-name-en').fill(en);
  await page.getByTestId('org-unit-submit').click();
}

describe('org tree and manager profiles in the admin console', () => {
  it('builds a head office and a branch, places the manager in the branch and changes their grade with a reason', async () => {
    const page = await rig.session();
    await page.goto(`${rig.base}/admin/`);
    await signIn(page, inst.users.institution_admin);

    // An empty tree starts with the head office.
    await page.getByTestId('nav-org').click();
    await page.getByTestId('org-create').click();
    await fillUnit(page, 'HQ', '总行', 'Head office');
    await page.getByTestId('org-unit-HQ').waitFor();

    // A branch below it; a code already taken is refused and the modal says why.
    await page.getByTestId('org-add-child-HQ').click();
    await fillUnit(page, 'HQ', '东城分行', 'East branch');
    await expect
      .poll(() => page.getByTestId('server-problems').textContent(), {
        message: 'the modal lists the refused code',
      })
      .toContain('编码');
    await page.getByTestId('org-unit-code').fill('EAST');
    await page.getByTestId('org-unit-submit').click();
    await page.getByTestId('org-unit-EAST').waitFor();

    // The seeded manager is placed in the branch from the users page.
    await page.getByTestId('nav-users').click();
    await page.getByTestId(`user-change-role-${inst.users.manager}`).click();
    await page.getByTestId('user-role-unit').click();
    await page.getByTestId('unit-option-EAST').click();
    await page.getByTestId('user-role-submit').click();
    await page.getByTestId('user-role-submit').waitFor({ state: 'detached' });
    await page.getByTestId('nav-org').click();
    await expect
      .poll(() => page.getByTestId('org-unit-people-EAST').textContent(), {
        message: 'the branch counts the manager placed in it',
      })
      .toBe('1 人');

    // Their manager profile is opened, then their grade changed with a reason.
    await page.getByTestId('nav-managers').click();
    await page.getByTestId('manager-open').click();
    await pick(page, page.getByTestId('manager-open-user'), inst.users.manager);
    await page.getByTestId('manager-open-submit').click();
    await page.getByTestId(`manager-profile-${inst.users.manager}`).click();
    await expect.poll(() => page.getByTestId('profile-grade').textContent()).toBe('见习客户经理');
    await page.getByTestId('profile-change-grade').click();
    await pick(page, page.getByTestId('grade-change-grade'), '二级客户经理');
    await page.getByTestId('grade-change-reason').fill('季度考核优秀，晋升二级');
    await page.getByTestId('grade-change-submit').click();

    await expect
      .poll(() => page.getByTestId('profile-grade').textContent(), {
        message: 'the profile shows the new grade',
      })
      .toBe('二级客户经理');
    const entries = page.getByTestId('grade-history-entry');
    await expect.poll(() => entries.count(), { message: 'initial grade and the change' }).toBe(2);
    expect(await entries.first().getByTestId('grade-history-reason').textContent(), 'newest first').toBe(
      '季度考核优秀，晋升二级',
    );
    expect(await entries.first().textContent()).toContain('见习客户经理 → 二级客户经理');

    const managers = (await admin({ method: 'GET', url: `/api/institutions/${inst.id}/managers` })).json()
      .items as { email: string; orgUnitId: string; grade: string; gradeHistory: { reason: string }[] }[];
    const units = (await admin({ method: 'GET', url: `/api/institutions/${inst.id}/org-units` })).json()
      .items as { id: string; code: string; parentId: string | null }[];
    const hq = units.find((u) => u.code === 'HQ');
    const east = units.find((u) => u.code === 'EAST');
    expect(east?.parentId, 'the branch sits under the head office').toBe(hq?.id);
    expect(managers).toMatchObject([
      {
        email: inst.users.manager,
        orgUnitId: east?.id,
        grade: 'level2',
        gradeHistory: [{ reason: 'initial grade' }, { reason: '季度考核优秀，晋升二级' }],
      },
    ]);
    await page.context().close();
  });
});
