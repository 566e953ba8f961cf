import ExcelJS from 'exceljs';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appraisalSchema, newForm } from '../../../test/kit/forms.js';
import {
  as,
  buildTestApp,
  login,
  PASSWORD,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';

let t: TestApp;
let inst: SeededInstitution;
let admin: ReturnType<typeof as>;
let manager: ReturnType<typeof as>;
let formId: string;

const valid = {
  newCustomers: 25,
  satisfied: true,
  deposits: { start: 100, end: 160 },
  growth: 999,
  code: 'AB1234',
};

beforeAll(async () => {
  t = await buildTestApp({ capabilities: ['forms'] });
  inst = await seedInstitution(t.app, 'subs');
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  manager = as(t.app, await login(t.app, inst.users.manager));
  const form = (
    await admin({ method: 'POST', url: `/api/institutions/${inst.id}/forms`, payload: newForm('appraisal') })
  ).json();
  formId = form.id;
  await admin({
    method: 'POST',
    url: `/api/institutions/${inst.id}/forms/${formId}/publish`,
    payload: { rev: form.rev },
  });
});
afterAll(() => t.close());

/** Edits the form's draft schema (from the current one) and publishes it as the next version. */
async function publishSchema(change: (form: { schema: { properties: object } }) => object) {
  const form = (await admin({ method: 'GET', url: `/api/institutions/${inst.id}/forms/${formId}` })).json();
  const { title, description, uiSchema, fillRoles, readScope, rev } = form;
  const put = await admin({
    method: 'PUT',
    url: `/api/institutions/${inst.id}/forms/${formId}`,
    payload: { rev, title, description, schema: change(form), uiSchema, fillRoles, readScope },
  });
  await admin({
    method: 'POST',
    url: `/api/institutions/${inst.id}/forms/${formId}/publish`,
    payload: { rev: put.json().rev },
  });
}

function submit(who: ReturnType<typeof as>, data: object, asDraft = false) {
  return who({
    method: 'POST',
    url: `/api/institutions/${inst.id}/forms/${formId}/submissions`,
    payload: { data, submit: !asDraft },
  });
}

describe('submissions', () => {
  it('stores a valid submission with the version, the server-computed fields and the score', async () => {
    const res = await submit(manager, valid);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'submitted', version: 1, formKey: 'appraisal', score: 62.5 });
    // The client's 999 is replaced: computed values are the server's.
    expect(res.json().data.growth).toBe(60);
  });

  it('answers invalid data per field, in zh-CN and in English, and stores nothing', async () => {
    const before = (
      await admin({ method: 'GET', url: `/api/institutions/${inst.id}/submissions?formId=${formId}` })
    ).json().total;
    const zh = await submit(manager, { code: 'nope', newCustomers: -1 });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.details).toEqual(
      expect.arrayContaining([
        { in: 'data', path: '/newCustomers', message: '应当为 >= 0' },
        { in: 'data', path: '/code', message: expect.stringContaining('应当匹配模式') },
      ]),
    );
    const en = await manager({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms/${formId}/submissions`,
      headers: { 'accept-language': 'en' },
      payload: { data: { satisfied: true }, submit: true },
    });
    expect(en.json().error.details).toEqual([{ in: 'data', path: '/newCustomers', message: 'is required' }]);
    expect(
      (
        await admin({ method: 'GET', url: `/api/institutions/${inst.id}/submissions?formId=${formId}` })
      ).json().total,
    ).toBe(before);
  });

  it('saves a draft without required fields, resumes it, submits it once', async () => {
    const draft = await submit(manager, { satisfied: false }, true);
    expect(draft.json()).toMatchObject({ status: 'draft', score: null, submittedAt: null });
    const { id, rev } = draft.json();
    const incomplete = await manager({
      method: 'PATCH',
      url: `/api/institutions/${inst.id}/submissions/${id}`,
      payload: { rev, data: { satisfied: false }, submit: true },
    });
    expect(incomplete.statusCode).toBe(400);
    const done = await manager({
      method: 'PATCH',
      url: `/api/institutions/${inst.id}/submissions/${id}`,
      payload: { rev, data: valid, submit: true },
    });
    expect(done.json()).toMatchObject({ status: 'submitted', version: 1 });
    const again = await manager({
      method: 'PATCH',
      url: `/api/institutions/${inst.id}/submissions/${id}`,
      payload: { rev: done.json().rev, data: valid },
    });
    expect(again.json().error.code).toBe('SUBMISSIONS_ERR_ALREADY_SUBMITTED');
  });

  it('keeps each submission on its own version when the form changes', async () => {
    await publishSchema(() => ({
      ...appraisalSchema,
      properties: { ...appraisalSchema.properties, visits: { type: 'integer', minimum: 0 } },
      required: ['newCustomers', 'visits'],
    }));
    const v2 = await submit(manager, { ...valid, visits: 4 });
    expect(v2.json().version).toBe(2);
    const mine = (
      await manager({
        method: 'GET',
        url: `/api/institutions/${inst.id}/submissions?mine=true&status=submitted`,
      })
    ).json();
    expect(mine.items.map((s: { version: number }) => s.version)).toEqual([2, 1, 1]);
  });

  it('lets the submitter, supervisors (team scope) and admins read a submission, and no other manager', async () => {
    const mine = (await submit(manager, { ...valid, visits: 2 })).json();
    const url = `/api/institutions/${inst.id}/submissions/${mine.id}`;
    expect((await manager({ method: 'GET', url })).statusCode).toBe(200);
    expect(
      (await as(t.app, await login(t.app, inst.users.supervisor))({ method: 'GET', url })).statusCode,
    ).toBe(200);
    expect((await admin({ method: 'GET', url })).statusCode).toBe(200);
    await t.app.users.create(
      (await t.app.institutions.findByCode('subs'))?._id ?? null,
      { email: 'other@subs.test', name: '其他经理', password: PASSWORD, role: 'manager' },
      null,
    );
    const other = as(t.app, await login(t.app, 'other@subs.test'));
    expect((await other({ method: 'GET', url })).statusCode).toBe(404);
    const list = (await other({ method: 'GET', url: `/api/institutions/${inst.id}/submissions` })).json();
    expect(list.total).toBe(0);
  });

  it('exports submissions as CSV and XLSX with formula-like text neutralised', async () => {
    const formula = { ...valid, visits: 1, code: 'ZZ0001' };
    await publishSchema((form) => ({
      ...form.schema,
      properties: { ...form.schema.properties, note: { type: 'string', title: '备注' } },
    }));
    await submit(manager, { ...formula, note: '=HYPERLINK("http://evil","x")' });

    const csv = await admin({
      method: 'GET',
      url: `/api/institutions/${inst.id}/forms/${formId}/submissions/export?format=csv`,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('新增客户数 (/newCustomers)');
    expect(lines[0]).toContain('备注 (/note)');
    expect(lines.at(-1)).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(lines).toHaveLength(1 + 5);

    const xlsx = await admin({
      method: 'GET',
      url: `/api/institutions/${inst.id}/forms/${formId}/submissions/export?format=xlsx`,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('submissions');
    if (!sheet) throw new Error('the XLSX export has no "submissions" sheet');
    expect(sheet.rowCount).toBe(6);
    const noteColumn = (sheet.getRow(1).values as string[]).indexOf('备注 (/note)');
    expect(sheet.getRow(6).getCell(noteColumn).value).toBe(`'=HYPERLINK("http://evil","x")`);
  });
});

