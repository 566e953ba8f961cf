import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { checkPlugin, readPlugin } from '@rapport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, login, seedInstitution } from '../kit/index.js';
import { institutionSnapshot } from '../kit/snapshot.js';

const script = fileURLToPath(new URL('../../scripts/new-plugin.mjs', import.meta.url));
const biome = fileURLToPath(new URL('../../node_modules/.bin/biome', import.meta.url));
const run = promisify(execFile);

/** Runs `node scripts/new-plugin.mjs …args`; resolves with the exit code and output, whatever the code. */
async function newPlugin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'new-plugin-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('npm run new-plugin', () => {
  it('scaffolds a plugin that keeps the contract as generated: installs with its demo, launches its cycle, uninstalls cleanly', async () => {
    const made = await newPlugin('insurance', '--dir', root);
    expect(made.code, made.stderr).toBe(0);
    const dir = path.join(root, 'insurance');
    expect((await readdir(dir)).sort()).toEqual(
      [
        'audit-plans.json',
        'checklists',
        'customers.json',
        'cycle.json',
        'demo.json',
        'forms',
        'grades.json',
        'indicators.json',
        'manifest.json',
        'package.json',
        'workflows',
      ].sort(),
    );
    const lint = await run(biome, ['check', dir]).then(
      () => '',
      (err: { stdout: string; stderr: string }) => `${err.stdout}${err.stderr}`,
    );
    expect(lint, 'the scaffold is formatted as Biome leaves it').toBe('');

    const { plugin, problems } = await readPlugin(dir);
    expect(problems, JSON.stringify(problems, null, 2)).toEqual([]);
    if (!plugin) throw new Error('the scaffold has no readable manifest');
    const content = checkPlugin(plugin);
    expect(content, JSON.stringify(content, null, 2)).toEqual([]);
    expect(plugin.manifest.id).toBe('insurance');
    expect(plugin.content.indicatorSets.map((s) => s.grade).sort()).toEqual(
      ['level1', 'level2', 'senior', 'trainee'].sort(),
    );

    // The host agrees: the catalogue finds it installable, and installing creates what it names.
    const t = await buildTestApp({ pluginsDir: root });
    try {
      const inst = await seedInstitution(t.app, 'scaffold');
      const admin = as(t.app, await login(t.app, inst.users.institution_admin));
      const base = `/api/institutions/${inst.id}/plugins`;
      const [entry] = (await admin({ method: 'GET', url: base })).json().items;
      expect(entry, JSON.stringify(entry?.problems)).toMatchObject({ id: 'insurance', installable: true });
      const installed = await admin({
        method: 'POST',
        url: `${base}/insurance/install`,
        payload: { demo: true },
      });
      expect(installed.statusCode, installed.body).toBe(201);
      expect(installed.json().created).toMatchObject({
        forms: 2,
        workflows: 1,
        grades: 4,
        cycles: 1,
        auditPlans: 1,
        orgUnits: 2,
        users: 8,
        customers: 24,
      });
      expect(installed.json().skipped, 'nothing of the scaffold is skipped').toEqual([]);
      // Its cycle template launches at once over the demo managers.
      const cycles = `/api/institutions/${inst.id}/cycles`;
      const [cycle] = (await admin({ method: 'GET', url: cycles })).json().items;
      const launched = await admin({
        method: 'POST',
        url: `${cycles}/${cycle.id}/launch`,
        payload: { rev: cycle.rev },
      });
      expect(launched.statusCode, launched.body).toBe(200);
      expect(launched.json()).toMatchObject({ appraisals: 6, skipped: [] });

      // Installed and uninstalled elsewhere, it leaves that institution as it was.
      const other = await seedInstitution(t.app, 'scaffold-round');
      const otherAdmin = as(t.app, await login(t.app, other.users.institution_admin));
      const otherBase = `/api/institutions/${other.id}/plugins`;
      const before = await institutionSnapshot(t.dbName, other.id);
      const again = await otherAdmin({
        method: 'POST',
        url: `${otherBase}/insurance/install`,
        payload: { demo: true },
      });
      expect(again.statusCode, again.body).toBe(201);
      const removed = await otherAdmin({
        method: 'POST',
        url: `${otherBase}/insurance/uninstall`,
        payload: {},
      });
      expect(removed.statusCode, removed.body).toBe(200);
      expect(await institutionSnapshot(t.dbName, other.id)).toEqual(before);
    } finally {
      await t.close();
    }
  });

  it('refuses an id that is taken, with a message naming the folder', async () => {
    const again = await newPlugin('insurance', '--dir', root);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(again.stderr).toContain(path.join(root, 'insurance'));
  });

  it('refuses an invalid id and explains the rule, creating nothing', async () => {
    for (const id of ['Insurance', '1st', 'x', 'has_underscore', '../escape']) {
      const bad = await newPlugin(id, '--dir', root);
      expect(bad.code, `"${id}" should be refused`).toBe(1);
      expect(bad.stderr).toContain('is not a valid plugin id');
    }
    expect(await readdir(root)).toEqual(['insurance']);
  });

  it('asks for an id when none is given', async () => {
    const none = await newPlugin('--dir', root);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('usage: npm run new-plugin <id>');
  });
});
