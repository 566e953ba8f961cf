import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, startBrowserRig } from '../kit/browser.js';
import { signIn } from '../kit/chromium.js';
import { as, login, type SeededInstitution, seedInstitution } from '../kit/index.js';

/** The real plugin this test installs, by preference; another installable one stands in while it is refused. */
const PREFERRED = 'banking';

interface Entry {
  id: string;
  installable: boolean;
  problems: unknown[];
  contents: {
    forms: { key: string; title: { zh: string } }[];
    checklists: unknown[];
    cycle: { code: string; name: { zh: string } } | null;
    demo: { managers: number } | null;
  };
}

let rig: BrowserRig;
let inst: SeededInstitution;
let admin: ReturnType<typeof as>;
let plugin: Entry;

beforeAll(async () => {
  // The rig reads the repository's plugins/ (core's DEFAULT_PLUGINS_DIR): the real plugins.
  rig = await startBrowserRig();
  inst = await seedInstitution(rig.t.app, 'plugins-ui');
  admin = as(rig.t.app, await login(rig.t.app, inst.users.institution_admin));
  const items = (await admin({ method: 'GET', url: `/api/institutions/${inst.id}/plugins` })).json()
    .items as Entry[];
  const preferred = items.find((i) => i.id === PREFERRED);
  const chosen = preferred?.installable
    ? preferred
    : items.find((i) => i.installable && i.contents.cycle && i.contents.demo);
  if (!chosen) throw new Error(`no plugin of plugins/ is installable: ${JSON.stringify(items, null, 2)}`);
  if (chosen.id !== PREFERRED)
    console.warn(
      `${PREFERRED} is refused (${JSON.stringify(preferred?.problems)}); installing ${chosen.id} instead`,
    );
  plugin = chosen;
}, 90_000);

afterAll(() => rig?.close());

describe('the plugin catalogue in the browser', () => {
  it("an institution admin installs a real plugin with demo data, sees what it created and the demo sign-ins, then finds its forms and cycle template in the institution's pages", async () => {
    const id = plugin.id;
    const page = await rig.session();
    await page.goto(`${rig.base}/admin/`);
    await signIn(page, inst.users.institution_admin);
    await page.getByTestId('nav-plugins').click();

    // The card says what installing adds, by name.
    const card = page.getByTestId(`plugin-card-${id}`);
    await card.waitFor();
    const [firstForm] = plugin.contents.forms;
    expect(await page.getByTestId(`plugin-forms-${id}`).textContent()).toContain(firstForm?.title.zh);
    expect(await page.getByTestId(`plugin-cycle-${id}`).textContent()).toBe(plugin.contents.cycle?.name.zh);
    expect(await page.getByTestId(`plugin-demo-${id}`).textContent()).toContain(
      `${plugin.contents.demo?.managers} 名客户经理`,
    );

    // The institution has no managers yet: the demo switch starts on.
    await page.getByTestId(`plugin-install-${id}`).click();
    expect(await page.getByTestId('install-demo').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('install-confirm').click();
    // Generating the demo takes seconds: a spinner says the install runs.
    await page.getByTestId('install-running').waitFor();
    const report = page.getByTestId('install-report');
    await report.waitFor({ timeout: 90_000 });

    const formsCreated = plugin.contents.forms.length + plugin.contents.checklists.length;
    expect(await page.getByTestId('install-created-forms').textContent()).toBe(String(formsCreated));
    expect(await page.getByTestId('install-created-cycles').textContent()).toBe('1');
    expect(Number(await page.getByTestId('install-created-customers').textContent())).toBeGreaterThan(0);
    // The demo sign-ins, with their one password shown once; it signs a demo manager in.
    const password = (await page.getByTestId('install-demo-password').textContent())?.trim() ?? '';
    expect(password.length, 'a one-time demo password is shown').toBeGreaterThanOrEqual(12);
    const demoEmails = await page
      .getByTestId('install-demo-users')
      .locator('tbody tr td:first-child')
      .allTextContents();
    const manager = demoEmails.find((e) => e.startsWith('m0'));
    expect(manager, `a demo manager among ${demoEmails.join(', ')}`).toMatch(new RegExp(`\\.${id}\\.demo$`));
    await expect(login(rig.t.app, manager as string, password)).resolves.toContain('rapport_sid=');

    await page.getByTestId('install-close').click();
    await expect.poll(() => page.getByTestId(`plugin-status-${id}`).textContent()).toBe('已启用');

    // The plugin's forms are the institution's forms now, and its cycle template is a draft cycle of this year.
    await page.getByTestId('nav-forms').click();
    for (const form of plugin.contents.forms) await page.getByTestId(`form-open-${form.key}`).waitFor();
    await page.getByTestId('nav-cycles').click();
    const year = new Date().getUTCFullYear();
    const cycle = page.getByTestId(`cycle-open-${`${plugin.contents.cycle?.code}-${year}`.slice(0, 40)}`);
    expect(await cycle.textContent()).toBe(plugin.contents.cycle?.name.zh);
  }, 150_000);

  it('the admin disables and enables it, and once a cycle of it is launched, uninstalling names what depends on it and archives instead', async () => {
    const id = plugin.id;
    const api = `/api/institutions/${inst.id}`;
    const page = await rig.session();
    await page.goto(`${rig.base}/admin/institutions/${inst.id}/plugins`);
    await signIn(page, inst.users.institution_admin);

    await page.getByTestId(`plugin-disable-${id}`).click();
    await page.getByTestId(`plugin-disable-confirm-${id}`).click();
    await expect.poll(() => page.getByTestId(`plugin-status-${id}`).textContent()).toBe('已停用');
    await page.getByTestId(`plugin-enable-${id}`).click();
    await expect.poll(() => page.getByTestId(`plugin-status-${id}`).textContent()).toBe('已启用');

    // The plugin's cycle is launched: its appraisals depend on the plugin's content now.
    const [cycle] = (await admin({ method: 'GET', url: `${api}/cycles` })).json().items;
    const launched = await admin({
      method: 'POST',
      url: `${api}/cycles/${cycle.id}/launch`,
      payload: { rev: cycle.rev },
    });
    expect(launched.statusCode, launched.body).toBe(200);

    await page.getByTestId(`plugin-uninstall-${id}`).click();
    await page.getByTestId('uninstall-confirm').click();
    await page.getByTestId('uninstall-in-use').waitFor();
    expect(await page.getByTestId('uninstall-dependent-launchedCycles').textContent()).toBe(
      '已启动的考核周期 1 个',
    );
    await page.getByTestId('uninstall-archive').click();
    // Archived: no longer installed, the cycle and its appraisals kept.
    await expect.poll(() => page.getByTestId(`plugin-status-${id}`).count()).toBe(0);
    const after = (await admin({ method: 'GET', url: `${api}/cycles/${cycle.id}` })).json();
    expect(after.status, 'the launched cycle is kept').not.toBe('draft');
  }, 120_000);
});
