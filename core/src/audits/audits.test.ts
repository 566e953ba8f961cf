import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newForm } from '../../../test/kit/forms.js';
import {
  as,
  buildTestApp,
  login,
  PASSWORD,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';

let t: TestApp;
let inst: SeededInstitution;
let base: string;
let admin: ReturnType<typeof as>;
const people: Record<string, { id: string; who: ReturnType<typeof as> }> = {};
const units: Record<string, string> = {};

const label = (zh: string, en: string) => ({ zh, en });

/** A plan over every manager, sampling `n`, unannounced unless said otherwise. */
function plan(code: string, overrides: Record<string, unknown> = {}) {
  return {
    code,
    name: label('季度现场抽查', 'Quarterly spot check'),
    kind: 'random',
    mode: 'on-site',
    announced: false,
    scope: { focus: 'comprehensive', orgUnitIds: [], grades: [], customerClasses: [], riskFlags: [] },
    checklistFormKey: 'checklist',
    methods: ['stock-count', 'reconciliation', 'confirmation-letter'],
    auditorIds: [people['auditor-east']?.id, people['auditor-west']?.id],
    daysToComplete: 10,
    schedule: { cron: '0 9 1 * *', tz: 'Asia/Shanghai', windowDays: 20, workingDaysOnly: true },
    sampling: { design: 'simple', size: { kind: 'fixed', n: 2 } },
    ...overrides,
  };
}

async function until<T>(check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  // Workers in this process: running a plan is a job.
  t = await buildTestApp({ worker: true, capabilities: ['audits'] });
  inst = await seedInstitution(t.app, 'audits');
  base = `/api/institutions/${inst.id}`;
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  for (const [code, kind, parent] of [
    ['HQ', 'head-office', null],
    ['EAST', 'branch', 'HQ'],
    ['WEST', 'branch', 'HQ'],
  ] as const) {
    const res = await admin({
      method: 'POST',
      url: `${base}/org-units`,
      payload: { code, name: label(code, code), kind, parentId: parent ? units[parent] : null },
    });
    units[code] = res.json().id;
  }
  const person = async (name: string, role: string, unit: string) => {
    const res = await admin({
      method: 'POST',
      url: `${base}/users`,
      payload: { email: `${name}@audits.test`, name, password: PASSWORD, role, orgUnitId: units[unit] },
    });
    expect(res.statusCode, res.body).toBe(201);
    if (role === 'manager')
      await admin({
        method: 'POST',
        url: `${base}/managers`,
        payload: { userId: res.json().id, grade: 'level2', teamRole: 'relationship-manager' },
      });
    people[name] = { id: res.json().id, who: as(t.app, await login(t.app, `${name}@audits.test`)) };
  };
  await person('auditor-east', 'auditor', 'EAST');
  await person('auditor-west', 'auditor', 'WEST');
  await person('east-1', 'manager', 'EAST');
  await person('east-2', 'manager', 'EAST');
  const form = (
    await admin({
      method: 'POST',
      url: `${base}/forms`,
      payload: { ...newForm('checklist'), fillRoles: ['auditor'] },
    })
  ).json();
  await admin({ method: 'POST', url: `${base}/forms/${form.id}/publish`, payload: { rev: form.rev } });
});
afterAll(() => t.close());

