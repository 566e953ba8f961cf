import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appraisalSchema, newForm } from '../../../test/kit/forms.js';
import {
  as,
  buildTestApp,
  login,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';

let t: TestApp;
let inst: SeededInstitution;
let admin: ReturnType<typeof as>;
let manager: ReturnType<typeof as>;

beforeAll(async () => {
  t = await buildTestApp({ capabilities: ['customers'] });
  inst = await seedInstitution(t.app, 'forms');
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  manager = as(t.app, await login(t.app, inst.users.manager));
});
afterAll(() => t.close());

describe('form definitions', () => {
  it('creates a draft, publishes versions, keeps old versions readable and diffs them', async () => {
    const created = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms`,
      payload: newForm('quarterly'),
    });
    expect(created.statusCode).toBe(201);
    const form = created.json();
    expect(form).toMatchObject({
      key: 'quarterly',
      status: 'draft',
      latestVersion: null,
      draftChanged: true,
      rev: 1,
    });
    expect(form.schema.properties.growth['x-rapport-computed']).toBe('deposits.end - deposits.start');

    const v1 = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms/${form.id}/publish`,
      payload: { rev: 1 },
    });
    expect(v1.json()).toMatchObject({ status: 'published', latestVersion: 1, draftChanged: false });
    const again = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms/${form.id}/publish`,
      payload: { rev: v1.json().rev },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('FORMS_ERR_NOTHING_TO_PUBLISH');

    const { newCustomers: _dropped, ...rest } = appraisalSchema.properties;
    const edited = {
      ...newForm('quarterly'),
      schema: {
        ...appraisalSchema,
        required: [],
        properties: {
          ...rest,
          code: { type: 'string', maxLength: 6 },
          visits: { type: 'integer', title: '拜访次数' },
        },
      },
    };
    const { key: _key, ...changes } = edited;
    const put = await admin({
      method: 'PUT',
      url: `/api/institutions/${inst.id}/forms/${form.id}`,
      payload: { ...changes, rev: v1.json().rev },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ latestVersion: 1, draftChanged: true });
    const v2 = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms/${form.id}/publish`,
      payload: { rev: put.json().rev },
    });
    expect(v2.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const old = await manager({
      method: 'GET',
      url: `/api/institutions/${inst.id}/forms/${form.id}/versions/1`,
    });
    expect(old.json().schema.properties.newCustomers.title).toBe('新增客户数');
    const diff = (
      await admin({ method: 'GET', url: `/api/institutions/${inst.id}/forms/${form.id}/diff?from=1&to=2` })
    ).json();
    expect(diff.added).toEqual([{ pointer: '/visits', title: '拜访次数' }]);
    expect(diff.removed).toEqual([{ pointer: '/newCustomers', title: '新增客户数' }]);
    expect(diff.changed).toEqual([{ pointer: '/code', keywords: ['maxLength', 'pattern'] }]);
  });

  it('exports a form as one file that imports back unchanged', async () => {
    const created = (
      await admin({
        method: 'POST',
        url: `/api/institutions/${inst.id}/forms`,
        payload: newForm('to-export'),
      })
    ).json();
    const exported = await admin({
      method: 'GET',
      url: `/api/institutions/${inst.id}/forms/${created.id}/export`,
    });
    expect(exported.headers['content-disposition']).toContain('to-export.form.json');
    const file = exported.json();
    expect(file).toMatchObject({ format: 'rapport-form', formatVersion: 1, form: { key: 'to-export' } });
    const imported = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms/import`,
      payload: { ...file, form: { ...file.form, key: 'imported' } },
    });
    expect(imported.statusCode).toBe(201);
    expect(imported.json().schema).toEqual(appraisalSchema);
    expect(imported.json().uiSchema).toEqual(newForm('x').uiSchema);
  });

  it('refuses a duplicate key with 409 and lets only admins design forms', async () => {
    await admin({ method: 'POST', url: `/api/institutions/${inst.id}/forms`, payload: newForm('dup') });
    const dup = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms`,
      payload: newForm('dup'),
    });
    expect(dup.json().error.code).toBe('FORMS_ERR_KEY_TAKEN');
    expect(
      (await manager({ method: 'POST', url: `/api/institutions/${inst.id}/forms`, payload: newForm('mine') }))
        .statusCode,
    ).toBe(403);
  });

  it('lists for a manager only the published forms their role may fill', async () => {
    const items = (await manager({ method: 'GET', url: `/api/institutions/${inst.id}/forms` })).json().items;
    expect(items.map((f: { key: string }) => f.key)).toEqual(['quarterly']);
  });
});

