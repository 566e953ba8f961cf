import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buildTestApp,
  login,
  rawDb,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';

let t: TestApp;
let inst: SeededInstitution;
let admin: ReturnType<typeof as>;

beforeAll(async () => {
  t = await buildTestApp({ capabilities: ['org'] });
  inst = await seedInstitution(t.app, 'input');
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
});
afterAll(() => t.close());

/** Every user and institution document, to prove a refused request changed nothing. */
async function snapshot() {
  const raw = await rawDb(t.dbName);
  const users = await raw.db
    .collection('users')
    .find({}, { sort: { _id: 1 } })
    .toArray();
  const institutions = await raw.db
    .collection('institutions')
    .find({}, { sort: { _id: 1 } })
    .toArray();
  await raw.close();
  return JSON.stringify({ users, institutions });
}

const newUser = { email: 'new@input.test', name: '新人', password: 'Long-enough-1', role: 'manager' };

describe('mass assignment', () => {
  for (const [field, value] of [
    ['institutionId', '0123456789abcdef01234567'],
    ['_id', '0123456789abcdef01234567'],
    ['rev', 99],
    ['createdAt', '2020-01-01T00:00:00Z'],
    ['disabled', false],
    ['passwordHash', 'x'],
  ] as const) {
    it(`refuses a new user carrying ${field} with 400 naming the field, and stores nothing`, async () => {
      const before = await snapshot();
      const res = await admin({
        method: 'POST',
        url: `/api/institutions/${inst.id}/users`,
        payload: { ...newUser, [field]: value },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
      expect(res.json().error.details).toContainEqual(
        expect.objectContaining({ in: 'body', path: `/${field}`, message: '不允许提交此字段' }),
      );
      expect(await snapshot()).toBe(before);
    });
  }

  it('refuses making anyone a platform admin through the institution API', async () => {
    const res = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/users`,
      payload: { ...newUser, role: 'platform_admin' },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('operator injection', () => {
  it('refuses {"$ne": ""} as a login email without signing anyone in', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: { $ne: '' }, password: { $gt: '' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.cookies).toHaveLength(0);
  });

  it('refuses keys that start with $ or contain a dot, anywhere in the body', async () => {
    const before = await snapshot();
    for (const payload of [
      { ...newUser, $where: '1' },
      { ...newUser, name: { $regex: '.*' } },
      { ...newUser, 'a.b': 1 },
    ]) {
      const res = await admin({ method: 'POST', url: `/api/institutions/${inst.id}/users`, payload });
      expect(res.statusCode).toBe(400);
    }
    expect(await snapshot()).toBe(before);
  });

  it('refuses operators smuggled into the query string', async () => {
    const res = await admin({ method: 'GET', url: `/api/institutions/${inst.id}/events?limit[$ne]=x` });
    expect(res.statusCode).toBe(400);
  });

  it('refuses __proto__ and constructor.prototype in JSON', async () => {
    for (const body of [
      '{"email":"a@b.c","password":"x","__proto__":{"isAdmin":true}}',
      '{"email":"a@b.c","password":"x","constructor":{"prototype":{"x":1}}}',
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: body,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('ERR_OPERATOR_IN_INPUT');
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses a wrong type instead of coercing it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: inst.users.manager, password: 12345678 },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('malformed requests', () => {
  it('answers 413 to a body over 1 MiB, 415 to a non-JSON body and 400 to broken JSON, in the error shape', async () => {
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'x@y.z', password: 'p'.repeat(1024 * 1024) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('ERR_BODY_TOO_LARGE');
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.message).toBe('请求体须为 application/json');
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('ERR_MALFORMED_JSON');
  });

  it('answers unknown API routes with the JSON 404 shape', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/nothing-here',
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'ERR_ROUTE_NOT_FOUND', message: 'No such route' } });
  });

  it('refuses deeply nested input', async () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) deep = { a: deep };
    const res = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/users`,
      payload: { ...newUser, name: deep },
    });
    expect(res.statusCode).toBe(400);
  });
});
