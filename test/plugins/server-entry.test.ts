import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newForm } from '../kit/forms.js';
import { as, buildTestApp, login, seedInstitution, type TestApp } from '../kit/index.js';

const script = fileURLToPath(new URL('../../scripts/new-plugin.mjs', import.meta.url));
const run = promisify(execFile);

// A plugin's server entry as docs/plugins.md describes it: it hears submissions through the plugin
// API and answers under /api/plugins/<id>/, only where the plugin is enabled.
const SERVER = `const seen = [];
export default (api) => async (scope) => {
  api.onSubmission(async (event) => {
    seen.push(event);
  });
  scope.get('/seen', async (request) => ({
    seen: seen.filter((e) => e.institutionId === api.institutionOf(request).institutionId),
  }));
};
`;

let root: string;
let t: TestApp;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'server-entry-'));
  await run(process.execPath, [script, 'insurance', '--dir', root]);
  const dir = path.join(root, 'insurance');
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, server: 'server.mjs' }));
  await writeFile(path.join(dir, 'server.mjs'), SERVER);
  t = await buildTestApp({ pluginsDir: root });
});
afterAll(async () => {
  await t?.close();
  await rm(root, { recursive: true, force: true });
});

describe("a plugin's server entry", () => {
  it('hears each submission of the institutions that enabled it, with its form key, once; others it neither hears nor answers', async () => {
    const withPlugin = await seedInstitution(t.app, 'plug-on');
    const without = await seedInstitution(t.app, 'plug-off');
    const submitIn = async (inst: typeof withPlugin) => {
      const admin = as(t.app, await login(t.app, inst.users.institution_admin));
      const base = `/api/institutions/${inst.id}/forms`;
      const form = (await admin({ method: 'POST', url: base, payload: newForm('visit-report') })).json();
      await admin({ method: 'POST', url: `${base}/${form.id}/publish`, payload: { rev: form.rev } });
      const manager = as(t.app, await login(t.app, inst.users.manager));
      const data = { newCustomers: 3, code: 'AB1234' };
      const payload = { data, submit: true };
      const headers = { 'idempotency-key': `visit-${inst.id}` };
      const url = `${base}/${form.id}/submissions`;
      const first = await manager({ method: 'POST', url, payload, headers });
      expect(first.statusCode, first.body).toBe(201);
      // A retry of the same request stores nothing new and is not heard again.
      const retry = await manager({ method: 'POST', url, payload, headers });
      expect(retry.json().id).toBe(first.json().id);
      return { admin, manager, submissionId: first.json().id as string };
    };

    const on = as(t.app, await login(t.app, withPlugin.users.institution_admin));
    const installed = await on({
      method: 'POST',
      url: `/api/institutions/${withPlugin.id}/plugins/insurance/install`,
      payload: { demo: false },
    });
    expect(installed.statusCode, installed.body).toBe(201);
    const heard = await submitIn(withPlugin);
    const ignored = await submitIn(without);

    await expect
      .poll(
        async () => (await heard.manager({ method: 'GET', url: '/api/plugins/insurance/seen' })).json().seen,
      )
      .toEqual([{ institutionId: withPlugin.id, submissionId: heard.submissionId, formKey: 'visit-report' }]);
    const elsewhere = await ignored.manager({ method: 'GET', url: '/api/plugins/insurance/seen' });
    expect(elsewhere.statusCode).toBe(404);
  });
});
