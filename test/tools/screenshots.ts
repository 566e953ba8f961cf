// npm run screenshots -w @rapport/test: the README's pictures of the builder and the portal, from a real server.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, startPrivateRedis } from '@rapport/core';
import { startEmbeddedMongo } from '@rapport/embedded-mongo';
import { chromium, type Page } from 'playwright-core';

const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const PASSWORD = 'Screens-Password-1';
const dbPath = mkdtempSync(path.join(tmpdir(), 'rapport-screens-'));
const mongo = await startEmbeddedMongo({ dbPath });
const redis = await startPrivateRedis();
const app = await buildApp({
  mongoUri: mongo.uri,
  dbName: 'screens',
  redisUrl: redis.url,
  sessionSecret: randomBytes(32).toString('hex'),
});
const inst = await app.institutions.create(
  {
    code: 'demo',
    name: { zh: '演示农村信用合作社', en: 'Demo Rural Credit Cooperative' },
    industry: 'banking',
  },
  null,
);
const admin = await app.users.create(
  inst._id,
  { email: 'admin@demo.test', name: '王管理', password: PASSWORD, role: 'institution_admin' },
  null,
);
await app.users.create(
  inst._id,
  { email: 'manager@demo.test', name: '张经理', password: PASSWORD, role: 'manager' },
  null,
);
const actor = { id: admin._id, name: admin.name, email: admin.email };
const form = await app.forms.create(
  inst._id,
  {
    key: 'quarterly-appraisal',
    title: { zh: '客户经理季度考核表', en: 'Quarterly manager appraisal' },
    description: { zh: '绩效、行为、能力三类指标', en: 'Performance, behaviour and ability' },
    schema: {
      type: 'object',
      required: ['newCustomers', 'depositGrowth'],
      properties: {
        performance: {
          type: 'object',
          title: '绩效指标',
          properties: {
            newCustomers: {
              type: 'integer',
              title: '新增客户数',
              minimum: 0,
              maximum: 50,
              'x-rapport-weight': 40,
              'x-rapport-indicator': 'new-customers',
            },
            depositStart: { type: 'number', title: '期初存款余额（万元）', minimum: 0 },
            depositEnd: { type: 'number', title: '期末存款余额（万元）', minimum: 0 },
            depositGrowth: {
              type: 'number',
              title: '存款增长（万元）',
              readOnly: true,
              'x-rapport-computed': 'performance.depositEnd - performance.depositStart',
            },
          },
        },
        behaviour: {
          type: 'object',
          title: '行为指标',
          properties: {
            visits: { type: 'integer', title: '本季走访次数', minimum: 0, 'x-rapport-weight': 20 },
            weeklyEntries: { type: 'boolean', title: '每周按时录入客户信息', 'x-rapport-weight': 10 },
          },
        },
        ability: {
          type: 'object',
          title: '能力指标',
          properties: {
            customerRating: { type: 'string', title: '客户评价', enum: ['A', 'B', 'C', 'D'] },
            note: { type: 'string', title: '自评说明', maxLength: 500 },
          },
        },
      },
    },
    uiSchema: { ability: { note: { 'ui:widget': 'textarea' } } },
    fillRoles: ['manager'],
    readScope: 'team',
  },
  actor,
);
await app.forms.publish(inst._id, form._id, form.rev, actor);
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

async function signIn(url: string, email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(url);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  return page;
}

const builder = await signIn(`${base}/admin/`, 'admin@demo.test');
await builder.getByTestId('nav-forms').click();
await builder.getByTestId('form-open-quarterly-appraisal').click();
await builder.getByTestId('canvas-field-newCustomers').click();
await builder.waitForTimeout(800);
await builder.screenshot({ path: `${out}builder.png` });

const portal = await signIn(`${base}/`, 'manager@demo.test');
await portal.getByTestId('nav-forms').click();
await portal.getByTestId('fill-form-quarterly-appraisal').click();
await portal.locator('#root_performance_newCustomers').fill('12');
await portal.locator('#root_performance_depositStart').fill('860');
await portal.locator('#root_performance_depositEnd').fill('1025');
await portal.waitForTimeout(1200);
await portal.screenshot({ path: `${out}portal.png` });

await browser.close();
await app.close();
await redis.stop();
await mongo.stop();
rmSync(dbPath, { recursive: true, force: true });
console.log(`screenshots written to ${out}`);
