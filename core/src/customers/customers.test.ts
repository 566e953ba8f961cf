import { addDays, dayIn } from '@rapport/schemas';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buildTestApp,
  login,
  PASSWORD,
  rawDb,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';
import { idOf } from '../infra/tenant.js';

let t: TestApp;
let inst: SeededInstitution;
let admin: ReturnType<typeof as>;
let base: string;
const units: Record<string, string> = {};
const people: Record<string, string> = {};
const customers: Record<string, { id: string; rev: number }> = {};

const label = (zh: string, en: string) => ({ zh, en });
const CSV = { 'content-type': 'text/csv' };
const XLSX = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
/** Days before today in Asia/Shanghai, as the import writes them. */
const ago = (days: number) => addDays(dayIn(new Date(), 'Asia/Shanghai'), -days).toISOString().slice(0, 10);

async function addUnit(code: string, kind: string, parent: string | null) {
  const res = await admin({
    method: 'POST',
    url: `${base}/org-units`,
    payload: { code, name: label(code, code), kind, parentId: parent ? units[parent] : null },
  });
  expect(res.statusCode, res.body).toBe(201);
  units[code] = res.json().id;
}

async function addPerson(name: string, role: string, unit: string) {
  const res = await admin({
    method: 'POST',
    url: `${base}/users`,
    payload: { email: `${name}@cust.test`, name, password: PASSWORD, role, orgUnitId: units[unit] },
  });
  expect(res.statusCode, res.body).toBe(201);
  people[name] = res.json().id;
  if (role === 'manager') {
    const profile = await admin({
      method: 'POST',
      url: `${base}/managers`,
      payload: { userId: res.json().id, grade: 'level2', teamRole: 'relationship-manager' },
    });
    expect(profile.statusCode, profile.body).toBe(201);
  }
}

