import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, login, PASSWORD, seedInstitution, type TestApp } from '../kit/index.js';
import { institutionSnapshot } from '../kit/snapshot.js';
import { type Attack, BODY_ATTACKS, QUERY_ATTACKS } from './attacks.js';
import { type Caller, IdBook, queryOf, twoInstitutions, urlOf } from './fixtures.js';
import { ACCESS, GROUPS, type JsonSchema, keyOf, type Operation, operationsOf } from './surface.js';

/**
 * Every attack of attacks.ts on every route that takes a body or a query string, as institution A's
 * admin: refused with the right status and the error shape, never a 5xx, the server still up, and
 * neither institution's data changed.
 */

let t: TestApp;
let ops: Operation[];
let admin: Caller;
let book: IdBook;
let aId: string;
let bId: string;

beforeAll(async () => {
  t = await buildTestApp();
  ops = await operationsOf(t.app);
  const { a, b, root } = await twoInstitutions(t.app);
  aId = a.id;
  bId = b.id;
  admin = as(t.app, await login(t.app, a.users.institution_admin));
  book = new IdBook(root, a.id);
}, 120_000);
afterAll(() => t?.close());

const CJK = /[\u4e00-\u9fff]/;
const I = '/api/institutions/{institutionId}';
/** Routes that answer 200 with `problems` for a bad document (the designers' inline errors); they write nothing. */
const CHECKS = new Set([
  `POST ${I}/forms/check`,
  `POST ${I}/workflows/check`,
  `POST ${I}/indicator-sets/check`,
]);

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Whether `schema` (one property's) takes a value of `value`'s JSON type: then it is no type confusion. */
function sameType(schema: JsonSchema | undefined, value: unknown): boolean {
  const types = [schema?.type ?? []].flat() as string[];
  const t = jsonType(value);
  if (types.length === 0) return schema ? !('enum' in schema) && !('const' in schema) : false;
  return types.includes(t) || (t === 'number' && types.includes('integer') && Number.isInteger(value));
}

/** Each top-level field whose type differs from `value`'s gets `value`; undefined when none does. */
function withValues(op: Operation, body: unknown, value: unknown, keepSameType: boolean): unknown {
  const props = (op.body?.properties ?? {}) as Record<string, JsonSchema>;
  if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length === 0)
    return { field: value };
  const keys = Object.keys(body).filter((k) => keepSameType || !sameType(props[k], value));
  if (keys.length === 0) return undefined;
  return { ...body, ...Object.fromEntries(keys.map((k) => [k, value])) };
}

function requestFor(op: Operation, attack: Attack, params: Record<string, string>, body: unknown) {
  const query = queryOf(op);
  let url = urlOf(op, params, query);
  if (attack.query) {
    const name = Object.keys(op.query)[0] ?? 'q';
    url += `${url.includes('?') ? '&' : '?'}${attack.query.replaceAll('{q}', name)}`;
  }
  let payload: unknown;
  if (attack.replace !== undefined) payload = attack.replace;
  else if (attack.merge) payload = { ...(body as object), ...attack.merge };
  else if (attack.values !== undefined) {
    // A value of the field's own type is type confusion only when it is oversized (a huge string).
    payload = withValues(
      op,
      body,
      attack.values,
      typeof attack.values === 'string' && attack.values.length > 1000,
    );
    if (payload === undefined) return undefined;
  } else payload = body;
  const text =
    typeof payload === 'string' ? payload : payload === undefined ? undefined : JSON.stringify(payload);
  return {
    url,
    ...(text === undefined
      ? {}
      : { payload: text, headers: { 'content-type': attack.contentType ?? 'application/json' } }),
  };
}

