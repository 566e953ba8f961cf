import { fileURLToPath } from 'node:url';
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
import { institutionSnapshot } from '../../../test/kit/snapshot.js';

const fixtures = (v: string) =>
  fileURLToPath(new URL(`../../../test/fixtures/plugins/${v}`, import.meta.url));

let t: TestApp;
let inst: SeededInstitution;
let base: string;
let admin: ReturnType<typeof as>;

beforeAll(async () => {
  t = await buildTestApp({ pluginsDir: fixtures('v1') });
  inst = await seedInstitution(t.app, 'plugins');
  base = `/api/institutions/${inst.id}`;
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
});
afterAll(() => t.close());

describe('the plugin catalogue', () => {
  it('lists the plugins with their contents, and keeps one whose server code throws, refused with its error', async () => {
    const items = (await admin({ method: 'GET', url: `${base}/plugins` })).json().items as {
      id: string;
      installable: boolean;
      serverError: string | null;
      contents: { forms: unknown[]; demo: { managers: number } | null };
    }[];
    const sample = items.find((i) => i.id === 'sample');
    expect(sample).toMatchObject({
      installable: true,
      serverError: null,
      contents: { demo: { managers: 3 } },
    });
    expect(sample?.contents.forms).toHaveLength(2);
    expect(items.find((i) => i.id === 'broken')?.serverError).toBe('the broken plugin fails on purpose');
    // The platform keeps running.
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});

describe('installing', () => {
  it('installs then uninstalls, leaving the institution as it was', async () => {
    const before = await institutionSnapshot(t.dbName, inst.id);
    const installed = await admin({
      method: 'POST',
      url: `${base}/plugins/sample/install`,
      payload: { demo: true },
    });
    expect(installed.statusCode, installed.body).toBe(201);
    expect(installed.json().created).toMatchObject({
      forms: 3,
      workflows: 1,
      cycles: 1,
      auditPlans: 1,
      users: 5,
      customers: 6,
    });
    const removed = await admin({ method: 'POST', url: `${base}/plugins/sample/uninstall`, payload: {} });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await institutionSnapshot(t.dbName, inst.id)).toEqual(before);
  });

  it('gives an institution a program it can launch at once; disable hides, upgrade brings new versions, uninstall guards the data', async () => {
    const report = (
      await admin({ method: 'POST', url: `${base}/plugins/sample/install`, payload: { demo: true } })
    ).json();
    expect(report.demoPassword).toEqual(expect.any(String));
    const again = await admin({ method: 'POST', url: `${base}/plugins/sample/install`, payload: {} });
    expect(again.statusCode).toBe(400);

    // Content carries its source; the cycle template is a draft that launches as it is.
    const forms = (await admin({ method: 'GET', url: `${base}/forms` })).json().items as {
      key: string;
      id: string;
    }[];
    const visit = forms.find((f) => f.key === 'sample-visit-report') as { id: string };
    const raw = await rawDb(t.dbName);
    const { ObjectId } = await import('mongodb');
    expect((await raw.db.collection('forms').findOne({ _id: new ObjectId(visit.id) }))?.source).toEqual({
      plugin: 'sample',
      version: '1.0.0',
    });
    await raw.close();
    const [cycle] = (await admin({ method: 'GET', url: `${base}/cycles` })).json().items;
    const launched = await admin({
      method: 'POST',
      url: `${base}/cycles/${cycle.id}/launch`,
      payload: { rev: cycle.rev },
    });
    expect(launched.statusCode, launched.body).toBe(200);
    expect(launched.json().appraisals).toBe(3);

    // The plugin's route answers for this institution; disabled, its forms and routes are gone.
    const manager = as(t.app, await login(t.app, inst.users.manager));
    const hello = await manager({ method: 'GET', url: '/api/plugins/sample/hello' });
    expect(hello.json()).toEqual({ plugin: 'sample', institutionId: inst.id });
    const fillable = async () =>
      (
        (await manager({ method: 'GET', url: `${base}/forms?fillable=true` })).json().items as {
          key: string;
        }[]
      ).map((f) => f.key);
    expect(await fillable()).toContain('sample-visit-report');
    expect((await admin({ method: 'POST', url: `${base}/plugins/sample/disable` })).statusCode).toBe(204);
    expect(await fillable()).not.toContain('sample-visit-report');
    expect((await manager({ method: 'GET', url: '/api/plugins/sample/hello' })).statusCode).toBe(404);
    await admin({ method: 'POST', url: `${base}/plugins/sample/enable` });

    // Version 1.1.0 of the plugin, read by another process on the same data: the form comes in as v2.
    const upgraded = await buildTestApp({
      pluginsDir: fixtures('v2'),
      dbName: t.dbName,
      queuePrefix: t.app.jobs.prefix,
    });
    const admin2 = as(upgraded.app, await login(upgraded.app, inst.users.institution_admin));
    const catalogue = (await admin2({ method: 'GET', url: `${base}/plugins` })).json().items;
    expect(catalogue.find((i: { id: string }) => i.id === 'sample').installed).toMatchObject({
      version: '1.0.0',
      upgradeAvailable: true,
    });
    const result = await admin2({ method: 'POST', url: `${base}/plugins/sample/upgrade` });
    expect(result.statusCode, result.body).toBe(200);
    expect(result.json()).toMatchObject({
      from: '1.0.0',
      to: '1.1.0',
      updated: ['sample-visit-report'],
      changedByInstitution: [],
    });
    const form = (await admin2({ method: 'GET', url: `${base}/forms/${visit.id}` })).json();
    expect(form.latestVersion).toBe(2);
    await upgraded.app.close();

    // The launched cycle depends on the plugin's set: uninstall is refused, then archives when confirmed.
    const refused = await admin({ method: 'POST', url: `${base}/plugins/sample/uninstall`, payload: {} });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'PLUGINS_ERR_IN_USE',
      details: { launchedCycles: 1 },
    });
    const archived = await admin({
      method: 'POST',
      url: `${base}/plugins/sample/uninstall`,
      payload: { archive: true },
    });
    expect(archived.json()).toMatchObject({ archived: true });
    expect((await admin({ method: 'GET', url: `${base}/forms/${visit.id}` })).json().status).toBe('archived');
  });
});
