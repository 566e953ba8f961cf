import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const dir = mkdtempSync(path.join(tmpdir(), 'kdiag-'));
await build({
  root: path.join(import.meta.dirname),
  configFile: false,
  logLevel: 'error',
  build: { outDir: dir, minify: false },
});
const s = Fastify();
await s.register(fastifyStatic, { root: dir });
await s.listen({ port: 0, host: '127.0.0.1' });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
page.on('pageerror', (e) => console.log('PAGEERR', e.message));
page.on('console', (m) => console.log('CONSOLE', m.text().slice(0, 300)));
await page.goto(`http://127.0.0.1:${(s.server.address() as any).port}/`);
await page.locator('#root_s5_f2').click();
await page.keyboard.press('a');
await page.waitForTimeout(300);
console.log('before', await page.evaluate(() => JSON.stringify((window as any).__counts)));
await page.keyboard.press('b');
await page.waitForTimeout(300);
console.log('after 1 key', await page.evaluate(() => JSON.stringify((window as any).__counts)));
await browser.close();
await s.close();