describe('attacks', () => {
  let before: { a: unknown; b: unknown };
  const bodyRoutes = () => ops.filter((op) => op.body);
  const queryRoutes = () => ops.filter((op) => Object.keys(op.query).length > 0);

  it('has at least 60 named attacks, each name once', () => {
    const names = [...BODY_ATTACKS, ...QUERY_ATTACKS].map((x) => x.name);
    expect(names.length).toBeGreaterThanOrEqual(60);
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses every attack on every route that takes input, in the error shape, never with a 5xx', async () => {
    before = { a: await institutionSnapshot(t.dbName, aId), b: await institutionSnapshot(t.dbName, bId) };
    const failures: string[] = [];
    let tries = 0;
    const plans: [Attack, Operation[]][] = [
      ...BODY_ATTACKS.map((x): [Attack, Operation[]] => [x, bodyRoutes()]),
      ...QUERY_ATTACKS.map((x): [Attack, Operation[]] => [x, queryRoutes()]),
    ];
    let skipped = 0;
    for (const [attack, routes] of plans) {
      const started = Date.now();
      await Promise.all(
        routes.map(async (op, i) => {
          const declared = Object.keys(attack.merge ?? {}).some(
            (k) => k in ((op.body?.properties as object) ?? {}),
          );
          if (declared && !attack.whenDeclared) {
            skipped++;
            return;
          }
          const params = await book.params(op);
          const lang = i % 2 === 0 ? 'zh-CN' : 'en';
          const req = requestFor(op, attack, params, await book.body(op));
          if (!req) {
            skipped++;
            return;
          }
          tries++;
          const res = await admin({
            method: op.method,
            url: req.url,
            ...(req.payload === undefined ? {} : { payload: req.payload }),
            headers: { ...req.headers, 'accept-language': lang },
            // Sign-in failures are counted per address: keep them off the address the suite signs in from.
            remoteAddress: '203.0.113.7',
          });
          const group = GROUPS[ACCESS[keyOf(op)] as keyof typeof GROUPS] as readonly string[];
          const mayUse = group.length === 0 || group.includes('institution_admin');
          const refused = [
            ...((declared ? attack.whenDeclared : attack.expect) ?? [400]),
            ...(mayUse ? [] : [403]),
          ];
          const where = `${attack.name} → ${keyOf(op)}: ${res.statusCode}`;
          // A check route reports the problems of any document it is given, and stores nothing.
          const reported = CHECKS.has(keyOf(op)) && res.statusCode === 200 && res.json().problems?.length > 0;
          if (reported) return;
          if (!refused.includes(res.statusCode)) {
            failures.push(`${where}, expected ${refused.join('/')} [${res.body.slice(0, 200)}]`);
            return;
          }
          const error = (res.json() as { error?: { code?: unknown; message?: unknown } }).error;
          if (typeof error?.code !== 'string' || typeof error.message !== 'string' || error.message === '')
            failures.push(`${where}, expected {error: {code, message}} [${res.body.slice(0, 200)}]`);
          else if (lang === 'en' && CJK.test(error.message))
            failures.push(`${where}, expected an English message: ${error.message}`);
          else if (lang === 'zh-CN' && !CJK.test(error.message))
            failures.push(`${where}, expected a Chinese message: ${error.message}`);
        }),
      );
      if (Date.now() - started > 2000) console.info(`${attack.name}: ${Date.now() - started} ms`);
    }
    console.info(`attacks: ${plans.length} attacks, ${tries} tries, ${skipped} skipped (a declared field)`);
    expect(failures, `${failures.length} of ${tries} tries were not refused as expected`).toEqual([]);
  }, 240_000);

  it('leaves the server up and both institutions as they were', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    // Every attack was refused before any write, so nothing of either institution may differ at all.
    const after = {
      a: await institutionSnapshot(t.dbName, aId),
      b: await institutionSnapshot(t.dbName, bId),
    };
    // Compared as JSON: a difference is then named field by field.
    expect(JSON.parse(JSON.stringify(after))).toEqual(JSON.parse(JSON.stringify(before)));
  });
});

