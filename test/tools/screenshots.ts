// npm run screenshots -w @rapport/test: the README's pictures of the builder and the portal, from a real server.
import { fileURLToPath } from 'node:url';
import type { ObjectId } from 'mongodb';
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

// The org tree of a rural credit cooperative, and its managers across the four grades.
const actor = { id: admin._id, name: admin.name, email: admin.email };
const units = new Map<string, ObjectId>();
for (const [code, zh, en, kind, parent] of [
  ['HQ', '县联社', 'County union', 'head-office', null],
  ['EAST', '城东信用社', 'East cooperative', 'branch', 'HQ'],
  ['WEST', '城西信用社', 'West cooperative', 'branch', 'HQ'],
  ['EAST-01', '东街分社', 'East Street sub-branch', 'sub-branch', 'EAST'],
  ['EAST-01-A', '菜市口网点', 'Market outlet', 'outlet', 'EAST-01'],
] as const) {
  const unit = await standalone.app.orgUnits.create(
    seeded.institutionId,
    { code, name: label(zh, en), kind, parentId: parent ? (units.get(parent) ?? null) : null },
    actor,
  );
  units.set(code, unit._id);
}
const supervisor = await standalone.app.users.create(
  seeded.institutionId,
  {
    email: 'li@demo.test',
    name: '李主管',
    password: STANDALONE_PASSWORD,
    role: 'supervisor',
    orgUnitId: units.get('EAST'),
  },
  null,
);
const people = [
  { email: seeded.managerEmail, name: '张经理', unit: 'EAST', grade: 'level2', groups: ['学校', '医院'] },
  { email: 'chen@demo.test', name: '陈经理', unit: 'EAST-01', grade: 'level1', groups: ['政府机关'] },
  { email: 'liu@demo.test', name: '刘经理', unit: 'WEST', grade: 'senior', groups: ['集团客户', '建筑'] },
  { email: 'sun@demo.test', name: '孙经理', unit: 'WEST', grade: 'trainee', groups: ['商贸', '餐饮'] },
] as const;
for (const person of people) {
  const orgUnitId = units.get(person.unit) ?? null;
  const existing = await standalone.app.users.findByEmail(person.email);
  const user = existing
    ? await standalone.app.users.update(
        seeded.institutionId,
        existing._id,
        existing.rev,
        { orgUnitId },
        actor,
      )
    : await standalone.app.users.create(
        seeded.institutionId,
        { email: person.email, name: person.name, password: STANDALONE_PASSWORD, role: 'manager', orgUnitId },
        null,
      );
  await standalone.app.managers.create(
    seeded.institutionId,
    {
      userId: user._id,
      grade: 'trainee',
      teamRole: 'relationship-manager',
      supervisorId: supervisor._id,
      industryGroups: [...person.groups],
      certifications: [{ name: '客户经理资格', certifiedAt: new Date('2025-03-15'), score: 88 }],
      reason: '资格认证通过，定为见习客户经理',
    },
    actor,
  );
  if (person.grade !== 'trainee') {
    await standalone.app.managers.changeGrade(
      seeded.institutionId,
      user._id,
      1,
      { grade: person.grade, reason: '年度考核优秀，晋升等级' },
      actor,
    );
  }
}
await builder.getByTestId('nav-org').click();
await builder.getByTestId('org-unit-EAST-01-A').waitFor();
await builder.waitForTimeout(500);
await builder.screenshot({ path: `${out}org.png` });
await builder.getByTestId('nav-managers').click();
await builder.getByTestId(`manager-profile-${seeded.managerEmail}`).click();
await builder.getByTestId('grade-history').waitFor();
await builder.waitForTimeout(800);
await builder.screenshot({ path: `${out}managers.png` });

const portal = await open(`${base}/`, seeded.managerEmail);
await portal.getByTestId('nav-forms').click();
await portal.getByTestId('fill-form-quarterly-appraisal').click();
await portal.locator('#root_performance_newCustomers').fill('12');
await portal.locator('#root_performance_depositStart').fill('860');
await portal.locator('#root_performance_depositEnd').fill('1025');
await portal.waitForTimeout(1200);
await portal.screenshot({ path: `${out}portal.png` });

