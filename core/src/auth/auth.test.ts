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
import { MAX_FAILURES_PER_EMAIL } from './service.js';

let t: TestApp;
let inst: SeededInstitution;

beforeAll(async () => {
  t = await buildTestApp({ capabilities: ['org'] });
  inst = await seedInstitution(t.app, 'auth');
});
afterAll(() => t.close());

function sessionCookie(res: {
  cookies: { name: string; value: string; httpOnly?: boolean; sameSite?: string }[];
}) {
  return res.cookies.find((c) => c.name === 'rapport_sid');
}

describe('sign-in', () => {
  it('sets an httpOnly, SameSite=Lax session cookie and /me returns the user with their institution', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: inst.users.manager, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = sessionCookie(res);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(res.json().user).toMatchObject({
      email: inst.users.manager,
      role: 'manager',
      institution: { code: 'auth' },
    });
    expect(res.body).not.toContain('passwordHash');
    const me = await as(t.app, `rapport_sid=${cookie?.value}`)({ method: 'GET', url: '/api/auth/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(inst.users.manager);
  });

  it('accepts the email in any case', async () => {
    await expect(login(t.app, inst.users.supervisor.toUpperCase())).resolves.toMatch(/^rapport_sid=/);
  });

  it('answers a wrong password with 401 in zh-CN by default and in English on request', async () => {
    const zh = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: inst.users.auditor, password: 'wrong-password' },
    });
    expect(zh.statusCode).toBe(401);
    expect(zh.json()).toEqual({ error: { code: 'AUTH_ERR_INVALID_CREDENTIALS', message: '邮箱或密码错误' } });
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
      payload: { email: 'nobody@auth.test', password: 'wrong-password' },
    });
    expect(en.json().error.message).toBe('Wrong email or password');
  });

  it('gives a new session id at every login and ends the session presented at login (no fixation)', async () => {
    const first = await login(t.app, inst.users.institution_admin);
    const res = await as(
      t.app,
      first,
    )({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: inst.users.institution_admin, password: PASSWORD },
    });
    const second = `rapport_sid=${sessionCookie(res)?.value}`;
    expect(second).not.toBe(first);
    expect((await as(t.app, first)({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await as(t.app, second)({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
  });

  it('refuses a session cookie after logout', async () => {
    const cookie = await login(t.app, inst.users.manager);
    expect((await as(t.app, cookie)({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    const me = await as(t.app, cookie)({ method: 'GET', url: '/api/auth/me' });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('AUTH_ERR_UNAUTHENTICATED');
  });

  it('refuses a forged or unsigned cookie', async () => {
    const me = await as(t.app, 'rapport_sid=forged-token-value')({ method: 'GET', url: '/api/auth/me' });
    expect(me.statusCode).toBe(401);
  });

  it('ends a session that was idle too long', async () => {
    const cookie = await login(t.app, inst.users.auditor);
    const raw = await rawDb(t.dbName);
    await raw.db
      .collection('sessions')
      .updateMany({}, { $set: { idleExpiresAt: new Date(Date.now() - 1000) } });
    await raw.close();
    expect((await as(t.app, cookie)({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it(`answers 429 after ${MAX_FAILURES_PER_EMAIL} failed attempts, even with the right password`, async () => {
    const email = inst.users.supervisor;
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: `bad-${i}` },
      });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: PASSWORD },
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('AUTH_ERR_TOO_MANY_ATTEMPTS');
  });
});

describe('guesses sent together', () => {
  it(`are checked ${MAX_FAILURES_PER_EMAIL} at most; the others answer 429 without a password check`, async () => {
    const email = inst.users.auditor;
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: `guess-${i}` } }),
      ),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(MAX_FAILURES_PER_EMAIL);
    expect(codes.filter((c) => c === 429)).toHaveLength(15 - MAX_FAILURES_PER_EMAIL);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: PASSWORD },
    });
    expect(right.statusCode).toBe(429);
  });
});

describe('disabled users', () => {
  it('cannot sign in, and their open sessions end when they are disabled', async () => {
    const other = await seedInstitution(t.app, 'auth-disabled');
    const adminCookie = await login(t.app, other.users.institution_admin);
    const managerCookie = await login(t.app, other.users.manager);
    const admin = as(t.app, adminCookie);
    const list = (await admin({ method: 'GET', url: `/api/institutions/${other.id}/users` })).json()
      .items as { id: string; email: string; rev: number }[];
    const manager = list.find((u) => u.email === other.users.manager);
    const patched = await admin({
      method: 'PATCH',
      url: `/api/institutions/${other.id}/users/${manager?.id}`,
      payload: { rev: manager?.rev, disabled: true },
    });
    expect(patched.statusCode).toBe(200);
    expect((await as(t.app, managerCookie)({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: other.users.manager, password: PASSWORD },
    });
    expect(again.statusCode).toBe(403);
    expect(again.json().error.code).toBe('AUTH_ERR_DISABLED');
  });
});

describe('behind an https reverse proxy', () => {
  it('marks the session cookie Secure when TRUST_PROXY is on and the proxy says https', async () => {
    const proxied = await buildTestApp({ trustProxy: true, capabilities: ['org'] });
    const seeded = await seedInstitution(proxied.app, 'proxied');
    const res = await proxied.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: seeded.users.manager, password: PASSWORD },
    });
    expect(sessionCookie(res)).toMatchObject({ secure: true, httpOnly: true });
    await proxied.close();
  });
});
