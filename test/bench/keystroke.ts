// npm run bench (in test/): time per keystroke in the portal's fill page for a ~300-field form, next to
// plain rjsf (antd theme, default validator, controlled formData) with the same schema, in Chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM, signIn } from '../kit/chromium.js';
import { generatedLargeForm } from '../kit/large-form.js';
import { STANDALONE_PASSWORD, seedPublishedForm, startStandalone } from '../kit/standalone.js';

const KEYS = Number(process.env.BENCH_KEYS ?? 60);
const WARMUP_KEYS = 5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const TEXT = 'The quick brown fox jumps over the lazy dog 0123456789 abcdefghijklmnopqrstuvwxyz';
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

/**
 * Timing in the page: from a key's keydown (its event timestamp) to the frame after the `input` event
 * it caused, i.e. once React has committed and the browser has had its chance to paint.
 */
const PROBE = `
  window.__keyTimes = [];
  let started = null;
  addEventListener('keydown', (e) => { if (started === null) started = e.timeStamp; }, true);
  addEventListener('input', () => {
    const t0 = started;
    started = null;
    if (t0 === null) return;
    requestAnimationFrame(() => setTimeout(() => window.__keyTimes.push(performance.now() - t0), 0));
  }, true);
  window.__waitForKeys = (n) => new Promise((resolve) => {
    const poll = () => (window.__keyTimes.length >= n ? resolve() : setTimeout(poll, 1));
    poll();
  });
`;

declare global {
  interface Window {
    __keyTimes: number[];
    __waitForKeys(n: number): Promise<void>;
  }
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** Types one key at a time into the field and returns each key's time; the first keys warm up. */
async function typeAndTime(page: Page, selector: string): Promise<number[]> {
  const input = page.locator(selector);
  await input.scrollIntoViewIfNeeded();
  await input.click();
  const chars = TEXT.repeat(2).slice(0, WARMUP_KEYS + KEYS);
  for (const [i, char] of [...chars].entries()) {
    await page.keyboard.press(char === ' ' ? 'Space' : char);
    await page.evaluate((n) => window.__waitForKeys(n), i + 1);
  }
  const value = await input.inputValue();
  if (value !== chars) throw new Error(`the field holds ${JSON.stringify(value)}, not what was typed`);
  return (await page.evaluate(() => window.__keyTimes)).slice(WARMUP_KEYS);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? Number.NaN };
};

const { schema, fieldCount, textField } = generatedLargeForm();

if (!process.env.BENCH_SKIP_BUILD) {
  execFileSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: root,
    stdio: 'inherit',
  });
}

// (b) plain rjsf: built from plain-rjsf/ into a temp dir and served statically.
const plainDir = mkdtempSync(path.join(tmpdir(), 'rapport-plain-rjsf-'));
await build({
  root: path.join(here, 'plain-rjsf'),
  configFile: false,
  logLevel: 'error',
  build: { outDir: plainDir, emptyOutDir: true, chunkSizeWarningLimit: 5000 },
});
const plainServer = Fastify();
await plainServer.register(fastifyStatic, { root: plainDir });
const plainUrl = await listen(plainServer);

// (a) the real portal: the app with its UIs, a manager, and the form published through the services.
const rapport = await startStandalone({ ui: true });
let browser: Browser | undefined;
try {
  const seeded = await seedPublishedForm(rapport.app, 'bench', {
    key: 'large-300',
    title: { zh: '300 项考核表', en: '300-field appraisal' },
    description: { zh: '', en: '' },
    schema,
    uiSchema: {},
    readScope: 'own',
  });
  const rapportUrl = rapport.url;

  browser = await chromium.launch(CHROMIUM);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(PROBE);
  const login = await context.newPage();
  await login.goto(`${rapportUrl}/`);
  await signIn(login, seeded.managerEmail, STANDALONE_PASSWORD);
  await login.getByTestId('home-greeting').waitFor({ timeout: 30_000 });
  await login.close();

  const pages = {
    'RapportForm (portal fill page)': `${rapportUrl}/forms/${seeded.formId.toHexString()}/fill`,
    'plain rjsf': `${plainUrl}/`,
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(pages).map((name) => [name, []]));
  const fieldsShown: Record<string, number> = {};
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so that neither page always runs first on a machine whose load varies.
    const order = Object.entries(pages);
    if (round % 2 === 1) order.reverse();
    for (const [name, url] of order) {
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      await page.goto(url);
      await page.locator(`#${textField.id}`).waitFor();
      fieldsShown[name] = await page
        .locator('[data-testid="rjsf-form"] :is(input, textarea, .ant-select)')
        .count();
      samples[name]?.push(...(await typeAndTime(page, `#${textField.id}`)));
      await page.close();
    }
  }

  console.log(
    `# Per keystroke, ${fieldCount}-field form, ${KEYS} keys × ${ROUNDS} rounds per page into ${textField.pointer}, Chromium, ${new Date().toISOString()}`,
  );
  const plain = stats(samples['plain rjsf'] ?? []);
  const rows = Object.entries(samples).map(([name, times]) => {
    const s = stats(times);
    return {
      page: name,
      controls: fieldsShown[name],
      'p50 ms': Number(s.p50.toFixed(1)),
      'p95 ms': Number(s.p95.toFixed(1)),
      'max ms': Number(s.max.toFixed(1)),
      'p95 / plain p95': (s.p95 / plain.p95).toFixed(2),
      'p50 / plain p50': (s.p50 / plain.p50).toFixed(2),
    };
  });
  console.table(rows);
} finally {
  await browser?.close();
  await rapport.stop();
  await plainServer.close();
  rmSync(plainDir, { recursive: true, force: true });
}