describe('audit plans', () => {
  it('refuses a plan with problems, naming each', async () => {
    const res = await admin({
      method: 'POST',
      url: `${base}/audit-plans`,
      headers: { 'accept-language': 'en' },
      payload: plan('bad', {
        checklistFormKey: 'no-such-form',
        auditorIds: [people['east-1']?.id],
        schedule: { cron: 'every day', tz: 'Mars/Olympus', windowDays: 5, workingDaysOnly: false },
      }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      '/schedule/tz',
      '/checklistFormKey',
      '/auditorIds/0',
    ]);
  });

  it('refuses a schedule firing more often than once an hour, saying how often it would, and keeps hourly ones', async () => {
    const schedule = (cron: string) => ({ cron, tz: 'Asia/Shanghai', windowDays: 0, workingDaysOnly: false });
    for (const [cron, apart] of [
      ['* * * * * *', '1 second'],
      ['*/10 * * * *', '10 minutes'],
      ['0,30 9 * * *', '30 minutes'],
    ] as const) {
      const res = await admin({
        method: 'POST',
        url: `${base}/audit-plans`,
        headers: { 'accept-language': 'en' },
        payload: plan(`often-${apart.replace(' ', '')}`, { schedule: schedule(cron) }),
      });
      expect(res.statusCode, cron).toBe(400);
      const [problem] = res.json().error.details;
      expect(problem.path).toBe('/schedule/cron');
      expect(problem.message).toContain(`fires ${apart} apart`);
      expect(problem.message).toContain('at most once every 1 hour');
    }
    const hourly = await admin({
      method: 'POST',
      url: `${base}/audit-plans/preview`,
      payload: plan('hourly', { schedule: schedule('5 * * * *') }),
    });
    expect(hourly.statusCode, hourly.body).toBe(200);
  });

  it('shows the population, the sample size and the next triggers before saving', async () => {
    const res = await admin({
      method: 'POST',
      url: `${base}/audit-plans/preview`,
      payload: plan('preview', {
        sampling: { design: 'simple', size: { kind: 'confidence', confidence: 0.95, tolerableRate: 0.05 } },
      }),
    });
    expect(res.statusCode, res.body).toBe(200);
    // Two managers: 59 corrected for a population of 2 is 2.
    expect(res.json()).toMatchObject({ population: 2, sampleSize: 2 });
    expect(res.json().nextTriggers).toHaveLength(3);
  });
});

describe('a run', () => {
  it('draws, assigns auditors without conflict, keeps an unannounced audit hidden until opened, and verifies once closed', async () => {
    const created = await admin({ method: 'POST', url: `${base}/audit-plans`, payload: plan('spot') });
    expect(created.statusCode, created.body).toBe(201);
    const planId = created.json().id as string;
    const ran = await admin({ method: 'POST', url: `${base}/audit-plans/${planId}/run` });
    expect(ran.statusCode).toBe(202);
    const audits = await until(async () => {
      const items = (await admin({ method: 'GET', url: `${base}/audits?planId=${planId}` })).json().items;
      return items.length === 2 ? items : undefined;
    });
    // Both managers are in the east: only the west auditor is free of conflict.
    expect(audits.map((a: { auditorId: string }) => a.auditorId)).toEqual([
      people['auditor-west']?.id,
      people['auditor-west']?.id,
    ]);
    const [run] = (await admin({ method: 'GET', url: `${base}/audit-plans/${planId}/runs` })).json().items;
    expect(run).toMatchObject({ n: 2, populationSize: 2, seed: null, status: 'open' });
    expect(run.commitment).toMatch(/^[0-9a-f]{64}$/);
    const early = await admin({ method: 'GET', url: `${base}/audit-runs/${run.id}/verify` });
    expect(early.json().error.code).toBe('AUDITS_ERR_SEED_SECRET');

    // Unannounced: the manager sees nothing, not even a notification.
    const manager = people['east-1'] as { id: string; who: ReturnType<typeof as> };
    const mine = audits.find((a: { managerId: string }) => a.managerId === manager.id);
    expect((await manager.who({ method: 'GET', url: `${base}/audits` })).json().items).toEqual([]);
    expect((await manager.who({ method: 'GET', url: `${base}/audits/${mine.id}` })).statusCode).toBe(404);
    expect((await manager.who({ method: 'GET', url: `${base}/notifications` })).json().unread).toBe(0);
    expect((await manager.who({ method: 'GET', url: `${base}/audit-plans/${planId}/runs` })).statusCode).toBe(
      403,
    );

    const auditor = people['auditor-west'] as { id: string; who: ReturnType<typeof as> };
    const step = (who: ReturnType<typeof as>, path: string, payload: object) =>
      who({ method: 'POST', url: `${base}/audits/${mine.id}/${path}`, payload });
    let audit = (await step(auditor.who, 'open', { rev: mine.rev })).json();
    expect(audit.status).toBe('open');
    expect((await manager.who({ method: 'GET', url: `${base}/audits` })).json().items).toHaveLength(1);
    expect(
      (await manager.who({ method: 'GET', url: `${base}/notifications` })).json().items[0],
    ).toMatchObject({
      kind: 'audit-opened',
      auditId: mine.id,
    });

    const form = (await auditor.who({ method: 'GET', url: `${base}/forms?fillable=true` }))
      .json()
      .items.find((f: { key: string }) => f.key === 'checklist');
    const submission = (
      await auditor.who({
        method: 'POST',
        url: `${base}/forms/${form.id}/submissions`,
        payload: { data: { newCustomers: 1 }, submit: true },
      })
    ).json();
    const wrongMethod = await step(auditor.who, 'findings', {
      rev: audit.rev,
      severity: 'high',
      method: 'questionnaire',
      description: '现金短款',
      evidence: '',
      correctiveAction: '补足并说明',
    });
    expect(wrongMethod.statusCode).toBe(400);
    audit = (
      await step(auditor.who, 'findings', {
        rev: audit.rev,
        severity: 'high',
        method: 'stock-count',
        description: '现金短款 200 元',
        evidence: '盘点表第 3 页',
        correctiveAction: '当日补足并书面说明',
      })
    ).json();
    const noChecklist = await step(auditor.who, 'close', { rev: audit.rev });
    expect(noChecklist.json().error.code).toBe('AUDITS_ERR_CHECKLIST_MISSING');
    audit = (await step(auditor.who, 'checklist', { rev: audit.rev, submissionId: submission.id })).json();
    audit = (await step(auditor.who, 'request-response', { rev: audit.rev })).json();
    audit = (await step(manager.who, 'respond', { rev: audit.rev, text: '已补足，系找零失误' })).json();
    expect(audit.status).toBe('responded');
    audit = (await step(auditor.who, 'close', { rev: audit.rev })).json();
    expect(audit.status).toBe('closed');

    // The other audit closed too: the run closes and its seed is revealed; the draw checks out.
    const other = audits.find((a: { managerId: string }) => a.managerId !== manager.id);
    let second = (
      await auditor.who({
        method: 'POST',
        url: `${base}/audits/${other.id}/open`,
        payload: { rev: other.rev },
      })
    ).json();
    second = (
      await auditor.who({
        method: 'POST',
        url: `${base}/audits/${other.id}/checklist`,
        payload: { rev: second.rev, submissionId: submission.id },
      })
    ).json();
    await auditor.who({
      method: 'POST',
      url: `${base}/audits/${other.id}/close`,
      payload: { rev: second.rev },
    });
    const closed = (await admin({ method: 'GET', url: `${base}/audit-runs/${run.id}` })).json();
    expect(closed.status).toBe('closed');
    expect(closed.seed).toMatch(/^[0-9a-f]{64}$/);
    const verified = (await admin({ method: 'GET', url: `${base}/audit-runs/${run.id}/verify` })).json();
    expect(verified).toMatchObject({
      valid: true,
      commitment: run.commitment,
      recomputedCommitment: run.commitment,
    });

    // The finding feeds the appraisal's business data: 3 points for a high one.
    const findings = await t.app.audits.inspections.findingsOf(
      new ObjectId(inst.id),
      new ObjectId(manager.id),
      {
        from: new Date(Date.now() - 86_400_000),
        to: new Date(Date.now() + 86_400_000),
      },
    );
    expect(findings).toMatchObject({ closed: 1, findingPoints: 3 });
  });

  it('creates a run and its audits once however often the same occurrence runs', async () => {
    const created = (
      await admin({
        method: 'POST',
        url: `${base}/audit-plans`,
        payload: plan('twice', { kind: 'scheduled' }),
      })
    ).json();
    const doc = await t.app.audits.plans.get(new ObjectId(inst.id), new ObjectId(created.id));
    const [a, b] = await Promise.all([
      t.app.audits.runs.runPlan(doc, 'occ-1'),
      t.app.audits.runs.runPlan(doc, 'occ-1'),
    ]);
    expect(a._id.equals(b._id)).toBe(true);
    expect(a.picked).toEqual(b.picked);
    const audits = (await admin({ method: 'GET', url: `${base}/audits?planId=${created.id}` })).json().items;
    expect(audits).toHaveLength(2);
  });
});
