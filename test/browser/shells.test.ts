import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  PASSWORD,
  type SeededInstitution,
  seedInstitution,
  seedPlatformAdmin,
  type TestApp,
} from '../kit/index.js';

// Debian's chromium; flags keep it off the (closed) network.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let t: TestApp;
let base: string;
let browser: Browser;
let inst: SeededInstitution;
let rootEmail: string;

beforeAll(async () => {
  t = await buildTestApp({ ui: true });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  rootEmail = await seedPlatformAdmin(t.app);
  inst = await seedInstitution(t.app, 'browser');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A page whose waits fail after 10 s with the selector named, well inside the test's own timeout. */
async function newPage(): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

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
