import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, startBrowserRig } from '../kit/browser.js';
import { signIn } from '../kit/chromium.js';
import { type SeededInstitution, seedInstitution } from '../kit/index.js';

let rig: BrowserRig;
let t: BrowserRig['t'];
let base: string;
let inst: SeededInstitution;
const session = () => rig.session();

beforeAll(async () => {
  rig = await startBrowserRig();
  ({ t, base } = rig);
  inst = await seedInstitution(t.app, 'forms-ui');
}, 60_000);

afterAll(() => rig?.close());

/** A real pointer drag, in steps, as a person does it (dnd-kit starts after a few pixels). */
async function drag(page: Page, source: Locator, target: Locator) {
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('drag source or target is not visible');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 2 + 12, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height - 12, { steps: 20 });
  await page.mouse.up();
}

describe('forms, end to end', () => {
  it('an admin builds a form by drag and drop and publishes it; a manager fills it; the admin sees the submission', async () => {
    const admin = await session();
    await admin.goto(`${base}/admin/`);
    await signIn(admin, inst.users.institution_admin);
    await admin.getByTestId('nav-forms').click();
    await admin.getByTestId('form-create').click();
    await admin.getByTestId('form-create-key').fill('visit-report');
    await admin.getByTestId('form-create-title-zh').fill('客户走访报告');
    await admin.getByTestId('form-create-title-en').fill('Customer visit report');
    await admin.getByTestId('form-create-submit').click();
    await admin.getByTestId('canvas').waitFor();

    await drag(admin, admin.getByTestId('palette-text'), admin.getByTestId('canvas'));
    await admin.getByTestId('canvas-field-text1').click();
    await admin.getByTestId('prop-title-zh').fill('客户名称');
    await admin.getByTestId('prop-required').click();

    await drag(admin, admin.getByTestId('palette-score'), admin.getByTestId('canvas'));
    await admin.getByTestId('canvas-field-score1').click();
    await admin.getByTestId('prop-title-zh').fill('满意度');
    await admin.getByTestId('prop-maximum').fill('5');
    await admin.getByTestId('prop-maximum').blur();

    await admin.getByTestId('builder-save').click();
    await expect.poll(() => admin.getByTestId('builder-dirty').count()).toBe(0);
    await admin.getByTestId('builder-publish').click();

    const institution = await t.app.institutions.findByCode('forms-ui');
    if (!institution) throw new Error('the seeded institution is gone');
    await expect.poll(async () => (await t.app.forms.list(institution._id, {}))[0]?.latestVersion).toBe(1);
    const [form] = await t.app.forms.list(institution._id, {});
    if (!form) throw new Error('the builder saved no form');
    const version = await t.app.forms.getVersion(form.institutionId, form._id, 1);
    const schema = JSON.parse(version.schemaText);
    expect(schema.required).toEqual(['text1']);
    expect(schema.properties.text1).toMatchObject({ type: 'string', title: '客户名称' });
    expect(schema.properties.score1).toMatchObject({ type: 'integer', title: '满意度', maximum: 5 });

    // The manager, in a session of their own, fills what the platform generated.
    const manager = await session();
    await manager.goto(`${base}/`);
    await signIn(manager, inst.users.manager);
    await manager.getByTestId('nav-forms').click();
    await manager.getByTestId('fill-form-visit-report').click();
    await manager.locator('#root_score1').fill('4');
    await manager.getByTestId('form-submit').click();
    // The required name is missing: refused in the browser, on the field…
    await expect.poll(() => manager.getByTestId('rjsf-form').textContent()).toContain('客户名称');
    await expect
      .poll(() => manager.locator('.ant-form-item-explain-error').first().textContent())
      .toMatch(/必需|required/);
    // …and the server refuses the same payload, naming the same field.
    const refused = await manager.evaluate(
      async ([institutionId, formId]) => {
        const res = await fetch(`/api/institutions/${institutionId}/forms/${formId}/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
          body: JSON.stringify({ data: { score1: 4 }, submit: true }),
        });
        return { status: res.status, body: await res.json() };
      },
      [inst.id, form._id.toHexString()],
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ in: 'data', path: '/text1', message: '为必填项' }]);

    await manager.locator('#root_text1').fill('王家养殖场');
    await manager.getByTestId('form-submit').click();
    await manager.getByTestId('submit-success').waitFor();
    await expect.poll(() => manager.getByTestId('submissions-table').textContent()).toContain('客户走访报告');

    // The admin finds it under the form's submissions.
    await admin.reload();
    await admin.getByTestId('tab-submissions').click();
    await expect
      .poll(() => admin.getByTestId('submissions-table').textContent())
      .toContain(`forms-ui manager`);
    const stored = await t.app.submissions.submittedOf(form.institutionId, form._id);
    expect(stored.map((s) => s.data)).toEqual([{ text1: '王家养殖场', score1: 4 }]);
  }, 120_000);
});
