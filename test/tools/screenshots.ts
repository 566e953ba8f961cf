// npm run screenshots -w @rapport/test: the README's pictures of the builder and the portal, from a real server.
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, signIn } from '../kit/chromium.js';
import { STANDALONE_PASSWORD, seedPublishedForm, startStandalone } from '../kit/standalone.js';

const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const standalone = await startStandalone({ ui: true });
const seeded = await seedPublishedForm(standalone.app, 'demo', {
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
  readScope: 'team',
});
const base = standalone.url;

const browser = await chromium.launch(CHROMIUM);

async function open(url: string, email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(url);
  await signIn(page, email, STANDALONE_PASSWORD);
  return page;
}

const builder = await open(`${base}/admin/`, seeded.adminEmail);
await builder.getByTestId('nav-forms').click();
await builder.getByTestId('form-open-quarterly-appraisal').click();
await builder.getByTestId('canvas-field-newCustomers').click();
await builder.waitForTimeout(800);
await builder.screenshot({ path: `${out}builder.png` });

// A three-state workflow in the designer, its middle state selected.
const admin = await standalone.app.users.findByEmail(seeded.adminEmail);
if (!admin) throw new Error('the seeded admin is gone');
const label = (zh: string, en: string) => ({ zh, en });
await standalone.app.workflows.create(
  seeded.institutionId,
  {
    key: 'quarterly-appraisal-review',
    title: label('季度考核审批', 'Quarterly appraisal review'),
    states: [
      { key: 'submitted', label: label('已提交', 'Submitted'), kind: 'start', position: { x: 0, y: 80 } },
      {
        key: 'reviewed',
        label: label('主管已审核', 'Reviewed'),
        kind: 'normal',
        deadline: {
          hours: 72,
          remindBeforeHours: 24,
          escalateTo: { kind: 'role', role: 'institution_admin' },
        },
        position: { x: 300, y: 0 },
      },
      { key: 'approved', label: label('已批准', 'Approved'), kind: 'final', position: { x: 600, y: 80 } },
    ],
    transitions: [
      {
        key: 'review',
        label: label('主管审核', 'Review'),
        from: 'submitted',
        to: 'reviewed',
        actors: { kind: 'supervisor' },
        form: 'quarterly-appraisal',
      },
      {
        key: 'approve',
        label: label('批准', 'Approve'),
        from: 'reviewed',
        to: 'approved',
        actors: { kind: 'role', role: 'institution_admin' },
      },
      {
        key: 'return',
        label: label('退回', 'Return'),
        from: 'reviewed',
        to: 'submitted',
        actors: { kind: 'role', role: 'institution_admin' },
      },
    ],
  },
  { id: admin._id, name: admin.name, email: admin.email },
);
await builder.getByTestId('nav-workflows').click();
await builder.getByTestId('workflow-open-quarterly-appraisal-review').click();
await builder.getByTestId('state-node-reviewed').click();
await builder.waitForTimeout(800);
await builder.screenshot({ path: `${out}workflow-designer.png` });

const portal = await open(`${base}/`, seeded.managerEmail);
await portal.getByTestId('nav-forms').click();
await portal.getByTestId('fill-form-quarterly-appraisal').click();
await portal.locator('#root_performance_newCustomers').fill('12');
await portal.locator('#root_performance_depositStart').fill('860');
await portal.locator('#root_performance_depositEnd').fill('1025');
await portal.waitForTimeout(1200);
await portal.screenshot({ path: `${out}portal.png` });

await browser.close();
await standalone.stop();
console.log(`screenshots written to ${out}`);