// An appraisal cycle of the East cooperative: rated in the workflow, one score calibrated, results published.
async function signedIn(email: string) {
  const res = await standalone.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: STANDALONE_PASSWORD },
  });
  const cookie = res.cookies.find((c) => c.name === 'rapport_sid');
  if (!cookie) throw new Error(`${email} could not sign in`);
  return async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const answer = await standalone.app.inject({
      method,
      url: `/api/institutions/${seeded.institutionId.toHexString()}${url}`,
      headers: { cookie: `rapport_sid=${cookie.value}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    if (answer.statusCode >= 300)
      throw new Error(`${method} ${url} answered ${answer.statusCode}: ${answer.body}`);
    return answer.statusCode === 204 ? null : answer.json();
  };
}
type Caller = Awaited<ReturnType<typeof signedIn>>;
/** Takes a workflow action as the portal does, first filing its form with every rating `rating`. */
async function rate(who: Caller, instanceId: string, action: string, rating?: number) {
  const instance = await who('GET', `/instances/${instanceId}`);
  let submissionId: string | undefined;
  if (rating !== undefined) {
    const version = await who('GET', `/workflows/${instance.workflowId}/versions/${instance.version}`);
    const formKey = version.transitions.find((tr: { key: string }) => tr.key === action).form;
    const form = (await who('GET', '/forms?fillable=true')).items.find(
      (f: { key: string }) => f.key === formKey,
    );
    const fields = (await who('GET', `/forms/${form.id}/versions/${form.latestVersion}`)).schema.properties;
    const data: Record<string, unknown> = { remarks: '全年工作认真负责，客户关系稳定。' };
    for (const [code, field] of Object.entries(fields as Record<string, { type: string }>))
      if (field.type !== 'string') data[code] = rating;
    submissionId = (await who('POST', `/forms/${form.id}/submissions`, { data, submit: true })).id;
  }
  await who('POST', `/instances/${instanceId}/actions`, {
    rev: instance.rev,
    action,
    ...(submissionId ? { submissionId } : {}),
  });
}
const asAdmin = await signedIn(seeded.adminEmail);
const asSupervisor = await signedIn('li@demo.test');
await asAdmin('POST', '/indicators/defaults', {});
const y2026 = {
  code: 'y2026',
  name: label('2026 年度客户经理考核', 'Manager appraisal 2026'),
  period: { from: '2026-01-01', to: '2026-12-31' },
  regularity: 'regular',
  scope: 'comprehensive',
  plan: {
    purpose: label(
      '评价全年工作，决定等级调整与绩效工资',
      'Appraise the year for grades and performance pay',
    ),
    principles: label('公平、公开、绩酬挂钩', 'Fair, open, pay for performance'),
    content: label('绩效、行为、能力', 'Performance, behaviour, ability'),
    timing: label('每年 12 月', 'Every December'),
  },
  population: { orgUnitIds: [units.get('EAST')?.toHexString()], grades: [] },
  indicatorSets: {
    senior: 'default-senior',
    level1: 'default-level1',
    level2: 'default-level2',
    trainee: 'default-trainee',
  },
  sourceWeights: { self: 20, supervisor: 60, peer: 0, customer: 20 },
  customerSample: { size: 3, linkDays: 14 },
  committee: [admin._id.toHexString()],
  levelRule: { kind: 'bands', excellent: 85, good: 70, qualified: 55 },
  phases: [
    { key: 'self', label: label('自评', 'Self-evaluation'), from: '2026-12-01', to: '2026-12-07' },
    {
      key: 'review',
      label: label('主管评价', 'Supervisor evaluation'),
      from: '2026-12-08',
      to: '2026-12-15',
    },
  ],
};
const plan = await asAdmin('POST', '/cycles', y2026);
await asAdmin('POST', `/cycles/${plan.id}/launch`, { rev: plan.rev });
const appraisals = (await asAdmin('GET', `/cycles/${plan.id}/appraisals`)).items as {
  id: string;
  instanceId: string;
  manager: { email: string };
}[];
const ratings: Record<string, [number, number]> = { [seeded.managerEmail]: [4, 5], 'chen@demo.test': [3, 4] };
for (const a of appraisals) {
  const [self, boss] = ratings[a.manager.email] ?? [3, 3];
  await rate(await signedIn(a.manager.email), a.instanceId, 'submit-self', self);
  await rate(asSupervisor, a.instanceId, 'submit-supervisor', boss);
  await rate(asSupervisor, a.instanceId, 'close-sample');
}
const zhang = appraisals.find((a) => a.manager.email === seeded.managerEmail);
if (!zhang) throw new Error('the demo manager has no appraisal');
const before = await asAdmin('GET', `/appraisals/${zhang.id}`);
await asAdmin('POST', `/appraisals/${zhang.id}/calibrations`, {
  rev: before.rev,
  total: Math.round(before.score.total - 3),
  reason: '一户对公客户投诉未及时处理，酌情下调',
  feedback: '全年客户关系维护出色；请加强投诉的跟进处理。',
});
const launched = await asAdmin('GET', `/cycles/${plan.id}`);
await asAdmin('POST', `/cycles/${plan.id}/publish`, { rev: launched.rev });

// The manager drawer of the previous picture is still open: go by address.
await builder.goto(`${base}/admin/institutions/${seeded.institutionId.toHexString()}/cycles`);
await builder.getByTestId('cycle-open-y2026').click();
await builder.getByTestId('appraisal-monitor').waitFor();
await builder.waitForTimeout(800);
await builder.screenshot({ path: `${out}cycle-monitor.png` });
await builder.getByTestId(`appraisal-open-${zhang.id}`).click();
await builder.getByTestId('computation').waitFor();
await builder.waitForTimeout(800);
await builder.screenshot({ path: `${out}cycle-appraisal.png` });

await portal.getByTestId('nav-appraisals').click();
await portal.getByTestId(`appraisal-open-${zhang.id}`).click();
await portal.getByTestId('computation').waitFor();
await portal.waitForTimeout(800);
await portal.screenshot({ path: `${out}appraisal-result.png`, fullPage: true });

// The reports dashboard: a second, half-year cycle of every manager, and customers of every class.
const h1 = await asAdmin('POST', '/cycles', {
  ...y2026,
  code: 'h1-2027',
  name: label('2027 上半年客户经理考核', 'Manager appraisal H1 2027'),
  period: { from: '2027-01-01', to: '2027-06-30' },
  population: { orgUnitIds: [], grades: [] },
  phases: [],
});
await asAdmin('POST', `/cycles/${h1.id}/launch`, { rev: h1.rev });
const h1Appraisals = (await asAdmin('GET', `/cycles/${h1.id}/appraisals`)).items as {
  id: string;
  instanceId: string;
  manager: { id: string; email: string };
}[];
const h1Ratings: Record<string, [number, number]> = {
  [seeded.managerEmail]: [5, 5],
  'chen@demo.test': [3, 3],
  'liu@demo.test': [4, 4],
  'sun@demo.test': [3, 2],
};
for (const a of h1Appraisals) {
  const [self, boss] = h1Ratings[a.manager.email] ?? [3, 3];
  await rate(await signedIn(a.manager.email), a.instanceId, 'submit-self', self);
  await rate(asSupervisor, a.instanceId, 'submit-supervisor', boss);
  await rate(asSupervisor, a.instanceId, 'close-sample');
}
const h1Launched = await asAdmin('GET', `/cycles/${h1.id}`);
await asAdmin('POST', `/cycles/${h1.id}/publish`, { rev: h1Launched.rev });
const today = new Date().toISOString().slice(0, 10);
const owners = h1Appraisals.map((a) => a.manager.id);
// [transactions, volume] per customer: frequent ≥ 12 transactions, large ≥ 10 000 000 (the defaults).
const activity: [number, number][] = [
  [14, 25_000_000],
  [12, 3_000_000],
  [13, 400_000],
  [15, 2_000_000],
  [3, 12_000_000],
  [2, 1_500_000],
  [4, 600_000],
  [1, 200_000],
  [5, 300_000],
  [0, 0],
  [0, 0],
  [0, 2_500_000],
];
for (const [i, [transactions, volume]] of activity.entries()) {
  const customer = await asAdmin('POST', '/customers', {
    code: `C${String(i + 1).padStart(3, '0')}`,
    name: `客户 ${i + 1} 有限公司`,
    kind: 'enterprise',
    relationshipManagerId: owners[i % owners.length],
  });
  for (let n = 0; n < transactions; n++)
    await asAdmin('POST', `/customers/${customer.id}/facts`, {
      date: today,
      kind: 'transaction',
      amount: 1000,
    });
  if (volume > 0)
    await asAdmin('POST', `/customers/${customer.id}/facts`, { date: today, kind: 'volume', amount: volume });
}
await builder.goto(`${base}/admin/institutions/${seeded.institutionId.toHexString()}/reports`);
await builder.getByTestId('reports-ranking').waitFor();
await builder.getByTestId('reports-mix').waitFor();
await builder.waitForTimeout(1500);
await builder.screenshot({ path: `${out}reports.png`, fullPage: true });

// My customers as 张经理 sees them: customers of each class with this quarter's business.
const zhangId = (await standalone.app.users.findByEmail(seeded.managerEmail))?._id.toHexString();
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const mine: [string, string, string, string | null, number, number][] = [
  ['DF-0101', '东方农机有限公司', 'enterprise', 'commerce', 16, 18_500_000],
  ['DF-0102', '城东第一中学', 'enterprise', 'schools', 12, 4_200_000],
  ['DF-0103', '仁和社区医院', 'enterprise', 'hospitals', 5, 1_600_000],
  ['DF-0104', '王建国（种植户）', 'household', null, 2, 380_000],
  ['DF-0105', '陈记老街餐馆', 'individual', 'catering', 0, 0],
];
for (const [code, name, kind, industryGroup, transactions, volume] of mine) {
  const customer = await asAdmin('POST', '/customers', {
    code,
    name,
    kind,
    industryGroup,
    relationshipManagerId: zhangId,
  });
  for (let n = 0; n < transactions; n++)
    await asAdmin('POST', `/customers/${customer.id}/facts`, {
      date: daysAgo(n * 5 + 1),
      kind: 'transaction',
      amount: 1000 + n * 250,
    });
  if (volume > 0)
    await asAdmin('POST', `/customers/${customer.id}/facts`, {
      date: daysAgo(10),
      kind: 'volume',
      amount: volume,
    });
}
await portal.getByTestId('nav-customers').click();
await portal.getByTestId('customer-open-DF-0101').waitFor();
await portal.waitForTimeout(800);
await portal.screenshot({ path: `${out}customers.png` });

// The plugin catalogue of a new credit union, then what installing the banking plugin with its demo created.
const union = await standalone.app.institutions.create(
  {
    code: 'xinhe',
    name: label('新河县农村信用合作联社', 'Xinhe County Rural Credit Union'),
    industry: 'banking',
  },
  null,
);
await standalone.app.users.create(
  union._id,
  { email: 'admin@xinhe.test', name: '赵管理员', password: STANDALONE_PASSWORD, role: 'institution_admin' },
  null,
);
const catalogue = await open(`${base}/admin/`, 'admin@xinhe.test');
await catalogue.getByTestId('nav-plugins').click();
await catalogue.getByTestId('plugins-catalogue').waitFor();
await catalogue.waitForTimeout(800);
await catalogue.screenshot({ path: `${out}plugins.png` });
await catalogue.getByTestId('plugin-install-banking').click();
await catalogue.getByTestId('install-confirm').click();
await catalogue.getByTestId('install-report').waitFor({ timeout: 120_000 });
await catalogue.waitForTimeout(800);
await catalogue.screenshot({ path: `${out}plugin-install.png` });

await browser.close();
await standalone.stop();
console.log(`screenshots written to ${out}`);
