#!/usr/bin/env node
// npm run new-plugin <id> [-- --dir <folder>]: scaffolds plugins/<id>/ (or <folder>/<id>/) with a
// manifest, one form, one workflow, indicator sets for the four grades, a checklist with a spot-check
// plan, customer settings, grade criteria, an appraisal cycle template and a demo seed. The result passes the plugin contract suite as generated; docs/plugins.md
// explains each file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = fileURLToPath(new URL('..', import.meta.url));
/** The same rule as the manifest schema's `id` (schemas/src/plugin-manifest.ts). */
const ID = /^[a-z][a-z0-9-]{1,39}$/;
const GRADES = ['senior', 'level1', 'level2', 'trainee'];

function fail(en, zh) {
  process.stderr.write(`new-plugin: ${en}\nnew-plugin：${zh}\n`);
  process.exit(1);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { dir: { type: 'string' } },
  });
} catch (err) {
  fail(err.message, `参数有误：${err.message}`);
}
const { values, positionals } = parsed;
const id = positionals[0];
if (!id || positionals.length > 1)
  fail(
    'usage: npm run new-plugin <id> [-- --dir <folder>]',
    '用法：npm run new-plugin <id> [-- --dir <目录>]',
  );
if (!ID.test(id))
  fail(
    `"${id}" is not a valid plugin id: 2 to 40 characters, lowercase letters, digits and "-", starting with a letter (e.g. "insurance")`,
    `"${id}" 不是有效的插件 id：2 至 40 个字符，只用小写字母、数字和 "-"，以字母开头（如 "insurance"）`,
  );
const root = path.resolve(values.dir ?? path.join(repo, 'plugins'));
const dir = path.join(root, id);
if (existsSync(dir))
  fail(
    `${dir} already exists: choose another id, or remove the folder first`,
    `${dir} 已存在：请换一个 id，或先删除该目录`,
  );

const core = JSON.parse(readFileSync(path.join(repo, 'core', 'package.json'), 'utf8')).version;
const title = id
  .split('-')
  .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
  .join(' ');
const label = (zh, en) => ({ zh, en });
// Keys and codes carry the plugin id: an institution may install several plugins, and they share one namespace.
const key = (name) => `${id}-${name}`;

const manifest = {
  id,
  name: label(`${title} 插件`, `${title} plugin`),
  description: label(
    `${title} 行业的客户经理制内容：走访报告表单及其复核流程、四个等级的考核指标体系、客户类型和年度考核方案。`,
    `The customer-manager program for ${title}: a visit report form with its review workflow, indicator sets for the four grades, customer kinds and a yearly appraisal plan.`,
  ),
  version: '0.1.0',
  core: `^${core}`,
  industry: 'other',
  dependsOn: [],
  contributes: {
    forms: ['forms/visit-report.json'],
    workflows: ['workflows/visit-review.json'],
    indicators: 'indicators.json',
    checklists: ['checklists/spot-check.json'],
    auditPlans: 'audit-plans.json',
    customers: 'customers.json',
    grades: 'grades.json',
    cycle: 'cycle.json',
    demo: 'demo.json',
  },
};