describe('idempotency', () => {
  it('returns the same submission for a repeated key, even sent concurrently, and refuses a malformed key', async () => {
    const key = `retry-${Date.now()}`;
    const fresh = (
      await admin({
        method: 'POST',
        url: `/api/institutions/${inst.id}/forms`,
        payload: newForm('idempotent'),
      })
    ).json();
    await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms/${fresh.id}/publish`,
      payload: { rev: fresh.rev },
    });
    const send = () =>
      manager({
        method: 'POST',
        url: `/api/institutions/${inst.id}/forms/${fresh.id}/submissions`,
        headers: { 'idempotency-key': key },
        payload: { data: { newCustomers: 3 }, submit: true },
      });
    const answers = await Promise.all([send(), send(), send()]);
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    const bad = await manager({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms/${fresh.id}/submissions`,
      headers: { 'idempotency-key': 'no spaces allowed' },
      payload: { data: { newCustomers: 3 }, submit: true },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('finds a retried key through the per-submitter partial unique index, without scanning submissions', async () => {
    const filter = {
      institutionId: new ObjectId(inst.id),
      'submittedBy.id': new ObjectId(),
      idempotencyKey: 'some-key',
    };
    const explain = await t.app.mongo.db
      .collection('submissions')
      .find(filter)
      .limit(1)
      .explain('queryPlanner');
    const plan = JSON.stringify(explain.queryPlanner.winningPlan);
    expect(plan).toContain('"IXSCAN"');
    expect(plan).toContain('"institutionId_1_submittedBy.id_1_idempotencyKey_1"');
    expect(plan).not.toContain('COLLSCAN');
    const names = (await t.app.mongo.db.collection('submissions').indexes()).map((i) => i.name);
    expect(names).not.toContain('idempotencyKey_1');
  });
});
