import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPlugin, pluginDirs, readPlugin } from '@rapport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, login, seedInstitution, type TestApp } from '../kit/index.js';
import { institutionSnapshot } from '../kit/snapshot.js';

/** The contract every plugin in plugins/ keeps; a new plugin is covered by being there. */
const root = fileURLToPath(new URL('../../plugins', import.meta.url));
const dirs = await pluginDirs(root);

describe('the plugin contract', () => {
  it('finds the plugins', () => {
    expect(dirs.map((d) => path.basename(d))).toEqual(expect.arrayContaining(['banking', 'postal', 'tech']));
  });

  describe.each(dirs.map((d) => [path.basename(d), d]))('%s', (_name, dir) => {
    it('has a valid manifest, forms that compile, workflows naming existing forms and roles, sets whose weights total 100, and seeds that fit', async () => {
      const { plugin, problems } = await readPlugin(dir);
      expect(problems, JSON.stringify(problems, null, 2)).toEqual([]);
      if (!plugin) throw new Error('no plugin read');
      const content = checkPlugin(plugin);
      expect(content, JSON.stringify(content, null, 2)).toEqual([]);
    });

    it('installs into an empty institution ready to launch a cycle at once', async () => {
      const id = path.basename(dir);
      const { admin, base } = await institution(`launch-${id}`);
      const installed = await admin({
        method: 'POST',
        url: `${base}/plugins/${id}/install`,
        payload: { demo: true },
      });
      expect(installed.statusCode, installed.body).toBe(201);
      const { created } = installed.json();
      for (const what of ['forms', 'workflows', 'indicatorSets', 'cycles', 'auditPlans', 'customers'])
        expect(created[what], `${id} should add ${what}`).toBeGreaterThan(0);
      const [cycle] = (await admin({ method: 'GET', url: `${base}/cycles` })).json().items;
      const launched = await admin({
        method: 'POST',
        url: `${base}/cycles/${cycle.id}/launch`,
        payload: { rev: cycle.rev },
      });
      expect(launched.statusCode, launched.body).toBe(200);
      expect(launched.json().appraisals, 'every demo manager is appraised').toBe(
        created.users - demoPeople(dir),
      );
      expect(launched.json().skipped).toEqual([]);
    }, 180_000);

    it('uninstalls leaving the institution as it was', async () => {
      const id = path.basename(dir);
      const { admin, base, instId } = await institution(`round-${id}`);
      const before = await institutionSnapshot(t.dbName, instId);
      const installed = await admin({
        method: 'POST',
        url: `${base}/plugins/${id}/install`,
        payload: { demo: true },
      });
      expect(installed.statusCode, installed.body).toBe(201);
      const removed = await admin({ method: 'POST', url: `${base}/plugins/${id}/uninstall`, payload: {} });
      expect(removed.statusCode, removed.body).toBe(200);
      expect(await institutionSnapshot(t.dbName, instId)).toEqual(before);
    }, 180_000);
  });
});

let t: TestApp;
const loaded = new Map<string, Awaited<ReturnType<typeof readPlugin>>['plugin']>();
beforeAll(async () => {
  t = await buildTestApp({ pluginsDir: root });
  for (const dir of dirs) loaded.set(dir, (await readPlugin(dir)).plugin);
});
afterAll(() => t?.close());

/** A fresh institution and its admin. */
async function institution(code: string) {
  const inst = await seedInstitution(t.app, code);
  const admin = as(t.app, await login(t.app, inst.users.institution_admin));
  return { admin, base: `/api/institutions/${inst.id}`, instId: inst.id };
}

/** How many named (non-manager) people a plugin's demo seed has. */
function demoPeople(dir: string): number {
  const plugin = loaded.get(dir);
  return plugin?.content.demo?.people.length ?? 0;
}