const visitReport = {
  key: key('visit-report'),
  title: label('客户走访报告', 'Customer visit report'),
  description: label(
    '客户经理走访客户后填写，主管复核。',
    'Filled by the manager after a visit; reviewed by the supervisor.',
  ),
  schema: {
    type: 'object',
    required: ['customer', 'visitedOn', 'summary'],
    properties: {
      customer: { type: 'string', title: '客户名称', minLength: 1, maxLength: 100 },
      visitedOn: { type: 'string', format: 'date', title: '走访日期' },
      purpose: {
        type: 'string',
        title: '走访目的',
        enum: ['relationship', 'product', 'follow-up'],
      },
      summary: { type: 'string', title: '走访情况', minLength: 10, maxLength: 2000 },
      nextStep: { type: 'string', title: '下一步安排', maxLength: 500 },
    },
  },
  uiSchema: {
    'ui:order': ['customer', 'visitedOn', 'purpose', 'summary', 'nextStep'],
    customer: { 'ui:options': { titleEn: 'Customer' } },
    visitedOn: { 'ui:options': { titleEn: 'Visited on' } },
    purpose: {
      'ui:enumNames': ['维护关系', '介绍产品', '售后跟进'],
      'ui:options': { titleEn: 'Purpose', enumNamesEn: ['Relationship', 'Product', 'Follow-up'] },
    },
    summary: { 'ui:widget': 'textarea', 'ui:options': { titleEn: 'What happened' } },
    nextStep: { 'ui:widget': 'textarea', 'ui:options': { titleEn: 'Next step' } },
  },
  fillRoles: ['manager'],
  readScope: 'team',
};

const visitReview = {
  key: key('visit-review'),
  title: label('走访报告复核', 'Visit report review'),
  states: [
    { key: 'draft', label: label('填写中', 'Drafting'), kind: 'start' },
    {
      key: 'submitted',
      label: label('待主管复核', 'Awaiting review'),
      kind: 'normal',
      deadline: { hours: 72, remindBeforeHours: 24, escalateTo: { kind: 'role', role: 'institution_admin' } },
    },
    { key: 'reviewed', label: label('已复核', 'Reviewed'), kind: 'final' },
  ],
  transitions: [
    {
      key: 'submit',
      label: label('提交', 'Submit'),
      from: 'draft',
      to: 'submitted',
      actors: { kind: 'subject' },
      form: key('visit-report'),
    },
    {
      key: 'approve',
      label: label('复核通过', 'Approve'),
      from: 'submitted',
      to: 'reviewed',
      actors: { kind: 'supervisor' },
    },
    {
      key: 'return',
      label: label('退回补充', 'Return'),
      from: 'submitted',
      to: 'draft',
      actors: { kind: 'supervisor' },
    },
  ],
};

/** Higher grades answer more for results: performance weighs more. */
const CATEGORY_WEIGHTS = {
  senior: { performance: 60, behaviour: 20, ability: 20 },
  level1: { performance: 60, behaviour: 20, ability: 20 },
  level2: { performance: 55, behaviour: 25, ability: 20 },
  trainee: { performance: 50, behaviour: 30, ability: 20 },
};
const GRADE_NAMES = {
  senior: label('高级客户经理', 'Senior manager'),
  level1: label('一级客户经理', 'Level 1 manager'),
  level2: label('二级客户经理', 'Level 2 manager'),
  trainee: label('见习客户经理', 'Trainee manager'),
};
const SOURCE_WEIGHTS = { self: 10, supervisor: 50, peer: 20, customer: 20 };

const indicators = {
  indicators: [
    {
      code: key('customers-served'),
      name: label('服务客户数', 'Customers served'),
      description: label('考核期内名下有业务往来的客户户数', 'Customers with business in the period'),
      category: 'performance',
      kind: 'quantitative',
      rule: { kind: 'linear', target: 30, targetScore: 100, cap: 100 },
      sources: [],
      expression: '$count(customers)',
      unit: label('户', 'customers'),
    },
  ],
  // One set per grade; within each category the item weights total 100 (the platform's A–J and
  // quantitative defaults can be named by code next to the plugin's own indicators).
  sets: GRADES.map((grade) => ({
    code: key(grade),
    name: label(`${GRADE_NAMES[grade].zh}考核指标`, `${GRADE_NAMES[grade].en} indicators`),
    grade,
    items: [
      { indicator: key('customers-served'), weight: 40 },
      { indicator: 'new-customers', weight: 30 },
      { indicator: 'customer-volume-growth', weight: 30 },
      { indicator: 'customer-rating', weight: 50 },
      { indicator: 'work-performance', weight: 50 },
      { indicator: 'work-ability', weight: 60 },
      { indicator: 'overall-quality', weight: 40 },
    ],
    categoryWeights: CATEGORY_WEIGHTS[grade],
    sourceWeights: SOURCE_WEIGHTS,
  })),
};

