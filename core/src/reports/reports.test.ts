import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cyclePlan, evaluate, launchCycle } from '../../../test/kit/appraisal.js';
import {
  as,
  buildTestApp,
  login,
  PASSWORD,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';

type Caller = ReturnType<typeof as>;
type Name = 'wang' | 'li' | 'zhao';

let t: TestApp;
let inst: SeededInstitution;
let base: string;
let admin: Caller;
let adminId: string;
const units: Record<string, string> = {};
const bosses: Record<'east' | 'west', Caller> = {} as never;
const people = {} as Record<Name, { id: string; who: Caller }>;
/** Who evaluates whom: wang and li work in the east branch, zhao in the west. */
const BOSS_OF: Record<Name, 'east' | 'west'> = { wang: 'east', li: 'east', zhao: 'west' };
const NAMES: Record<Name, string> = { wang: '王芳', li: '李强', zhao: '赵敏' };
const cycles: Record<'y2026' | 'y2027', { id: string; appraisals: Record<Name, string> }> = {} as never;

const label = (zh: string, en: string) => ({ zh, en });

async function addUnit(code: string, kind: string, parent: string | null) {
  const res = await admin({
    method: 'POST',
    url: `${base}/org-units`,
    payload: { code, name: label(`${code} 分行`, `${code} branch`), kind, parentId: parent && units[parent] },
  });
  expect(res.statusCode, res.body).toBe(201);
  units[code] = res.json().id;
}

async function addUser(key: string, name: string, role: string, unit: string) {
  const email = `${key}@reports.test`;
  const res = await admin({
    method: 'POST',
    url: `${base}/users`,
    payload: { email, name, password: PASSWORD, role, orgUnitId: units[unit] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as string, who: as(t.app, await login(t.app, email)) };
}

/**
 * A cycle run to publication: everyone evaluated, then the committee (the admin) calibrates each
 * total to the number given, so the report's numbers can be computed by hand.
 */
async function runCycle(
  code: 'y2026' | 'y2027',
  period: { from: string; to: string },
  totals: Record<Name, number>,
) {
  const { cycleId, appraisals } = await launchCycle(
    admin,
    base,
    cyclePlan(code, [adminId], { period, phases: [] }),
  );
  const ids = {} as Record<Name, string>;
  for (const key of Object.keys(totals) as Name[]) {
    const appraisal = appraisals.find((a) => a.manager.id === people[key].id) as (typeof appraisals)[0];
    ids[key] = appraisal.id;
    await evaluate(base, people[key].who, bosses[BOSS_OF[key]], appraisal.instanceId, {
      self: 4,
      supervisor: 3,
    });
    const current = (await admin({ method: 'GET', url: `${base}/appraisals/${appraisal.id}` })).json();
    const calibrated = await admin({
      method: 'POST',
      url: `${base}/appraisals/${appraisal.id}/calibrations`,
      payload: {
        rev: current.rev,
        total: totals[key],
        reason: `按业务台账认定 ${code}`,
        feedback: `${NAMES[key]}：继续加强客户维护`,
      },
    });
    expect(calibrated.statusCode, calibrated.body).toBe(200);
  }
  const cycle = (await admin({ method: 'GET', url: `${base}/cycles/${cycleId}` })).json();
  const published = await admin({
    method: 'POST',
    url: `${base}/cycles/${cycleId}/publish`,
    payload: { rev: cycle.rev },
  });
  expect(published.statusCode, published.body).toBe(200);
  cycles[code] = { id: cycleId, appraisals: ids };
}

beforeAll(async () => {
  t = await buildTestApp({ capabilities: ['reports'] });
  inst = await seedInstitution(t.app, 'reports');
  base = `/api/institutions/${inst.id}`;
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  const users = (await admin({ method: 'GET', url: `${base}/users` })).json().items as {
    id: string;
    email: string;
  }[];
  adminId = users.find((u) => u.email === inst.users.institution_admin)?.id as string;
  await admin({ method: 'POST', url: `${base}/indicators/defaults` });
  await addUnit('HQ', 'head-office', null);
  await addUnit('EAST', 'branch', 'HQ');
  await addUnit('WEST', 'branch', 'HQ');
  bosses.east = (await addUser('east-boss', '东区主管', 'supervisor', 'EAST')).who;
  bosses.west = (await addUser('west-boss', '西区主管', 'supervisor', 'WEST')).who;
  const grades: Record<Name, string> = { wang: 'senior', li: 'level1', zhao: 'level1' };
  for (const key of Object.keys(NAMES) as Name[]) {
    people[key] = await addUser(key, NAMES[key], 'manager', key === 'zhao' ? 'WEST' : 'EAST');
    const profile = await admin({
      method: 'POST',
      url: `${base}/managers`,
      payload: { userId: people[key].id, grade: grades[key], teamRole: 'relationship-manager' },
    });
    expect(profile.statusCode, profile.body).toBe(201);
  }
  // Customers: wang's is active and large; li's and zhao's are new (dormant, small).
  for (const [code, owner] of [
    ['C1', 'wang'],
    ['C2', 'li'],
    ['C3', 'zhao'],
  ] as const) {
    const res = await admin({
      method: 'POST',
      url: `${base}/customers`,
      payload: {
        code,
        name: `${code} 有限公司`,
        kind: 'enterprise',
        relationshipManagerId: people[owner].id,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    if (code !== 'C1') continue;
    const today = new Date().toISOString().slice(0, 10);
    for (const fact of [
      { kind: 'transaction', amount: 1000 },
      { kind: 'volume', amount: 20_000_000 },
    ]) {
      const recorded = await admin({
        method: 'POST',
        url: `${base}/customers/${res.json().id}/facts`,
        payload: { date: today, ...fact },
      });
      expect(recorded.statusCode, recorded.body).toBe(201);
    }
  }
  await runCycle('y2026', { from: '2026-01-01', to: '2026-12-31' }, { wang: 90, li: 78, zhao: 78 });
  await runCycle('y2027', { from: '2027-01-01', to: '2027-12-31' }, { wang: 55, li: 88, zhao: 70 });
}, 120_000);
afterAll(() => t.close());

const dashboardOf = async (who: Caller, cycleId?: string) => {
  const res = await who({
    method: 'GET',
    url: `${base}/reports/dashboard${cycleId ? `?cycleId=${cycleId}` : ''}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

const nonEmpty = (buckets: { from: number; count: number; levels: object }[]) =>
  buckets.filter((b) => b.count > 0).map((b) => [b.from, b.count, b.levels]);
const levels = (excellent: number, good: number, qualified: number, unqualified: number) => ({
  excellent,
  good,
  qualified,
  unqualified,
});

describe('dashboard', () => {
  it('shows the latest published cycle by default, with hand-computed distribution, ranking, trend, pyramid and mix', async () => {
    const d = await dashboardOf(admin);
    expect(d.cycle.code).toBe('y2027');
    // 55 unqualified, 70 qualified, 88 excellent (bands 85 / 75 / 60).
    expect(nonEmpty(d.distribution)).toEqual([
      [50, 1, levels(0, 0, 0, 1)],
      [70, 1, levels(0, 0, 1, 0)],
      [80, 1, levels(1, 0, 0, 0)],
    ]);
    expect(d.distribution).toHaveLength(10);
    expect(
      d.ranking.map((r: { rank: number; name: string; total: number; level: string }) => [
        r.rank,
        r.name,
        r.total,
        r.level,
      ]),
    ).toEqual([
      [1, '李强', 88, 'excellent'],
      [2, '赵敏', 70, 'qualified'],
      [3, '王芳', 55, 'unqualified'],
    ]);
    expect(d.ranking[0]).toMatchObject({
      managerId: people.li.id,
      orgUnit: { zh: 'EAST 分行' },
      grade: 'level1',
      calibrated: true,
    });
    expect(d.radar.map((r: { name: string }) => r.name)).toEqual(['李强', '赵敏', '王芳']);
    expect(Object.keys(d.radar[0].categories).sort()).toEqual(['ability', 'behaviour', 'performance']);
    // Trend in period order: (90 + 78 + 78) / 3 = 82, then (55 + 88 + 70) / 3 = 71.
    expect(
      d.trend.cycles.map((c: { cycle: { code: string }; average: number; count: number; levels: object }) => [
        c.cycle.code,
        c.average,
        c.count,
        c.levels,
      ]),
    ).toEqual([
      ['y2026', 82, 3, levels(1, 2, 0, 0)],
      ['y2027', 71, 3, levels(1, 0, 1, 1)],
    ]);
    expect(
      d.trend.managers.find((m: { managerId: string }) => m.managerId === people.wang.id).totals,
    ).toEqual([90, 55]);
    expect(d.gradePyramid).toEqual([
      { grade: 'senior', count: 1 },
      { grade: 'level1', count: 2 },
      { grade: 'level2', count: 0 },
      { grade: 'trainee', count: 0 },
    ]);
    const mix = (m: { frequency: string; size: string; count: number }[]) =>
      m.filter((c) => c.count > 0).map((c) => `${c.frequency}/${c.size}=${c.count}`);
    expect(mix(d.customerMix)).toEqual(['occasional/large=1', 'dormant/small=2']);
    expect(d.customerMix).toHaveLength(9);
  });

  it('gives tied totals the same rank and skips the next (a chosen cycle)', async () => {
    const d = await dashboardOf(admin, cycles.y2026.id);
    expect(d.cycle.code).toBe('y2026');
    expect(d.ranking.map((r: { rank: number; name: string }) => [r.rank, r.name])).toEqual([
      [1, '王芳'],
      [2, '李强'],
      [2, '赵敏'],
    ]);
    expect(nonEmpty(d.distribution)).toEqual([
      [70, 2, levels(0, 2, 0, 0)],
      [90, 1, levels(1, 0, 0, 0)],
    ]);
  });

  it('shows a supervisor only their part of the tree in every section, and a manager only themself', async () => {
    const d = await dashboardOf(bosses.east);
    expect(d.distribution.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(2);
    expect(d.ranking.map((r: { rank: number; name: string }) => [r.rank, r.name])).toEqual([
      [1, '李强'],
      [2, '王芳'],
    ]);
    expect(d.radar.map((r: { name: string }) => r.name)).toEqual(['李强', '王芳']);
    expect(d.trend.cycles.map((c: { average: number; count: number }) => [c.average, c.count])).toEqual([
      [84, 2],
      [71.5, 2],
    ]);
    expect(d.trend.managers.map((m: { name: string }) => m.name).sort()).toEqual(['李强', '王芳'].sort());
    expect(d.gradePyramid.filter((g: { count: number }) => g.count > 0)).toEqual([
      { grade: 'senior', count: 1 },
      { grade: 'level1', count: 1 },
    ]);
    expect(d.customerMix.filter((c: { count: number }) => c.count > 0)).toEqual([
      { frequency: 'occasional', size: 'large', count: 1 },
      { frequency: 'dormant', size: 'small', count: 1 },
    ]);

    const west = await dashboardOf(bosses.west);
    expect(west.ranking.map((r: { name: string }) => r.name)).toEqual(['赵敏']);
    expect(west.customerMix.filter((c: { count: number }) => c.count > 0)).toEqual([
      { frequency: 'dormant', size: 'small', count: 1 },
    ]);

    const own = await dashboardOf(people.zhao.who);
    expect(own.ranking.map((r: { rank: number; name: string }) => [r.rank, r.name])).toEqual([[1, '赵敏']]);
    expect(own.trend.managers.map((m: { name: string }) => m.name)).toEqual(['赵敏']);
    expect(own.gradePyramid.reduce((s: number, g: { count: number }) => s + g.count, 0)).toBe(1);
  });

  it('refuses the dashboard of a cycle whose results are not published', async () => {
    const { cycleId } = await launchCycle(admin, base, cyclePlan('open', [adminId], { phases: [] }));
    const res = await admin({ method: 'GET', url: `${base}/reports/dashboard?cycleId=${cycleId}` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('REPORTS_ERR_NOT_PUBLISHED');
    // Nor does an unpublished cycle enter the trend.
    expect((await dashboardOf(admin)).trend.cycles).toHaveLength(2);
    const appraisals = (await admin({ method: 'GET', url: `${base}/cycles/${cycleId}/appraisals` })).json()
      .items as { id: string; manager: { id: string } }[];
    const own = appraisals.find((a) => a.manager.id === people.wang.id)?.id;
    const early = await people.wang.who({ method: 'GET', url: `${base}/appraisals/${own}/letter` });
    expect(early.statusCode, 'a letter before publication').toBe(409);
    const file = await admin({ method: 'GET', url: `${base}/cycles/${cycleId}/results/export` });
    expect(file.statusCode).toBe(409);
  });
});

describe('results export', () => {
  it('gives admins the ranked results as XLSX with headings in both languages', async () => {
    const file = await admin({ method: 'GET', url: `${base}/cycles/${cycles.y2027.id}/results/export` });
    expect(file.statusCode, file.body).toBe(200);
    expect(file.headers['content-disposition']).toContain('results-y2027.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(row(1)).toEqual([
      '排名 / Rank',
      '姓名 / Name',
      '邮箱 / Email',
      '机构 / Unit',
      '等级 / Grade',
      '总分 / Total',
      '考核结果 / Result',
      '绩效 / Performance',
      '行为 / Behaviour',
      '能力 / Ability',
      '已校准 / Calibrated',
      '反馈意见 / Feedback',
    ]);
    expect(sheet.rowCount).toBe(4);
    expect(row(2).slice(0, 7)).toEqual([
      1,
      '李强',
      'li@reports.test',
      'EAST 分行 / EAST branch',
      '一级客户经理 / Level 1 manager',
      88,
      '优秀 / Excellent',
    ]);
    expect(row(2).slice(10)).toEqual(['是 / Yes', '李强：继续加强客户维护']);
    expect([row(3)[1], row(4)[1]]).toEqual(['赵敏', '王芳']);
  });

  it('is for admins only', async () => {
    for (const who of [bosses.east, people.li.who]) {
      const res = await who({ method: 'GET', url: `${base}/cycles/${cycles.y2027.id}/results/export` });
      expect(res.statusCode).toBe(403);
    }
  });
});

describe('result letter', () => {
  const pages = (pdf: string) => (pdf.match(/\/Type \/Page\b(?!s)/g) ?? []).length;

  it('gives a manager their own letter as a one-page PDF with the CJK font embedded, in Chinese and English', async () => {
    for (const lang of ['zh', 'en']) {
      const res = await people.wang.who({
        method: 'GET',
        url: `${base}/appraisals/${cycles.y2027.appraisals.wang}/letter?lang=${lang}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toContain(`result-letter-y2027-${lang}.pdf`);
      const pdf = res.rawPayload.toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      expect(pdf, 'the font is embedded, not referenced').toContain('/FontFile2');
      expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
      expect(pages(pdf), 'one page').toBe(1);
      // Subset, not the 10 MB font.
      expect(res.rawPayload.length).toBeLessThan(200_000);
    }
  });

  it("lets the committee read anyone's letter, but not another manager or a supervisor", async () => {
    const url = `${base}/appraisals/${cycles.y2027.appraisals.wang}/letter`;
    expect((await admin({ method: 'GET', url })).statusCode).toBe(200);
    expect((await people.li.who({ method: 'GET', url })).statusCode, "another manager's letter").toBe(404);
    expect((await bosses.east({ method: 'GET', url })).statusCode, 'not the committee').toBe(404);
    const bad = await admin({ method: 'GET', url: `${url}?lang=fr` });
    expect(bad.statusCode).toBe(400);
  });
});