describe('stored content and sessions', () => {
  let base: string;
  let c: Awaited<ReturnType<typeof seedInstitution>>;
  let cAdmin: Caller;

  beforeAll(async () => {
    // A third institution: these tests write on purpose.
    c = await seedInstitution(t.app, 'sec-c');
    base = `/api/institutions/${c.id}`;
    cAdmin = as(t.app, await login(t.app, c.users.institution_admin));
  });

  async function publishedForm(key: string, title: string, help: string) {
    const created = await cAdmin({
      method: 'POST',
      url: `${base}/forms`,
      payload: {
        key,
        title: { zh: title, en: title },
        description: { zh: help, en: help },
        schema: { type: 'object', properties: { note: { type: 'string', title, description: help } } },
        uiSchema: { note: { 'ui:help': help } },
        fillRoles: ['manager', 'institution_admin'],
        readScope: 'team',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const published = await cAdmin({
      method: 'POST',
      url: `${base}/forms/${created.json().id}/publish`,
      payload: { rev: created.json().rev },
    });
    expect(published.statusCode, published.body).toBe(200);
    return created.json().id as string;
  }

  it('exports a submission starting with a formula neutralised, in CSV and XLSX', async () => {
    const formula = "=cmd|' /C calc'!A0";
    const formId = await publishedForm('formula', 'Formula', 'help');
    const submitted = await cAdmin({
      method: 'POST',
      url: `${base}/forms/${formId}/submissions`,
      payload: { data: { note: formula }, submit: true },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const csv = await cAdmin({ method: 'GET', url: `${base}/forms/${formId}/submissions/export?format=csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(`'${formula}`);
    expect(csv.body, 'no cell starts with the formula').not.toMatch(/(^|[,\n"])=cmd/);
    const xlsx = await cAdmin({
      method: 'GET',
      url: `${base}/forms/${formId}/submissions/export?format=xlsx`,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.value))));
    expect(cells).toContain(`'${formula}`);
    expect(cells.filter((v) => typeof v === 'object' && v !== null && 'formula' in v)).toEqual([]);
  });

  it('stores a <script> form title and help text as text and answers it as JSON', async () => {
    const script = '<script>alert(document.cookie)</script>';
    const formId = await publishedForm('xss', script, `<img src=x onerror=alert(1)>${script}`);
    const res = await cAdmin({ method: 'GET', url: `${base}/forms/${formId}` });
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const form = res.json();
    expect(form.title.en).toBe(script);
    expect(form.uiSchema.note['ui:help']).toBe(`<img src=x onerror=alert(1)>${script}`);
  });

  it('replaces a session cookie set before sign-in (fixation)', async () => {
    const planted = 'rapport_sid=attacker-chosen-value';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: planted },
      payload: { email: c.users.supervisor, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const issued = res.cookies.find((x) => x.name === 'rapport_sid');
    expect(issued?.value).toBeTruthy();
    expect(issued?.value).not.toBe('attacker-chosen-value');
    expect((await as(t.app, planted)({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    // A session that existed before a new sign-in is ended, not carried over.
    const first = await login(t.app, c.users.supervisor);
    const second = await as(
      t.app,
      first,
    )({ method: 'POST', url: '/api/auth/login', payload: { email: c.users.supervisor, password: PASSWORD } });
    expect(second.statusCode).toBe(200);
    expect(second.cookies.find((x) => x.name === 'rapport_sid')?.value).not.toBe(first.split('=')[1]);
    expect((await as(t.app, first)({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('answers 401 to a session cookie used again after sign-out', async () => {
    const cookie = await login(t.app, c.users.auditor);
    const me = as(t.app, cookie);
    expect((await me({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await me({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    const reused = await me({ method: 'GET', url: `${base}/forms` });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('AUTH_ERR_UNAUTHENTICATED');
  });

  it('signs a disabled user out at once (401) and refuses their sign-in', async () => {
    const cookie = await login(t.app, c.users.manager);
    const users = (await cAdmin({ method: 'GET', url: `${base}/users` })).json().items as {
      id: string;
      email: string;
      rev: number;
    }[];
    const manager = users.find((u) => u.email === c.users.manager);
    const disabled = await cAdmin({
      method: 'PATCH',
      url: `${base}/users/${manager?.id}`,
      payload: { rev: manager?.rev, disabled: true },
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect((await as(t.app, cookie)({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: c.users.manager, password: PASSWORD },
    });
    expect(again.statusCode).toBe(403);
    expect(again.json().error.code).toBe('AUTH_ERR_DISABLED');
  });

  it('answers 429 to the 6th wrong password, and then even to the right one', async () => {
    const email = c.users.institution_admin;
    const attempt = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password },
        remoteAddress: '198.51.100.9',
      });
    for (let i = 1; i <= 5; i++) expect((await attempt(`wrong-${i}`)).statusCode, `attempt ${i}`).toBe(401);
    const sixth = await attempt('wrong-6');
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error.code).toBe('AUTH_ERR_TOO_MANY_ATTEMPTS');
    expect((await attempt(PASSWORD)).statusCode).toBe(429);
  });
});
