import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, startBrowserRig } from '../kit/browser.js';
import { signIn } from '../kit/chromium.js';
import { type SeededInstitution, seedInstitution } from '../kit/index.js';

let rig: BrowserRig;
let inst: SeededInstitution;

beforeAll(async () => {
  rig = await startBrowserRig();
  inst = await seedInstitution(rig.t.app, 'rules');
}, 60_000);

afterAll(() => rig?.close());

describe('program rules', () => {
  it('an institution admin changes the promotion rule and the performance pool without code', async () => {
    const page = await rig.session();
    await page.goto(`${rig.base}/admin/institutions/${inst.id}/rules`);
    await signIn(page, inst.users.institution_admin);
    await page.getByTestId('rules-results').waitFor();
    await page.getByTestId('rules-promote-after').fill('3');
    await page.getByTestId('rules-pool').fill('250000');
    await page.getByTestId('rules-results-save').click();
    const { ObjectId } = await import('mongodb');
    await expect
      .poll(async () => (await rig.t.app.results.getSettings(new ObjectId(inst.id))).rev, { timeout: 10_000 })
      .toBe(1);
    const saved = await rig.t.app.results.getSettings(new ObjectId(inst.id));
    expect(saved.gradeRules.promoteAfterExcellent).toBe(3);
    expect(saved.pay.performancePool).toBe(250000);
    await page.close();
  });
});
