// npm run bench (in test/): time per keystroke in the portal's fill page for a ~300-field form, next to
// plain rjsf (antd theme, default validator, controlled formData) with the same schema, in Chromium.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { buildApp, startPrivateRedis } from '@rapport/core';
import { startEmbeddedMongo } from '@rapport/embedded-mongo';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { generatedLargeForm } from '../kit/large-form.js';

const KEYS = Number(process.env.BENCH_KEYS ?? 60);
const WARMUP_KEYS = 5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PASSWORD = 'Bench-Password-1';
const TEXT = 'The quick brown fox jumps over the lazy dog 0123456789 abcdefghijklmnopqrstuvwxyz';
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

// Debian's chromium; flags keep it off the (closed) network.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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
const dbPath = mkdtempSync(path.join(tmpdir(), 'rapport-bench-'));
const mongo = await startEmbeddedMongo({ dbPath });
const redis = await startPrivateRedis();
const app = await buildApp({
  mongoUri: mongo.uri,
  dbName: 'bench',
  redisUrl: redis.url,
  sessionSecret: randomBytes(32).toString('hex'),
  ui: true,
});
let browser: Browser | undefined;
try {
  const institution = await app.institutions.create(
    { code: 'bench', name: { zh: '压测机构', en: 'Bench' }, industry: 'banking' },
    null,
  );
  const admin = await app.users.create(
    institution._id,
    { email: 'admin@bench.test', name: 'Admin', password: PASSWORD, role: 'institution_admin' },
    null,
  );
  await app.users.create(
    institution._id,
    { email: 'manager@bench.test', name: 'Manager', password: PASSWORD, role: 'manager' },
    null,
  );
  const actor = { id: admin._id, name: admin.name, email: admin.email };
  const form = await app.forms.create(
    institution._id,
    {
      key: 'large-300',
      title: { zh: '300 项考核表', en: '300-field appraisal' },
      description: { zh: '', en: '' },
      schema,
      uiSchema: {},
      fillRoles: ['manager'],
      readScope: 'own',
    },
    actor,
  );
  await app.forms.publish(institution._id, form._id, form.rev, actor);
  const rapportUrl = await listen(app);

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(PROBE);
  const signIn = await context.newPage();
  await signIn.goto(`${rapportUrl}/`);
  await signIn.getByTestId('login-email').fill('manager@bench.test');
  await signIn.getByTestId('login-password').fill(PASSWORD);
  await signIn.getByTestId('login-submit').click();
  await signIn.getByTestId('home-greeting').waitFor({ timeout: 30_000 });
  await signIn.close();

  const pages = {
    'RapportForm (portal fill page)': `${rapportUrl}/forms/${form._id.toHexString()}/fill`,
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
  await app.close();
  await plainServer.close();
  await redis.stop();
  await mongo.stop();
  rmSync(dbPath, { recursive: true, force: true });
  rmSync(plainDir, { recursive: true, force: true });
}