describe('untrusted schemas', () => {
  async function problemsOf(schema: object) {
    const res = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms`,
      payload: newForm(`bad-${Math.random().toString(36).slice(2, 8)}`, schema),
    });
    expect(res.statusCode).toBe(400);
    return res.json().error.details as { in: string; path: string; message: string }[];
  }

  it('refuses a catastrophic-backtracking pattern, naming where it is', async () => {
    const problems = await problemsOf({
      type: 'object',
      properties: { name: { type: 'string', pattern: '^(a+)+$' } },
    });
    expect(problems).toEqual([
      { in: 'schema', path: '/properties/name/pattern', message: expect.stringContaining('指数级回溯') },
    ]);
  });

  it('refuses remote $ref, $data and reports every problem at once', async () => {
    const problems = await problemsOf({
      type: 'object',
      properties: {
        a: { $ref: 'https://evil.example/schema.json' },
        b: { type: 'number', maximum: { $data: '1/a' } },
        c: { type: 'string', 'x-rapport-computed': 'a +' },
      },
    });
    expect(problems.map((p) => p.path)).toEqual([
      '/properties/a/$ref',
      '/properties/b/maximum/$data',
      '/properties/c/x-rapport-computed',
    ]);
  });

  it('compiles a $ref loop without hanging, and refuses unknown keywords with the compiler message', async () => {
    const loop = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms`,
      payload: newForm('loop', {
        type: 'object',
        definitions: { a: { $ref: '#/definitions/a' } },
        properties: { x: { $ref: '#/definitions/a' } },
      }),
    });
    expect([201, 400]).toContain(loop.statusCode);
    const unknown = await problemsOf({
      type: 'object',
      properties: { x: { type: 'string', colour: 'red' } },
    });
    expect(unknown[0]?.message).toContain('colour');
  });

  it('refuses 10,000-deep nesting and __proto__ in defaults before anything is written', async () => {
    // Built as text: the test's own JSON.stringify would overflow the stack on 10,000 levels.
    const deep = `${'{"type":"object","properties":{"a":'.repeat(10_000)}{"type":"string"}${'}}'.repeat(10_000)}`;
    const payload = JSON.stringify(newForm('deep', {})).replace('"schema":{}', `"schema":${deep}`);
    const res = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms`,
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(res.statusCode).toBe(400);
    const proto = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(
        newForm('proto', {
          type: 'object',
          properties: { x: { type: 'object', default: { ['__proto__']: { polluted: true } } } },
        }),
      ).replace(
        '"x":{"type":"object","default":{}}',
        '"x":{"type":"object","default":{"__proto__":{"polluted":true}}}',
      ),
    });
    expect(proto.statusCode).toBe(400);
    expect(proto.json().error.code).toBe('ERR_OPERATOR_IN_INPUT');
    const list = (await admin({ method: 'GET', url: `/api/institutions/${inst.id}/forms` })).json().items;
    expect(list.map((f: { key: string }) => f.key)).not.toContain('deep');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers the builder check endpoint with the same problems', async () => {
    const res = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms/check`,
      payload: { schema: { type: 'object', properties: { 'a.b': { type: 'string' } } }, uiSchema: {} },
      headers: { 'accept-language': 'en' },
    });
    expect(res.json().problems).toEqual([
      {
        in: 'schema',
        path: '/properties/a.b',
        message: { en: expect.stringContaining('cannot be a field name'), zh: expect.any(String) },
      },
    ]);
  });
});