const customers = {
  kinds: [
    { key: 'enterprise', label: label('企业客户', 'Enterprise') },
    { key: 'individual', label: label('个人客户', 'Individual') },
  ],
  industryGroups: [
    { key: 'government', label: label('政府机关', 'Government') },
    { key: 'commerce', label: label('商贸', 'Commerce') },
  ],
  rules: { windowDays: 90, frequent: 6, occasional: 1, large: 5000000, medium: 500000 },
};

const cycle = {
  code: key('annual'),
  name: label(`${title} 年度考核`, `${title} annual appraisal`),
  regularity: 'regular',
  scope: 'comprehensive',
  plan: {
    purpose: label(
      '评价客户经理全年工作，作为等级调整和绩效薪酬的依据',
      'Appraise the year as the basis of grade changes and performance pay',
    ),
    principles: label(
      '公开、公平、绩效为主、客户评价参与',
      'Open and fair, performance first, customers take part',
    ),
    content: label('绩效、行为、能力三类指标', 'Performance, behaviour and ability indicators'),
    timing: label('每年十二月', 'Every December'),
  },
  indicatorSets: Object.fromEntries(GRADES.map((grade) => [grade, key(grade)])),
  sourceWeights: SOURCE_WEIGHTS,
  customerSample: { size: 3, linkDays: 14 },
  levelRule: { kind: 'bands', excellent: 90, good: 80, qualified: 60 },
  phases: [],
};

const spotCheck = {
  key: key('spot-check'),
  title: label('客户经理抽查表', 'Spot-check checklist'),
  description: label('稽核员检查客户经理工作时填写。', 'Filled by the auditor inspecting a manager.'),
  schema: {
    type: 'object',
    required: ['filesComplete', 'findings'],
    properties: {
      filesComplete: { type: 'boolean', title: '客户档案齐全' },
      visitsLogged: { type: 'integer', title: '抽查期内记录的走访次数', minimum: 0, maximum: 500 },
      findings: { type: 'string', title: '检查情况', minLength: 1, maxLength: 2000 },
    },
  },
  uiSchema: {
    filesComplete: { 'ui:options': { titleEn: 'Customer files complete' } },
    visitsLogged: { 'ui:options': { titleEn: 'Visits logged in the period' } },
    findings: { 'ui:widget': 'textarea', 'ui:options': { titleEn: 'What was found' } },
  },
  fillRoles: ['auditor'],
  readScope: 'all',
};

// Random and unannounced: the manager learns of it when the auditor opens it. Installed paused.
const auditPlans = [
  {
    code: key('spot-check'),
    name: label('客户经理随机抽查', 'Random spot check of managers'),
    kind: 'random',
    mode: 'off-site',
    announced: false,
    scope: { focus: 'comprehensive', orgUnitIds: [], grades: [], customerClasses: [], riskFlags: [] },
    checklistFormKey: key('spot-check'),
    methods: ['inquiry', 'reconciliation'],
    daysToComplete: 10,
    schedule: { cron: '0 9 1 */3 *', tz: 'Asia/Shanghai', windowDays: 30, workingDaysOnly: true },
    sampling: { design: 'simple', size: { kind: 'fixed', n: 2 } },
  },
];

const grades = [
  {
    grade: 'senior',
    tiers: ['large'],
    products: ['all'],
    salary: 12000,
    zh: '任一级客户经理满三年，连续两年考核优秀',
    en: 'Three years at level 1, excellent two years running',
  },
  {
    grade: 'level1',
    tiers: ['large', 'medium'],
    products: ['all'],
    salary: 9000,
    zh: '任二级客户经理满两年，考核良好以上',
    en: 'Two years at level 2, rated good or better',
  },
  {
    grade: 'level2',
    tiers: ['medium', 'small'],
    products: ['standard'],
    salary: 7000,
    zh: '见习期满一年并通过认证考试',
    en: 'A year as trainee and the certification exam passed',
  },
  {
    grade: 'trainee',
    tiers: ['small'],
    products: ['standard'],
    salary: 5000,
    zh: '大专以上学历，一年以上相关工作经验',
    en: 'A college degree and a year of similar work',
  },
].map((g) => ({
  grade: g.grade,
  criteria: label(g.zh, g.en),
  customerTiers: g.tiers,
  products: g.products,
  baseSalary: g.salary,
}));

