import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, cyclePlan, evaluate, launchCycle } from '../../../../test/kit/appraisal.js';
import {
  as,
  buildTestApp,
  login,
  PASSWORD,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../../test/kit/index.js';

let t: TestApp;
let inst: SeededInstitution;
let base: string;
let admin: ReturnType<typeof as>;
let supervisor: ReturnType<typeof as>;
let adminId: string;
const people: Record<'star' | 'weak', { id: string; who: ReturnType<typeof as> }> = {} as never;

beforeAll(async () => {
  t = await buildTestApp({ capabilities: ['cycles'] });
  inst = await seedInstitution(t.app, 'results');
  base = `/api/institutions/${inst.id}`;
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  supervisor = as(t.app, await login(t.app, inst.users.supervisor));
  const users = (await admin({ method: 'GET', url: `${base}/users` })).json().items as {
    id: string;
    email: string;
  }[];
  adminId = users.find((u) => u.email === inst.users.institution_admin)?.id as string;
  await admin({ method: 'POST', url: `${base}/indicators/defaults` });
  for (const [key, grade] of [
    ['star', 'level2'],
    ['weak', 'level1'],
  ] as const) {
    const email = `${key}@results.test`;
    const user = await admin({
      method: 'POST',
      url: `${base}/users`,
      payload: {
        email,
        // The weak manager's name looks like a formula: the spreadsheet must not run it.
        name: key === 'star' ? '明星经理' : '=HYPERLINK("x")',
        password: PASSWORD,
        role: 'manager',
      },
    });
    await admin({
      method: 'POST',
      url: `${base}/managers`,
      payload: { userId: user.json().id, grade, teamRole: 'relationship-manager' },
    });
    people[key] = { id: user.json().id, who: as(t.app, await login(t.app, email)) };
  }
});
afterAll(() => t.close());

/** A cycle run to its end: both evaluated, the star calibrated to `starTotal`, results published and accepted. */
async function runCycle(code: string, period: { from: string; to: string }, starTotal: number) {
  const { cycleId, appraisals } = await launchCycle(
    admin,
    base,
    cyclePlan(code, [adminId], { period, phases: [] }),
  );
  const of = (key: 'star' | 'weak') =>
    appraisals.find((a) => a.manager.id === people[key].id) as (typeof appraisals)[0];
  await evaluate(base, people.star.who, supervisor, of('star').instanceId, { self: 5, supervisor: 5 });
  await evaluate(base, people.weak.who, supervisor, of('weak').instanceId, { self: 1, supervisor: 1 });
  const star = (await admin({ method: 'GET', url: `${base}/appraisals/${of('star').id}` })).json();
  const calibrated = await admin({
    method: 'POST',
    url: `${base}/appraisals/${of('star').id}/calibrations`,
    payload: { rev: star.rev, total: starTotal, reason: '全年新增客户未导入，按台账认定' },
  });
  expect(calibrated.statusCode, calibrated.body).toBe(200);
  const cycle = (await admin({ method: 'GET', url: `${base}/cycles/${cycleId}` })).json();
  const published = await admin({
    method: 'POST',
    url: `${base}/cycles/${cycleId}/publish`,
    payload: { rev: cycle.rev },
  });
  expect(published.statusCode, published.body).toBe(200);
  for (const key of ['star', 'weak'] as const)
    expect((await act(people[key].who, base, of(key).instanceId, 'accept')).json().state).toBe('closed');
  return cycleId;
}

describe('use of results', () => {
  it('proposes a promotion after two excellent cycles and a demotion after an unqualified one; approval moves the grade', async () => {
    const first = await runCycle('y2026', { from: '2026-01-01', to: '2026-12-31' }, 90);
    // After one cycle: the weak manager's unqualified result proposes a demotion, the star nothing yet.
    let proposals = (await admin({ method: 'GET', url: `${base}/grade-proposals?cycleId=${first}` })).json()
      .items;
    expect(
      proposals.map((p: { managerId: string; from: string; to: string; rule: string }) => [
        p.managerId,
        p.from,
        p.to,
        p.rule,
      ]),
    ).toEqual([[people.weak.id, 'level1', 'level2', 'demote']]);
    const demotion = proposals[0] as { id: string; instanceId: string };
    // The admin rejects it in the inbox: the grade stays.
    expect(
      (await act(admin, base, demotion.instanceId, 'reject', '首次不合格，给予一期改进机会')).json().state,
    ).toBe('rejected');
    expect((await admin({ method: 'GET', url: `${base}/managers/${people.weak.id}` })).json().grade).toBe(
      'level1',
    );

    await runCycle('h1-2027', { from: '2027-01-01', to: '2027-06-30' }, 92);
    proposals = (await admin({ method: 'GET', url: `${base}/grade-proposals?status=open` })).json().items;
    const promotion = proposals.find((p: { managerId: string }) => p.managerId === people.star.id);
    expect(promotion).toMatchObject({
      from: 'level2',
      to: 'level1',
      rule: 'promote',
      reason: { zh: '连续 2 期考核优秀' },
    });
    expect((await act(admin, base, promotion.instanceId, 'approve', '同意晋级')).json().state).toBe(
      'approved',
    );
    const star = (await admin({ method: 'GET', url: `${base}/managers/${people.star.id}` })).json();
    expect(star.grade).toBe('level1');
    expect(star.gradeHistory.at(-1)).toMatchObject({
      from: 'level2',
      to: 'level1',
      reason: '连续 2 期考核优秀 / 2 consecutive excellent results — 同意晋级',
      instanceId: promotion.instanceId,
      decidedBy: { email: inst.users.institution_admin },
    });
    const decided = (await admin({ method: 'GET', url: `${base}/grade-proposals?status=approved` })).json()
      .items;
    expect(decided.map((p: { id: string }) => p.id)).toEqual([promotion.id]);
  });

  it('makes a pay sheet of base, pool-shared performance pay and behaviour pay, also as XLSX', async () => {
    const cycleId = await runCycle('pay', { from: '2027-07-01', to: '2027-12-31' }, 90);
    const { items } = (await admin({ method: 'GET', url: `${base}/cycles/${cycleId}/pay-sheet` })).json() as {
      items: {
        managerId: string;
        name: string;
        baseSalary: number;
        performancePay: number;
        behaviourPay: number;
        totalPay: number;
        behaviourScore: number;
        coefficient: number;
      }[];
    };
    expect(items).toHaveLength(2);
    const grades = (await admin({ method: 'GET', url: `${base}/grades` })).json().items as {
      grade: string;
      baseSalary: number;
    }[];
    const base6 = (grade: string) => 6 * (grades.find((g) => g.grade === grade)?.baseSalary ?? 0);
    const star = items.find((i) => i.managerId === people.star.id);
    const weak = items.find((i) => i.managerId === people.weak.id);
    // Six months of each grade's base; the default pool of 100 000 is shared out whole (to the cent).
    expect(star?.baseSalary).toBe(base6('level1'));
    expect(weak?.baseSalary).toBe(base6('level1'));
    expect(100_000 - (star?.performancePay ?? 0) - (weak?.performancePay ?? 0)).toBeLessThan(0.03);
    // Excellent 1.5 × 0.90 against unqualified 0.5 × the weak total.
    expect(star?.coefficient).toBe(1.35);
    expect(star?.behaviourPay).toBeCloseTo((star?.behaviourScore ?? 0) * 20, 2);
    expect(star?.totalPay).toBeCloseTo(
      (star?.baseSalary ?? 0) + (star?.performancePay ?? 0) + (star?.behaviourPay ?? 0),
      2,
    );

    const file = await admin({ method: 'GET', url: `${base}/cycles/${cycleId}/pay-sheet/export` });
    expect(file.headers['content-disposition']).toContain('pay-sheet-pay.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet?.getRow(1).getCell(1).value).toBe('姓名 / Name');
    const names = [sheet?.getRow(2).getCell(1).value, sheet?.getRow(3).getCell(1).value];
    expect(names.sort()).toEqual(['\'=HYPERLINK("x")', '明星经理'].sort());
  });

  it('refuses a pay sheet before results are out, and to managers', async () => {
    const { cycleId } = await launchCycle(admin, base, cyclePlan('unpublished', [adminId], { phases: [] }));
    const early = await admin({ method: 'GET', url: `${base}/cycles/${cycleId}/pay-sheet` });
    expect(early.json().error.code).toBe('CYCLES_ERR_NOT_PUBLISHED');
    expect(
      (await people.star.who({ method: 'GET', url: `${base}/cycles/${cycleId}/pay-sheet` })).statusCode,
    ).toBe(403);
  });
});
