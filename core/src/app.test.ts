import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buildTestApp,
  login,
  rawDb,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../test/kit/index.js';

let t: TestApp;
let inst: SeededInstitution;

beforeAll(async () => {
  t = await buildTestApp({ worker: true });
  inst = await seedInstitution(t.app, 'app');
});
afterAll(() => t.close());

describe('health and documentation', () => {
  it('answers /health and /ready with MongoDB and Redis up', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', mongo: 'up', redis: 'up' });
  });

  it('publishes an OpenAPI document describing every API route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/auth/login',
      '/api/auth/me',
      '/api/institutions',
      '/api/institutions/{institutionId}/users',
      '/api/institutions/{institutionId}/events',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/api/institutions'].post.requestBody).toBeDefined();
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('activity log', () => {
  it('records who created and changed a user, newest first, for the institution admin to read', async () => {
    const admin = as(t.app, await login(t.app, inst.users.institution_admin));
    const created = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/users`,
      payload: { email: 'li@app.test', name: '李四', password: 'Long-enough-1', role: 'manager' },
    });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    const patched = await admin({
      method: 'PATCH',
      url: `/api/institutions/${inst.id}/users/${user.id}`,
      payload: { rev: user.rev, role: 'supervisor' },
    });
    expect(patched.json()).toMatchObject({ role: 'supervisor', rev: 2 });
    const events = (await admin({ method: 'GET', url: `/api/institutions/${inst.id}/events?limit=3` })).json()
      .items;
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'user.updated',
      'user.created',
      'auth.login',
    ]);
    expect(events[0]).toMatchObject({
      actor: { email: inst.users.institution_admin },
      target: { collection: 'users', id: user.id },
      summary: 'role',
    });
  });

  it('refuses an admin changing their own role', async () => {
    const admin = as(t.app, await login(t.app, inst.users.institution_admin));
    const me = (await admin({ method: 'GET', url: '/api/auth/me' })).json().user;
    const res = await admin({
      method: 'PATCH',
      url: `/api/institutions/${inst.id}/users/${me.id}`,
      payload: { rev: me.rev, role: 'manager' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('USERS_ERR_CANNOT_CHANGE_SELF');
  });
});

describe('jobs', () => {
  it('purges expired sessions through the BullMQ maintenance queue', async () => {
    const cookie = await login(t.app, inst.users.manager);
    const raw = await rawDb(t.dbName);
    const sessions = raw.db.collection('sessions');
    await sessions.updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const job = await t.app.jobs.queue('maintenance').add('sessions.purge', {});
    const deadline = Date.now() + 15_000;
    while (!(await job.isCompleted()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await job.isCompleted()).toBe(true);
    expect(await sessions.countDocuments({})).toBe(0);
    await raw.close();
    expect((await as(t.app, cookie)({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('keeps one job scheduler for the session purge however often the app starts', async () => {
    const again = await buildTestApp({ queuePrefix: t.app.jobs.prefix, dbName: t.dbName });
    const schedulers = await t.app.jobs.queue('maintenance').getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['sessions.purge']);
    await again.app.close();
  });
});
