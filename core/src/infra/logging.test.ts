import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PASSWORD, seedInstitution, type TestApp } from '../../../test/kit/index.js';

let t: TestApp;
const lines: Record<string, unknown>[] = [];
const raw: string[] = [];

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line));
      }
      done();
    },
  });
  t = await buildTestApp({ logger: { level: 'trace', stream }, capabilities: ['workflows'] });
});
afterAll(() => t.close());

describe('logs', () => {
  it('carry the request id on every line of a request and never the password, cookie or session', async () => {
    const inst = await seedInstitution(t.app, 'logging');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-request-id': 'login-0001', cookie: 'rapport_sid=stale-session-cookie-value' },
      payload: { email: inst.users.manager, password: PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    const session = login.cookies.find((c) => c.name === 'rapport_sid')?.value as string;
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-request-id': 'login-0002' },
      payload: { email: inst.users.manager, password: 'Wrong-Password-9' },
    });
    expect(refused.statusCode).toBe(401);
    await t.app.inject({
      method: 'GET',
      url: `/api/institutions/${inst.id}/inbox`,
      headers: { cookie: `rapport_sid=${session}`, authorization: 'Bearer some-api-secret' },
    });
    // A customer's evaluation link carries its credential in the path.
    await t.app.inject({ method: 'GET', url: '/api/evaluations/secret-link-token-0123456789' });
    // Careless code logging a whole body or the configuration is redacted all the same.
    t.app.log.info(
      {
        body: { email: 'x@y.test', password: PASSWORD },
        env: { SESSION_SECRET: 'the-session-secret-value' },
      },
      'careless',
    );

    const all = raw.join('\n');
    for (const secret of [
      PASSWORD,
      'Wrong-Password-9',
      'stale-session-cookie-value',
      session,
      'some-api-secret',
      'secret-link-token-0123456789',
      'the-session-secret-value',
    ]) {
      expect(all, `"${secret}" must not appear in the logs`).not.toContain(secret);
    }
    expect(all).toContain('/api/evaluations/[redacted]');
    expect(lines.find((l) => l.msg === 'careless')).toMatchObject({
      body: { email: 'x@y.test', password: '[redacted]' },
    });

    const ofLogin = lines.filter((l) => l.reqId === 'login-0001');
    expect(ofLogin.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['incoming request', 'request completed']),
    );
    expect(lines.filter((l) => l.reqId === 'login-0002').map((l) => l.msg)).toContain('request refused');
    const requestLines = lines.filter((l) => l.req || l.res || l.responseTime !== undefined);
    expect(requestLines.length).toBeGreaterThanOrEqual(8);
    for (const line of requestLines) expect(line.reqId, JSON.stringify(line)).toEqual(expect.any(String));
  });

  it('makes up its own request id when the incoming one is unfit for a log line', async () => {
    await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id\nforged line' } });
    const health = lines.filter((l) => (l.req as { url?: string } | undefined)?.url === '/health');
    expect(health.at(-1)?.reqId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
