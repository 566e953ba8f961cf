import type { AddressInfo } from 'node:net';
import type { AppOptions } from '@rapport/core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM } from './chromium.js';
import { buildTestApp, type TestApp } from './index.js';

export interface BrowserRig {
  t: TestApp;
  base: string;
  browser: Browser;
  /** A session of its own (own cookies), whose waits fail after 15 s naming what they waited for. */
  session(): Promise<Page>;
  close(): Promise<void>;
}

/** A test app serving the built UIs on a free port, and a Chromium to drive them; `options` e.g. run workers. */
export async function startBrowserRig(options: Partial<AppOptions> = {}): Promise<BrowserRig> {
  const t = await buildTestApp({ ui: true, ...options });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch(CHROMIUM);
  return {
    t,
    base,
    browser,
    session: async () => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}
