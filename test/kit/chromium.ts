import type { Page } from 'playwright-core';

/** The sign-in password of the test kit's seeded users. */
export const PASSWORD = 'Test-Password-123';

/** Debian's chromium; the flags keep it off the (closed) network. */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** Fills the sign-in page the browser is on. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}
