import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, startBrowserRig } from '../kit/browser.js';
import { signIn } from '../kit/chromium.js';
import { as, login, PASSWORD, type SeededInstitution, seedInstitution } from '../kit/index.js';

let rig: BrowserRig;
let inst: SeededInstitution;
let api: string;
const emails = {
  supervisor: 'boss@cust-ui.test',
  manager: 'mgr@cust-ui.test',
  idle: 'idle@cust-ui.test',
};

/** A day `days` before today in Asia/Shanghai (the institution's default zone), as YYYY-MM-DD. */
function ago(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

beforeAll(async () => {
  rig = await startBrowserRig();
  const app = rig.t.app;
  inst = await seedInstitution(app, 'cust-ui');
  api = `/api/institutions/${inst.id}`;
  const admin = as(app, await login(app, inst.users.institution_admin));
  const ok = async (
    res: Promise<{ statusCode: number; body: string; json(): { id: string } }>,
    status = 201,
  ) => {
    const done = await res;
    expect(done.statusCode, done.body).toBe(status);
    return done.json();
  };

  const unit = await ok(
    admin({
      method: 'POST',
      url: `${api}/org-units`,
      payload: { code: 'HQ', name: { zh: '总行', en: 'Head office' }, kind: 'head-office', parentId: null },
    }),
  );
  const person = async (email: string, name: string, role: 'supervisor' | 'manager') => {
    const user = await ok(
      admin({
        method: 'POST',
        url: `${api}/users`,
        payload: { email, name, password: PASSWORD, role, orgUnitId: unit.id },
      }),
    );
    if (role === 'manager')
      await ok(
        admin({
          method: 'POST',
          url: `${api}/managers`,
          payload: { userId: user.id, grade: 'level2', teamRole: 'relationship-manager' },
        }),
      );
    return user.id;
  };
  await person(emails.supervisor, '周主管', 'supervisor');
  const managerId = await person(emails.manager, '李经理', 'manager');
  await person(emails.idle, '王经理', 'manager');

  for (const [code, name] of [
    ['C1', '东方农机有限公司'],
    ['C2', '南山食品厂'],
  ])
    await ok(
      admin({
        method: 'POST',
        url: `${api}/customers`,
        payload: {
          code,
          name,
          kind: 'enterprise',
          industryGroup: 'commerce',
          relationshipManagerId: managerId,
        },
      }),
    );
  // By the default rules: C1 has 12 transactions and 12 million in volume (frequent, large),
  // C2 two transactions and 2 million (occasional, medium).
  const csv = [
    'customerCode,date,kind,amount,product',
    ...Array.from({ length: 12 }, (_, i) => `C1,${ago(i + 1)},transaction,1000,deposit`),
    `C1,${ago(3)},volume,12000000,deposit`,
    `C2,${ago(2)},transaction,500,loan`,
    `C2,${ago(40)},transaction,500,loan`,
    `C2,${ago(40)},volume,2000000,loan`,
  ].join('\n');
  const imported = await admin({
    method: 'POST',
    url: `${api}/customers/facts/import`,
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(imported.statusCode, imported.body).toBe(200);
}, 60_000);

afterAll(() => rig?.close());

describe('customers in the portal', () => {
  it('shows a manager their customers with classes, logs a visit and this week’s entry; the supervisor sees who missed it', async () => {
    const manager = await rig.session();
    await manager.goto(`${rig.base}/`);
    await signIn(manager, emails.manager);

    // My customers: both, with the classes their facts give them.
    await manager.getByTestId('nav-customers').click();
    await manager.getByTestId('customer-open-C1').waitFor();
    const tag = (id: string) => manager.getByTestId(id).textContent();
    expect(await tag('customer-frequency-C1'), 'C1 with 12 transactions is frequent').toBe('经常联系户');
    expect(await tag('customer-size-C1'), 'C1 with 12 million in volume is large').toBe('大型客户');
    expect(await tag('customer-frequency-C2'), 'C2 with 2 transactions is occasional').toBe('流动户');
    expect(await tag('customer-size-C2'), 'C2 with 2 million in volume is medium').toBe('中等客户');

    // One customer: its facts, then a visit logged.
    await manager.getByTestId('customer-open-C1').click();
    await expect.poll(() => manager.getByTestId('customer-name').textContent()).toBe('东方农机有限公司');
    await manager.getByTestId('customer-tab-facts').click();
    await expect
      .poll(() => manager.getByTestId('facts-table').locator('tbody tr.ant-table-row').count(), {
        message: 'the 13 facts of C1 are listed',
      })
      .toBe(13);
    await manager.getByTestId('customer-tab-visits').click();
    await manager.getByTestId('visit-log').click();
    await manager.getByTestId('visit-purpose').fill('了解春耕农机贷款需求');
    await manager.getByTestId('visit-notes').fill('客户计划四月购入两台收割机，约需贷款 80 万。');
    await manager.getByTestId('visit-submit').click();
    await expect
      .poll(() => manager.getByTestId('visits-list').textContent(), { message: 'the visit is in the log' })
      .toContain('了解春耕农机贷款需求');
    expect(await manager.getByTestId('visits-list').textContent()).toContain('李经理 登记');

    // This week's information entry.
    await manager.getByTestId('nav-weekly-entry').click();
    await manager.getByTestId('weekly-notes').fill('走访东方农机，了解春耕贷款需求；南山食品厂存款稳定。');
    await manager.getByTestId('weekly-save').click();
    await manager.getByTestId('weekly-entered').waitFor();

    // The supervisor: this week nobody but the idle manager is missing.
    const supervisor = await rig.session();
    await supervisor.goto(`${rig.base}/`);
    await signIn(supervisor, emails.supervisor);
    await supervisor.getByTestId('nav-weekly-entry').click();
    await supervisor.getByTestId(`missed-${emails.idle}`).waitFor();
    expect(
      await supervisor.getByTestId(`missed-${emails.manager}`).count(),
      'the manager who entered this week is not listed',
    ).toBe(0);
    expect(await supervisor.getByTestId('missed-summary').textContent()).toContain('有 1 位客户经理未录入');
  });
});