async function addCustomer(code: string, rm: string, specialists: string[] = [], extra: object = {}) {
  const res = await admin({
    method: 'POST',
    url: `${base}/customers`,
    payload: {
      code,
      name: `${code} 有限公司`,
      kind: 'enterprise',
      relationshipManagerId: people[rm],
      productSpecialistIds: specialists.map((s) => people[s]),
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  customers[code] = res.json();
  return res.json();
}

const signIn = async (name: string) => as(t.app, await login(t.app, `${name}@cust.test`));
const codesIn = (res: { json: () => { items: { code: string }[] } }) =>
  res
    .json()
    .items.map((c) => c.code)
    .sort();

async function setRules(rules: object, extra: object = {}) {
  const current = (await admin({ method: 'GET', url: `${base}/customers/settings` })).json();
  const { rev, ...rest } = current;
  const res = await admin({
    method: 'PUT',
    url: `${base}/customers/settings`,
    payload: { ...rest, rev, rules: { ...rest.rules, ...rules }, ...extra },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function classesOf(code: string) {
  const res = await admin({ method: 'GET', url: `${base}/customers/${customers[code]?.id}` });
  return res.json().classification;
}

beforeAll(async () => {
  t = await buildTestApp({ worker: true, capabilities: ['customers'] });
  inst = await seedInstitution(t.app, 'cust');
  base = `/api/institutions/${inst.id}`;
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  await addUnit('HQ', 'head-office', null);
  await addUnit('EAST', 'branch', 'HQ');
  await addUnit('WEST', 'branch', 'HQ');
  await addUnit('EAST-1', 'sub-branch', 'EAST');
  await addPerson('east-boss', 'supervisor', 'EAST');
  await addPerson('west-boss', 'supervisor', 'WEST');
  await addPerson('east-mgr', 'manager', 'EAST');
  await addPerson('sub-mgr', 'manager', 'EAST-1');
  await addPerson('west-mgr', 'manager', 'WEST');
  await addCustomer('E1', 'east-mgr');
  await addCustomer('S1', 'sub-mgr', ['west-mgr']);
  await addCustomer('W1', 'west-mgr');
});
afterAll(() => t.close());

describe('data scope follows the org tree', () => {
  it('shows a supervisor the customers of their unit and below, a manager their own and those they serve', async () => {
    const east = await signIn('east-boss');
    expect(codesIn(await east({ method: 'GET', url: `${base}/customers` }))).toEqual(['E1', 'S1']);
    const west = await signIn('west-boss');
    expect(codesIn(await west({ method: 'GET', url: `${base}/customers` }))).toEqual(['W1']);
    expect((await west({ method: 'GET', url: `${base}/customers/${customers.E1?.id}` })).statusCode).toBe(
      404,
    );
    expect(
      (await west({ method: 'GET', url: `${base}/customers/${customers.S1?.id}/facts` })).statusCode,
    ).toBe(404);
    const specialist = await signIn('west-mgr');
    expect(codesIn(await specialist({ method: 'GET', url: `${base}/customers` }))).toEqual(['S1', 'W1']);
    const sub = await signIn('sub-mgr');
    expect(codesIn(await sub({ method: 'GET', url: `${base}/customers` }))).toEqual(['S1']);
    const auditor = as(t.app, await login(t.app, inst.users.auditor));
    expect(codesIn(await auditor({ method: 'GET', url: `${base}/customers` }))).toEqual(['E1', 'S1', 'W1']);
  });

  it('lets a supervisor open files only for managers in their units, and a manager only for themself', async () => {
    const west = await signIn('west-boss');
    const res = await west({
      method: 'POST',
      url: `${base}/customers`,
      headers: { 'accept-language': 'en' },
      payload: { code: 'X1', name: 'X', kind: 'enterprise', relationshipManagerId: people['east-mgr'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({
      path: '/relationshipManagerId',
      message: 'this manager is outside your units',
    });
    const mgr = await signIn('east-mgr');
    const own = await mgr({
      method: 'POST',
      url: `${base}/customers`,
      payload: { code: 'E2', name: '东二', kind: 'household' },
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().relationshipManager).toEqual({ id: people['east-mgr'], name: 'east-mgr' });
    customers.E2 = own.json();
    const taken = await mgr({
      method: 'POST',
      url: `${base}/customers`,
      headers: { 'accept-language': 'zh-CN' },
      payload: { code: 'E2', name: '又一个', kind: 'household' },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toBe('本机构已有使用此编号的客户');
  });
});

describe('customer files', () => {
  it("validates file data against the latest published version of the institution's file form", async () => {
    const form = await admin({
      method: 'POST',
      url: `${base}/forms`,
      payload: {
        key: 'customer-file',
        title: label('客户档案', 'Customer file'),
        description: label('', ''),
        schema: {
          type: 'object',
          required: ['registeredCapital'],
          properties: {
            registeredCapital: { type: 'number', minimum: 0, title: '注册资本' },
            mainProducts: { type: 'string', title: '主要产品' },
          },
        },
        uiSchema: {},
        fillRoles: ['manager'],
        readScope: 'team',
      },
    });
    expect(form.statusCode, form.body).toBe(201);
    const published = await admin({
      method: 'POST',
      url: `${base}/forms/${form.json().id}/publish`,
      payload: { rev: form.json().rev },
    });
    expect(published.statusCode, published.body).toBe(200);
    await setRules({}, { fileFormKey: 'customer-file' });
    const e1 = customers.E1 as { id: string; rev: number };
    const bad = await admin({
      method: 'PATCH',
      url: `${base}/customers/${e1.id}`,
      headers: { 'accept-language': 'en' },
      payload: { rev: e1.rev, fileData: { registeredCapital: 'lots' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({ in: 'data', path: '/registeredCapital' });
    const good = await admin({
      method: 'PATCH',
      url: `${base}/customers/${e1.id}`,
      payload: { rev: e1.rev, fileData: { registeredCapital: 5_000_000, mainProducts: '农机' } },
    });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({
      rev: e1.rev + 1,
      fileData: { registeredCapital: 5_000_000 },
      fileForm: { key: 'customer-file', version: 1 },
    });
    customers.E1 = good.json();
    const unknownForm = await admin({
      method: 'PUT',
      url: `${base}/customers/settings`,
      payload: {
        ...((await admin({ method: 'GET', url: `${base}/customers/settings` })).json() as object),
        visitFormKey: 'no-such-form',
      },
    });
    expect(unknownForm.statusCode).toBe(400);
    expect(unknownForm.json().error.details[0].path).toBe('/visitFormKey');
  });

  it('keeps every reassignment: who, when, from whom, to whom and why', async () => {
    const s1 = customers.S1 as { id: string; rev: number };
    const east = await signIn('east-boss');
    const moved = await east({
      method: 'POST',
      url: `${base}/customers/${s1.id}/ownership`,
      payload: { rev: s1.rev, relationshipManagerId: people['east-mgr'], reason: '客户迁往东区' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const history = moved.json().ownershipHistory;
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({
      by: { email: 'east-boss@cust.test' },
      from: {
        relationshipManager: { id: people['sub-mgr'] },
        productSpecialists: [{ id: people['west-mgr'] }],
      },
      to: {
        relationshipManager: { id: people['east-mgr'] },
        productSpecialists: [{ id: people['west-mgr'] }],
      },
      reason: '客户迁往东区',
    });
    const same = await east({
      method: 'POST',
      url: `${base}/customers/${s1.id}/ownership`,
      payload: { rev: moved.json().rev, relationshipManagerId: people['east-mgr'], reason: 'again' },
    });
    expect(same.json().error.code).toBe('CUSTOMERS_ERR_SAME_OWNERS');
    const stale = await east({
      method: 'POST',
      url: `${base}/customers/${s1.id}/ownership`,
      payload: { rev: s1.rev, productSpecialistIds: [], reason: 'stale' },
    });
    expect(stale.statusCode).toBe(409);
    const outside = await east({
      method: 'POST',
      url: `${base}/customers/${s1.id}/ownership`,
      payload: { rev: moved.json().rev, relationshipManagerId: people['west-mgr'], reason: '西区' },
    });
    expect(outside.statusCode).toBe(400);
    const manager = await signIn('east-mgr');
    expect(
      (
        await manager({
          method: 'POST',
          url: `${base}/customers/${s1.id}/ownership`,
          payload: { rev: moved.json().rev, productSpecialistIds: [], reason: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    // The sub-branch manager no longer sees it; the east manager now does.
    expect(codesIn(await (await signIn('sub-mgr'))({ method: 'GET', url: `${base}/customers` }))).toEqual([]);
    customers.S1 = moved.json();
  });
});

describe('importing facts', () => {
  it('reports every bad row of a CSV with its row, column and reason, and imports nothing', async () => {
    const csv = [
      '客户编号,日期,类型,金额,产品,外部编号',
      `E1,${ago(1)},交易,100,存款,T-1`,
      'E1,2025-02-30,交易,100,,T-2',
      `NOPE,${ago(1)},volume,100,,T-3`,
      `W1,${ago(2)},volume,十万,,T-4`,
      `E1,${ago(2)},deposit,1,,T-1`,
    ].join('\n');
    const res = await admin({
      method: 'POST',
      url: `${base}/customers/facts/import`,
      headers: { ...CSV, 'accept-language': 'en' },
      payload: csv,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('CUSTOMERS_ERR_IMPORT_REJECTED');
    expect(res.json().error.message).toMatch(/^Nothing was imported/);
    expect(
      res
        .json()
        .error.details.map((d: { row: number; column: string; message: string }) => [
          d.row,
          d.column,
          d.message,
        ]),
    ).toEqual([
      [3, '日期', 'not a date (write it as 2025-03-31)'],
      [4, '客户编号', 'no customer with this code (among the customers you may see)'],
      [5, '金额', 'not a number'],
      [6, '类型', 'the kind is one of transaction, balance, volume'],
      [6, '外部编号', 'the same external id as row 2'],
    ]);
    const zh = await admin({
      method: 'POST',
      url: `${base}/customers/facts/import`,
      headers: { ...CSV, 'accept-language': 'zh-CN' },
      payload: csv,
    });
    expect(zh.json().error.details[0].message).toBe('不是有效日期（格式如 2025-03-31）');
    const raw = await rawDb(t.dbName);
    expect(await raw.db.collection('customer_facts').countDocuments({})).toBe(0);
    await raw.close();
  });

  it("refuses a supervisor's rows for customers outside their units as unknown codes", async () => {
    const west = await signIn('west-boss');
    const res = await west({
      method: 'POST',
      url: `${base}/customers/facts/import`,
      headers: CSV,
      payload: `customerCode,date,kind,amount\nE1,${ago(1)},transaction,5\n`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ row: 2, column: 'customerCode', value: 'E1' });
  });

  it('imports a good XLSX file, and importing it again changes nothing', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('facts');
    sheet.addRow(['customerCode', 'date', 'kind', 'amount', 'product', 'externalId']);
    const d = (days: number) => new Date(`${ago(days)}T00:00:00Z`);
    sheet.addRow(['W1', d(3), 'transaction', 1200.5, 'loan', 'X-1']);
    sheet.addRow(['W1', ago(4), 'volume', '1,000', null, 'X-2']);
    sheet.addRow([]);
    sheet.addRow(['E2', d(5), 'balance', -20, null, 'X-3']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const first = await admin({
      method: 'POST',
      url: `${base}/customers/facts/import`,
      headers: XLSX,
      payload: file,
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ rows: 3, imported: 3, alreadyImported: 0, dryRun: false });
    const again = await admin({
      method: 'POST',
      url: `${base}/customers/facts/import`,
      headers: XLSX,
      payload: file,
    });
    expect(again.json()).toMatchObject({ rows: 3, imported: 0, alreadyImported: 3 });
    const facts = await admin({ method: 'GET', url: `${base}/customers/${customers.W1?.id}/facts` });
    expect(facts.json().items.map((f: { date: string; amount: number }) => [f.date, f.amount])).toEqual([
      [ago(3), 1200.5],
      [ago(4), 1000],
    ]);
    expect(await classesOf('W1')).toMatchObject({ transactions: 1, volume: 1000 });
  });

  it('reports bad XLSX rows too, and a changed row under an imported external id', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('facts');
    sheet.addRow(['customerCode', 'date', 'kind', 'amount', 'externalId']);
    sheet.addRow(['W1', ago(3), 'transaction', 999, 'X-1']);
    sheet.addRow(['W1', 'yesterday', 'transaction', 1, null]);
    sheet.addRow(['W1', ago(-3), 'transaction', 1, null]);
    const res = await admin({
      method: 'POST',
      url: `${base}/customers/facts/import`,
      headers: { ...XLSX, 'accept-language': 'en' },
      payload: Buffer.from(await workbook.xlsx.writeBuffer()),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { row: number; column: string }) => [d.row, d.column])).toEqual([
      [2, 'externalId'],
      [3, 'date'],
      [4, 'date'],
    ]);
    expect(res.json().error.details[2].message).toBe('the date is in the future');
    const garbage = await admin({
      method: 'POST',
      url: `${base}/customers/facts/import`,
      headers: XLSX,
      payload: Buffer.from('PK\u0003\u0004 not really a zip'),
    });
    expect(garbage.json().error.code).toBe('CUSTOMERS_ERR_UNREADABLE_FILE');
  });
});

describe('classification', () => {
  it('puts customers exactly at a threshold in the higher class, and counts only the window', async () => {
    await setRules({
      windowDays: 30,
      frequentMinTransactions: 3,
      occasionalMinTransactions: 1,
      largeMinVolume: 1000,
      mediumMinVolume: 100,
    });
    for (const code of ['CA', 'CB', 'CC', 'CD'])
      await addCustomer(code, 'east-mgr', [], { fileData: { registeredCapital: 1 } });
    // What the audits see of east-mgr's portfolio over the window, before and after.
    const portfolio = async () =>
      (await t.app.customerFacts.portfolios(idOf(inst.id), new Date(ago(29)))).get(people['east-mgr'] ?? '');
    const before = (await portfolio())?.volume ?? 0;
    const rows = [
      'customerCode,date,kind,amount',
      // CA: exactly 3 transactions and exactly 1000 in volume.
      ...[0, 1, 2].map((i) => `CA,${ago(i)},transaction,1`),
      `CA,${ago(5)},volume,600`,
      `CA,${ago(29)},volume,400`,
      // CB: one short of each threshold.
      ...[0, 1].map((i) => `CB,${ago(i)},transaction,1`),
      `CB,${ago(3)},volume,999.99`,
      // CC: one transaction on the window's first day; what lies a day before does not count.
      `CC,${ago(29)},transaction,1`,
      ...[1, 2, 3, 4, 5].map(() => `CC,${ago(30)},transaction,1`),
      `CC,${ago(29)},volume,100`,
      `CC,${ago(30)},volume,5000`,
      // CD: none; balances are not volume.
      `CD,${ago(1)},balance,99999`,
      `CD,${ago(1)},volume,99.99`,
    ].join('\n');
    const res = await admin({
      method: 'POST',
      url: `${base}/customers/facts/import`,
      headers: CSV,
      payload: rows,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await classesOf('CA')).toMatchObject({
      frequency: 'frequent',
      size: 'large',
      transactions: 3,
      volume: 1000,
    });
    expect(await classesOf('CB')).toMatchObject({ frequency: 'occasional', size: 'medium', transactions: 2 });
    expect(await classesOf('CC')).toMatchObject({
      frequency: 'occasional',
      size: 'medium',
      transactions: 1,
      volume: 100,
    });
    expect(await classesOf('CD')).toMatchObject({ frequency: 'dormant', size: 'small' });
    const frequent = await admin({ method: 'GET', url: `${base}/customers?frequency=frequent` });
    expect(codesIn(frequent)).toEqual(['CA']);
    // The volume inside the window (1000 + 999.99 + 100 + 99.99), not CC's 5000 of the day before.
    const after = await portfolio();
    expect((after?.volume ?? 0) - before).toBeCloseTo(2199.98, 2);
    expect([...(after?.classes ?? [])]).toEqual(
      expect.arrayContaining(['frequent', 'large', 'dormant', 'small']),
    );
  });

  it('refuses rules whose thresholds contradict each other, naming each', async () => {
    const current = (await admin({ method: 'GET', url: `${base}/customers/settings` })).json();
    const res = await admin({
      method: 'PUT',
      url: `${base}/customers/settings`,
      headers: { 'accept-language': 'zh-CN' },
      payload: {
        ...current,
        rules: {
          ...current.rules,
          occasionalMinTransactions: 5,
          frequentMinTransactions: 5,
          mediumMinVolume: 2000,
        },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { message: string }) => d.message)).toEqual([
      '经常联系户的交易次数门槛须高于流动户',
      '大型客户的业务量门槛须高于中等客户',
    ]);
  });

  it('is recomputed by the nightly customers.classify job, run by a real worker', async () => {
    const schedulers = await t.app.jobs.queue('customers').getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toEqual([
      ['customers.classify', '30 2 * * *', 'Asia/Shanghai'],
    ]);
    // Facts written behind the service's back (as a direct load would) change nothing until the job runs.
    const raw = await rawDb(t.dbName);
    const cd = await raw.db.collection('customers').findOne({ code: 'CD' });
    const day = new Date(`${ago(0)}T00:00:00Z`);
    await raw.db.collection('customer_facts').insertMany(
      [1, 2, 3].map(() => ({
        institutionId: cd?.institutionId,
        customerId: cd?._id,
        date: day,
        kind: 'transaction',
        amount: 1,
        product: null,
        importId: null,
        recordedBy: { id: cd?._id, name: 'loader', email: 'loader@cust.test' },
        createdAt: new Date(),
      })),
    );
    await raw.close();
    expect((await classesOf('CD')).frequency).toBe('dormant');
    const job = await t.app.jobs.queue('customers').add('customers.classify', {});
    const deadline = Date.now() + 15_000;
    while (!(await job.isCompleted()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await job.isCompleted(), 'the classify job should complete').toBe(true);
    expect(await classesOf('CD')).toMatchObject({ frequency: 'frequent', transactions: 3 });
    const bad = await t.app.jobs.queue('customers').add('customers.classify', { institutionId: 'nope' });
    const until = Date.now() + 15_000;
    while (!(await bad.isFailed()) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await bad.isFailed()).toBe(true);
  });
});

describe('core customers (80/20)', () => {
  it('flags the fewest largest customers making 80 % of volume (hand-computed)', async () => {
    const other = await seedInstitution(t.app, 'core');
    const otherBase = `/api/institutions/${other.id}`;
    const boss = as(t.app, await login(t.app, other.users.institution_admin));
    const mgrUser = (await t.app.users.findByEmail(other.users.manager)) as {
      _id: { toHexString(): string };
    };
    await boss({
      method: 'POST',
      url: `${otherBase}/managers`,
      payload: { userId: mgrUser._id.toHexString(), grade: 'level1', teamRole: 'relationship-manager' },
    });
    const volumes: [string, number][] = [
      ['K3', 10],
      ['K1', 50],
      ['K5', 5],
      ['K2', 30],
      ['K4', 5],
      ['K6', 0],
    ];
    for (const [code] of volumes) {
      const res = await boss({
        method: 'POST',
        url: `${otherBase}/customers`,
        payload: { code, name: code, kind: 'individual', relationshipManagerId: mgrUser._id.toHexString() },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const csv = [
      'customerCode,date,kind,amount',
      ...volumes.filter(([, v]) => v > 0).map(([code, v]) => `${code},${ago(1)},volume,${v}`),
      `K6,${ago(1)},transaction,1000`,
    ].join('\n');
    expect(
      (await boss({ method: 'POST', url: `${otherBase}/customers/facts/import`, headers: CSV, payload: csv }))
        .statusCode,
    ).toBe(200);
    const res = await boss({ method: 'GET', url: `${otherBase}/customers/core` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ totalVolume: 100, customers: 6, coreCustomers: 2 });
    expect(
      body.items.map((i: { code: string; share: number; cumulativeShare: number; core: boolean }) => [
        i.code,
        i.share,
        i.cumulativeShare,
        i.core,
      ]),
    ).toEqual([
      ['K1', 0.5, 0.5, true],
      ['K2', 0.3, 0.8, true],
      ['K3', 0.1, 0.9, false],
      ['K4', 0.05, 0.95, false],
      ['K5', 0.05, 1, false],
      ['K6', 0, 1, false],
    ]);
  });
});

describe('visits and weekly entries', () => {
  it('logs a visit by the owning manager; someone else’s manager cannot', async () => {
    const mgr = await signIn('east-mgr');
    const res = await mgr({
      method: 'POST',
      url: `${base}/customers/${customers.E1?.id}/visits`,
      payload: { visitedAt: new Date().toISOString(), purpose: '了解融资需求', notes: '计划下月授信' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(
      (await mgr({ method: 'GET', url: `${base}/customers/${customers.E1?.id}/visits` })).json().items,
    ).toHaveLength(1);
    const stranger = await signIn('west-mgr');
    const denied = await stranger({
      method: 'POST',
      url: `${base}/customers/${customers.E1?.id}/visits`,
      payload: { visitedAt: new Date().toISOString(), purpose: 'x' },
    });
    expect(denied.statusCode).toBe(404);
  });

  it("lists on the supervisor's page the managers who missed this week's entry", async () => {
    const week = (await admin({ method: 'GET', url: `${base}/customers/weekly-entries/missed` })).json().week;
    expect(week).toMatch(/^\d{4}-W\d{2}$/);
    const east = await signIn('east-boss');
    const missed = async (w?: string) =>
      (await east({ method: 'GET', url: `${base}/customers/weekly-entries/missed${w ? `?week=${w}` : ''}` }))
        .json()
        .items.map((m: { name: string }) => m.name)
        .sort();
    expect(await missed()).toEqual(['east-mgr', 'sub-mgr']);
    const mgr = await signIn('east-mgr');
    const entry = await mgr({
      method: 'PUT',
      url: `${base}/customers/weekly-entries/${week}`,
      payload: { rev: 0, notes: '走访 3 户，新增存款 50 万' },
    });
    expect(entry.statusCode, entry.body).toBe(200);
    expect(await missed()).toEqual(['sub-mgr']);
    expect(await missed('2024-W01')).toEqual(['east-mgr', 'sub-mgr']);
    const twice = await mgr({
      method: 'PUT',
      url: `${base}/customers/weekly-entries/${week}`,
      payload: { rev: 0, notes: 'again' },
    });
    expect(twice.statusCode).toBe(409);
    const updated = await mgr({
      method: 'PUT',
      url: `${base}/customers/weekly-entries/${week}`,
      payload: { rev: 1, notes: '更正：新增存款 60 万' },
    });
    expect(updated.json()).toMatchObject({ rev: 2, notes: '更正：新增存款 60 万' });
    const empty = await (await signIn('sub-mgr'))({
      method: 'PUT',
      url: `${base}/customers/weekly-entries/${week}`,
      headers: { 'accept-language': 'en' },
      payload: { rev: 0, notes: '  ' },
    });
    expect(empty.statusCode).toBe(400);
    const badWeek = await east({
      method: 'GET',
      url: `${base}/customers/weekly-entries/missed?week=2021-W53`,
      headers: { 'accept-language': 'en' },
    });
    expect(badWeek.statusCode).toBe(400);
    expect(badWeek.json().error.details[0].message).toBe('not an ISO week such as 2025-W07');
    const west = await signIn('west-boss');
    expect(
      (await west({ method: 'GET', url: `${base}/customers/weekly-entries/missed` }))
        .json()
        .items.map((m: { name: string }) => m.name),
    ).toEqual(['west-mgr']);
    expect(
      (await (await signIn('west-mgr'))({ method: 'GET', url: `${base}/customers/weekly-entries/missed` }))
        .statusCode,
    ).toBe(403);
  });
});
