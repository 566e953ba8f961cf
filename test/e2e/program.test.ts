import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, cyclePlan, evaluate, launchCycle } from '../kit/appraisal.js';
import { as, buildTestApp, login, PASSWORD, type TestApp } from '../kit/index.js';

/**
 * The customer-manager program end to end, through the API only, as an institution runs it: its org
 * tree, twelve managers under three supervisors, the default indicators, one appraisal cycle that every
 * evaluator acts on, a calibration, published results, a promotion approved and the pay sheet.
 */
let t: TestApp;
let platform: ReturnType<typeof as>;

beforeAll(async () => {
  t = await buildTestApp();
  await t.app.users.create(
    null,
    { email: 'root@program.test', name: 'Platform admin', password: PASSWORD, role: 'platform_admin' },
    null,
  );
  platform = as(t.app, await login(t.app, 'root@program.test'));
});
afterAll(() => t.close());

const label = (zh: string, en: string) => ({ zh, en });

describe('a year of the customer-manager program', () => {
  it('runs from an empty institution to an approved promotion and an exported pay sheet', async () => {
    const institution = await platform({
      method: 'POST',
      url: '/api/institutions',
      payload: {
        code: 'county',
        name: label('某县农村信用合作联社', 'County credit union'),
        industry: 'banking',
      },
    });
    expect(institution.statusCode, institution.body).toBe(201);
    const base = `/api/institutions/${institution.json().id}`;
    const createUser = async (email: string, name: string, role: string, orgUnitId?: string) => {
      const res = await platform({
        method: 'POST',
        url: `${base}/users`,
        payload: { email, name, password: PASSWORD, role, ...(orgUnitId ? { orgUnitId } : {}) },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const adminId = await createUser('admin@county.test', '联社管理员', 'institution_admin');
    const admin = as(t.app, await login(t.app, 'admin@county.test'));

    // The org tree: the union, three cooperatives.
    const unit = async (code: string, name: string, kind: string, parentId: string | null) => {
      const res = await admin({
        method: 'POST',
        url: `${base}/org-units`,
        payload: { code, name: label(name, code), kind, parentId },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const hq = await unit('HQ', '联社', 'head-office', null);
    const branches = [
      await unit('N', '城北信用社', 'branch', hq),
      await unit('S', '城南信用社', 'branch', hq),
      await unit('E', '城东信用社', 'branch', hq),
    ];

    // A supervisor per cooperative and four managers under each: 12, across the grades.
    const supervisors: ReturnType<typeof as>[] = [];
    const managers: { id: string; who: ReturnType<typeof as>; branch: number }[] = [];
    const grades = ['senior', 'level1', 'level2', 'trainee'] as const;
    for (const [b, branch] of branches.entries()) {
      await createUser(`boss${b}@county.test`, `主管${b}`, 'supervisor', branch);
      supervisors.push(as(t.app, await login(t.app, `boss${b}@county.test`)));
      for (const [g, grade] of grades.entries()) {
        const email = `m${b}${g}@county.test`;
        const id = await createUser(email, `经理${b}${g}`, 'manager', branch);
        const profile = await admin({
          method: 'POST',
          url: `${base}/managers`,
          payload: { userId: id, grade, teamRole: 'relationship-manager' },
        });
        expect(profile.statusCode, profile.body).toBe(201);
        managers.push({ id, who: as(t.app, await login(t.app, email)), branch: b });
      }
    }
    expect((await admin({ method: 'GET', url: `${base}/managers?pageSize=100` })).json().total).toBe(12);

    // The default indicators, and this institution promotes after a single excellent result.
    expect((await admin({ method: 'POST', url: `${base}/indicators/defaults` })).statusCode).toBeLessThan(
      300,
    );
    const settings = (await admin({ method: 'GET', url: `${base}/result-settings` })).json();
    const saved = await admin({
      method: 'PUT',
      url: `${base}/result-settings`,
      payload: {
        rev: settings.rev,
        settings: {
          ...settings,
          rev: undefined,
          gradeRules: { ...settings.gradeRules, promoteAfterExcellent: 1 },
        },
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);

    // The cycle, launched: one appraisal per manager.
    const { cycleId, launch, appraisals } = await launchCycle(admin, base, cyclePlan('y2026', [adminId]));
    expect(launch).toMatchObject({ appraisals: 12, created: 12, skipped: [] });

    // Every evaluator acts: each manager rates themself, their cooperative's supervisor rates them.
    for (const [i, m] of managers.entries()) {
      const appraisal = appraisals.find((a) => a.manager.id === m.id) as { instanceId: string };
      const rating = 1 + (i % 5);
      await evaluate(base, m.who, supervisors[m.branch] as ReturnType<typeof as>, appraisal.instanceId, {
        self: rating,
        supervisor: rating,
      });
    }

    // The committee raises two scores with a reason (a senior's and a level 2's); results are published.
    const calibrate = async (m: number, total: number, reason: string) => {
      const appraisal = appraisals.find((a) => a.manager.id === managers[m]?.id) as { id: string };
      const detail = (await admin({ method: 'GET', url: `${base}/appraisals/${appraisal.id}` })).json();
      const res = await admin({
        method: 'POST',
        url: `${base}/appraisals/${appraisal.id}/calibrations`,
        payload: { rev: detail.rev, total, reason, feedback: '成绩突出' },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await calibrate(0, 91, '年内新增对公客户 12 户，台账已核实');
    await calibrate(2, 90, '代发工资业务全县第一，台账已核实');
    const cycle = (await admin({ method: 'GET', url: `${base}/cycles/${cycleId}` })).json();
    const published = await admin({
      method: 'POST',
      url: `${base}/cycles/${cycleId}/publish`,
      payload: { rev: cycle.rev },
    });
    expect(published.statusCode, published.body).toBe(200);
    const results = (await admin({ method: 'GET', url: `${base}/cycles/${cycleId}/appraisals` })).json()
      .items as {
      manager: { id: string };
      level: string;
      finalTotal: number;
    }[];
    expect(results.filter((r) => r.level !== null)).toHaveLength(12);
    expect(results.find((r) => r.manager.id === managers[0]?.id)).toMatchObject({
      finalTotal: 91,
      level: 'excellent',
    });

    // Every manager accepts their result; then the grade rules propose.
    for (const m of managers) {
      const appraisal = appraisals.find((a) => a.manager.id === m.id) as { instanceId: string };
      expect((await act(m.who, base, appraisal.instanceId, 'accept')).json().state).toBe('closed');
    }
    const proposals = (await admin({ method: 'GET', url: `${base}/grade-proposals?status=open` })).json()
      .items as {
      managerId: string;
      from: string;
      to: string;
      rule: string;
      instanceId: string;
    }[];
    // The excellent senior has no grade above; the excellent level 2 is proposed for level 1.
    expect(proposals.some((p) => p.managerId === managers[0]?.id)).toBe(false);
    const promotion = proposals.find((p) => p.managerId === managers[2]?.id);
    expect(promotion).toMatchObject({ from: 'level2', to: 'level1', rule: 'promote' });
    expect((await act(admin, base, promotion?.instanceId as string, 'approve')).json().state).toBe(
      'approved',
    );
    const promoted = (await admin({ method: 'GET', url: `${base}/managers/${managers[2]?.id}` })).json();
    expect(promoted.grade).toBe('level1');
    // Unqualified managers are proposed one grade down, trainees excepted.
    const unqualified = results.filter((r) => r.level === 'unqualified').map((r) => r.manager.id);
    const demotions = proposals.filter((p) => p.rule === 'demote');
    expect(demotions.length).toBeGreaterThan(0);
    expect(demotions.every((p) => unqualified.includes(p.managerId) && p.from !== 'trainee')).toBe(true);

    // The pay sheet: twelve lines, exported.
    const sheet = (await admin({ method: 'GET', url: `${base}/cycles/${cycleId}/pay-sheet` })).json().items;
    expect(sheet).toHaveLength(12);
    const file = await admin({ method: 'GET', url: `${base}/cycles/${cycleId}/pay-sheet/export` });
    expect(file.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]?.rowCount).toBe(13);
  });
});
