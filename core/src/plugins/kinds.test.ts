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
import { convertLegacyInstalls } from './installs.js';
import { PluginKinds } from './kinds.js';

const pluginsDir = fileURLToPath(new URL('../../../plugins', import.meta.url));

let t: TestApp;
let inst: SeededInstitution;
let base: string;
let admin: ReturnType<typeof as>;
/** Set by a test: the kind below fails its install once, after the customers are in. */
let failNext = false;

beforeAll(async () => {
  t = await buildTestApp({ pluginsDir });
  t.app.pluginKinds.register({
    key: 'failing-after-customers',
    after: ['customers'],
    async install() {
      if (failNext) {
        failNext = false;
        throw new Error('the disk filled up');
      }
      return {};
    },
    async remove() {},
  });
  inst = await seedInstitution(t.app, 'kinds');
  base = `/api/institutions/${inst.id}`;
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
});
afterAll(() => t.close());

describe('the kinds of plugin content', () => {
  it('come in dependency order, each after the kinds it refers to', () => {
    const keys = t.app.pluginKinds.ordered().map((k) => k.key);
    const before = (a: string, b: string) => expect(keys.indexOf(a)).toBeLessThan(keys.indexOf(b));
    before('forms', 'workflows');
    before('forms', 'customers');
    before('people', 'customers');
    before('people', 'audit-plans');
    before('workflows', 'cycles');
    before('indicators', 'cycles');
    expect(keys).toEqual(
      expect.arrayContaining(['forms', 'workflows', 'indicators', 'grades', 'people', 'selection']),
    );
  });

  it('refuse kinds that depend on each other', () => {
    const kinds = new PluginKinds();
    const remove = async () => {};
    kinds.register({ key: 'a', after: ['b'], install: async () => ({}), remove });
    kinds.register({ key: 'b', after: ['a'], install: async () => ({}), remove });
    expect(() => kinds.ordered()).toThrow(/depend on each other/);
  });
});

describe('an install that fails part-way', () => {
  it('is journalled step by step, and uninstalling it leaves the institution as it was', async () => {
    const before = await institutionSnapshot(t.dbName, inst.id);
    failNext = true;
    const failed = await admin({
      method: 'POST',
      url: `${base}/plugins/banking/install`,
      payload: { demo: true },
    });
    expect(failed.statusCode).toBe(500);

    // What got in before the failure is recorded, and the journal says where it stopped.
    const raw = await rawDb(t.dbName);
    const { ObjectId } = await import('mongodb');
    const install = await raw.db
      .collection('plugin_installs')
      .findOne({ institutionId: new ObjectId(inst.id), pluginId: 'banking' });
    await raw.close();
    expect(install?.status).toBe('installing');
    const journal = install?.journal as { kind: string; step: string; status: string; error?: string }[];
    expect(journal.at(-1)).toMatchObject({
      kind: 'failing-after-customers',
      step: 'install',
      status: 'failed',
      error: 'the disk filled up',
    });
    expect(journal.filter((j) => j.status === 'done').map((j) => j.kind)).toEqual(
      expect.arrayContaining(['forms', 'workflows', 'people', 'customers']),
    );
    expect(install?.kinds.customers.state.customers.length).toBeGreaterThan(0);
    const customers = (await admin({ method: 'GET', url: `${base}/customers` })).json();
    expect(customers.total).toBeGreaterThan(0);

    // The half-installed plugin is not offered as installed, and uninstall takes it all back out.
    const removed = await admin({ method: 'POST', url: `${base}/plugins/banking/uninstall`, payload: {} });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await institutionSnapshot(t.dbName, inst.id)).toEqual(before);

    // Afterwards it installs whole.
    const installed = await admin({ method: 'POST', url: `${base}/plugins/banking/install`, payload: {} });
    expect(installed.statusCode, installed.body).toBe(201);
    await admin({ method: 'POST', url: `${base}/plugins/banking/uninstall`, payload: {} });
  });
});

describe('the selection kind', () => {
  it("opens the tech plugin's selection drive with its weights, and takes it out on uninstall", async () => {
    const before = await institutionSnapshot(t.dbName, inst.id);
    const installed = await admin({ method: 'POST', url: `${base}/plugins/tech/install`, payload: {} });
    expect(installed.statusCode, installed.body).toBe(201);
    expect(installed.json().created.selectionDrives).toBe(1);
    const drives = (await admin({ method: 'GET', url: `${base}/selection/drives` })).json().items;
    expect(drives).toEqual([
      expect.objectContaining({
        code: 'tech-certification',
        positions: 10,
        weights: { education: 10, experience: 15, 'track-record': 25, exam: 25, interview: 25 },
      }),
    ]);
    const again = await admin({ method: 'POST', url: `${base}/plugins/tech/uninstall`, payload: {} });
    expect(again.statusCode, again.body).toBe(200);
    expect(await institutionSnapshot(t.dbName, inst.id)).toEqual(before);
  });
});

describe('an install recorded before the kinds', () => {
  it('is read as the kinds at start, and uninstalls leaving the institution as it was', async () => {
    const before = await institutionSnapshot(t.dbName, inst.id);
    const installed = await admin({
      method: 'POST',
      url: `${base}/plugins/postal/install`,
      payload: { demo: true },
    });
    expect(installed.statusCode, installed.body).toBe(201);

    // The record as the host wrote it before: one list of ids per kind of content, and what it replaced.
    const raw = await rawDb(t.dbName);
    const { ObjectId } = await import('mongodb');
    const installs = raw.db.collection('plugin_installs');
    const filter = { institutionId: new ObjectId(inst.id), pluginId: 'postal' };
    const { kinds } = (await installs.findOne(filter)) as unknown as {
      kinds: Record<string, { state: Record<string, unknown> & unknown[]; snapshot?: unknown }>;
    };
    const state = (key: string) => kinds[key]?.state as Record<string, unknown>;
    const contents = {
      forms: kinds.forms?.state,
      workflows: kinds.workflows?.state,
      indicators: state('indicators').indicators,
      sets: state('indicators').sets,
      cycles: state('cycles').cycles,
      auditPlans: state('audit-plans').auditPlans,
      orgUnits: state('people').orgUnits,
      users: state('people').users,
      customers: state('customers').customers,
      previous: { grades: kinds.grades?.snapshot, customerSettings: kinds.customers?.snapshot },
    };
    await installs.updateOne(filter, { $set: { contents }, $unset: { kinds: '', journal: '' } });
    expect(await convertLegacyInstalls(installs as never)).toBe(1);
    await raw.close();

    const removed = await admin({ method: 'POST', url: `${base}/plugins/postal/uninstall`, payload: {} });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await institutionSnapshot(t.dbName, inst.id)).toEqual(before);
  });
});
