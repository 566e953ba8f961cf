import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, startBrowserRig } from '../kit/browser.js';
import { signIn } from '../kit/chromium.js';
import { type SeededInstitution, seedInstitution, seedPlatformAdmin } from '../kit/index.js';

let rig: BrowserRig;
let t: BrowserRig['t'];
let base: string;
let inst: SeededInstitution;
let rootEmail: string;
const newPage = () => rig.session();

beforeAll(async () => {
  rig = await startBrowserRig();
  ({ t, base } = rig);
  rootEmail = await seedPlatformAdmin(t.app);
  inst = await seedInstitution(t.app, 'browser');
}, 60_000);

afterAll(() => rig?.close());

describe('admin console', () => {
  it('sends a visitor to the zh-CN sign-in page, refuses a wrong password, then lets the platform admin manage institutions and sign out', async () => {
    const page = await newPage();
    await page.goto(`${base}/admin/`);
    await page.getByTestId('login-email').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    await signIn(page, rootEmail, 'not-the-password');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('邮箱或密码错误');

    await signIn(page, rootEmail);
    await page.getByTestId('institutions-table').waitFor();
    await expect.poll(() => page.getByTestId('institutions-table').textContent()).toContain('browser');

    await page.getByTestId('institution-create').click();
    await page.getByTestId('institution-form-code').fill('postal-east');
    await page.getByTestId('institution-form-name-zh').fill('东区邮政局');
    await page.getByTestId('institution-form-name-en').fill('East Postal Bureau');
    await page.getByTestId('institution-form-industry').click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /邮政|Postal/ })
      .first()
      .click();
    await page.getByTestId('institution-form-submit').click();
    await expect.poll(() => page.getByTestId('institutions-table').textContent()).toContain('东区邮政局');
    expect(await t.app.institutions.findByCode('postal-east')).toMatchObject({
      industry: 'postal',
      name: { en: 'East Postal Bureau' },
    });

    await page.getByTestId('logout').click();
    await page.getByTestId('login-email').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);
    await page.close();
  });

  it('lets an institution admin add a user to their own institution, in English after switching language', async () => {
    const page = await newPage();
    await page.goto(`${base}/admin/`);
    await signIn(page, inst.users.institution_admin);
    await page.getByTestId('users-table').waitFor();
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-name').fill('Zhou Manager');
    await page.getByTestId('user-form-email').fill('zhou@browser.test');
    await page.getByTestId('user-form-password').fill('Zhou-Password-1');
    await page.getByTestId('user-form-role').click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^Customer manager$/ })
      .click();
    await page.getByTestId('user-form-submit').click();
    await expect.poll(() => page.getByTestId('users-table').textContent()).toContain('zhou@browser.test');
    const created = await t.app.users.findByEmail('zhou@browser.test');
    expect(created).toMatchObject({ role: 'manager', name: 'Zhou Manager' });
    expect(created?.institutionId?.toHexString()).toBe(inst.id);
    await page.close();
  });
});

describe('portal', () => {
  it('signs a manager in, greets them by name, and signs them out', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    await signIn(page, inst.users.manager);
    await expect.poll(() => page.getByTestId('home-greeting').textContent()).toContain('browser manager');
    await page.reload();
    await expect.poll(() => page.getByTestId('user-name').textContent()).toContain('browser manager');
    await page.getByTestId('logout').click();
    await page.getByTestId('login-email').waitFor();
    await page.close();
  });
});