// Generated at install by a generator seeded with the plugin id: the same people and business every time.
const demo = {
  orgUnits: [
    { code: 'HQ', name: label('总部', 'Head office'), kind: 'head-office', parent: null },
    { code: 'MGR', name: label('客户经理部', 'Manager department'), kind: 'branch', parent: 'HQ' },
  ],
  people: [
    { key: 'supervisor', name: '周主管', role: 'supervisor', unit: 'MGR' },
    { key: 'auditor', name: '吴稽核', role: 'auditor', unit: 'HQ' },
  ],
  managers: {
    perUnit: { MGR: 6 },
    grades: { senior: 1, level1: 2, level2: 2, trainee: 1 },
    teamRoles: ['relationship-manager'],
    familyNames: ['王', '李', '张', '刘', '陈'],
    givenNames: ['伟', '芳', '敏', '静', '磊', '洋'],
  },
  customers: {
    perManager: 4,
    kinds: [
      {
        kind: 'enterprise',
        weight: 1,
        names: ['华兴实业', '东方贸易'],
        monthlyVolume: { min: 200000, max: 2000000 },
      },
      { kind: 'individual', weight: 2, names: ['个人客户'], monthlyVolume: { min: 5000, max: 80000 } },
    ],
    industryGroups: ['government', 'commerce'],
    products: ['standard', 'premium'],
    months: 12,
  },
};

const packageJson = {
  name: `@rapport/plugin-${id}`,
  version: '1.0.0',
  private: true,
  type: 'module',
  description: `Rapport industry plugin: ${id} (content is read by the core's plugin host from manifest.json)`,
};

const files = {
  'package.json': packageJson,
  'manifest.json': manifest,
  'forms/visit-report.json': visitReport,
  'workflows/visit-review.json': visitReview,
  'indicators.json': indicators,
  'checklists/spot-check.json': spotCheck,
  'audit-plans.json': auditPlans,
  'customers.json': customers,
  'grades.json': grades,
  'cycle.json': cycle,
  'demo.json': demo,
};
/**
 * JSON as the repository's formatter (Biome, 110 columns) leaves it, so a new plugin passes
 * `biome check` as generated: objects one key a line, arrays of plain values on one line when they fit.
 */
function formatJson(value, indent = '', prefix = '') {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const plain = value.every((v) => v === null || typeof v !== 'object');
    const line = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    // The line must fit with what precedes it on the line and a trailing comma.
    if (plain && indent.length + prefix.length + line.length + 1 <= 110) return line;
    return `[\n${value.map((v) => `${inner}${formatJson(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([k, v]) => {
      const key = `${JSON.stringify(k)}: `;
      return `${inner}${key}${formatJson(v, inner, key)}`;
    });
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

for (const [file, content] of Object.entries(files)) {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, `${formatJson(content)}\n`);
}
const relative = path.relative(process.cwd(), dir);
const shown = relative && !relative.startsWith('..') ? relative : dir;
// plugins/* are npm workspaces: the lockfile must learn of a new one, or `npm ci` refuses it.
const workspace = root === path.join(repo, 'plugins') ? 'npm install (records the workspace), ' : '';
process.stdout.write(
  `Created ${shown}/ (${Object.keys(files).join(', ')}).\n` +
    `Next: ${workspace}make the content the industry's, then npx vitest run test/plugins/contract.test.ts (docs/plugins.md explains each file).\n`,
);
