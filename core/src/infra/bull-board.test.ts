import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buildTestApp,
  login,
  type SeededInstitution,
  seedInstitution,
  seedPlatformAdmin,
  type TestApp,
} from '../../../test/kit/index.js';

let t: TestApp;
let inst: SeededInstitution;
let root: ReturnType<typeof as>;

beforeAll(async () => {
  // With the UIs served, as in production: /admin/queues must not fall back to the admin console's page.
  t = await buildTestApp({ ui: true, capabilities: ['audits'] });
  inst = await seedInstitution(t.app, 'bull-board');
  root = as(t.app, await login(t.app, await seedPlatformAdmin(t.app)));
});
afterAll(() => t.close());

describe('Bull Board at /admin/queues', () => {
  it('shows the board to a platform admin, with every queue the platform knows', async () => {
    const page = await root({ method: 'GET', url: '/admin/queues' });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body, 'the Bull Board page, not the admin console').toContain('__UI_CONFIG__');
    const queues = await root({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(queues.statusCode, queues.body).toBe(200);
    const names = (queues.json().queues as { name: string }[]).map((q) => q.name);
    expect(names, 'the audits queue is on the board').toContain('audits');
  });

  it('refuses an institution admin with 403', async () => {
    const admin = as(t.app, await login(t.app, inst.users.institution_admin));
    for (const url of ['/admin/queues', '/admin/queues/api/queues']) {
      const res = await admin({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(403);
      expect(res.json().error.code).toBe('ERR_FORBIDDEN');
    }
  });

  it('asks an anonymous visitor to sign in (401)', async () => {
    for (const url of ['/admin/queues', '/admin/queues/api/queues']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(401);
      expect(res.json().error.code).toBe('AUTH_ERR_UNAUTHENTICATED');
    }
  });

  it('leaves the admin console at the rest of /admin', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin/institutions' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('__UI_CONFIG__');
  });
});
