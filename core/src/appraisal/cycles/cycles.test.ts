import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cyclePlan, act as kitAct, actWithForm as kitActWithForm } from '../../../../test/kit/appraisal.js';
import {
  as,
  buildTestApp,
  login,
  PASSWORD,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../../test/kit/index.js';
import { seededSample } from '../../infra/seeded-random.js';

let t: TestApp;
let inst: SeededInstitution;
let base: string;
let admin: ReturnType<typeof as>;
let supervisor: ReturnType<typeof as>;
const managers: { id: string; name: string; who: ReturnType<typeof as> }[] = [];
let adminId: string;

const _label = (zh: string, en: string) => ({ zh, en });
const cycle = cyclePlan;
const actWithForm = (who: ReturnType<typeof as>, instanceId: string, action: string, rating: number) =>
  kitActWithForm(who, base, instanceId, action, rating);
const act = (who: ReturnType<typeof as>, instanceId: string, action: string, comment?: string) =>
  kitAct(who, base, instanceId, action, comment);

beforeAll(async () => {
  t = await buildTestApp({ capabilities: ['cycles'] });
  inst = await seedInstitution(t.app, 'cycles');
  base = `/api/institutions/${inst.id}`;
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  supervisor = as(t.app, await login(t.app, inst.users.supervisor));
  const users = (await admin({ method: 'GET', url: `${base}/users` })).json().items as {
    id: string;
    email: string;
  }[];
  adminId = users.find((u) => u.email === inst.users.institution_admin)?.id as string;
  expect((await admin({ method: 'POST', url: `${base}/indicators/defaults` })).statusCode).toBeLessThan(300);
  for (const [n, grade] of [
    [1, 'level2'],
    [2, 'level1'],
    [3, 'trainee'],
  ] as const) {
    const email = `m${n}@cycles.test`;
    const user = await admin({
      method: 'POST',
      url: `${base}/users`,
      payload: { email, name: `经理${n}`, password: PASSWORD, role: 'manager' },
    });
    await admin({
      method: 'POST',
      url: `${base}/managers`,
      payload: { userId: user.json().id, grade, teamRole: 'relationship-manager' },
    });
    managers.push({ id: user.json().id, name: `经理${n}`, who: as(t.app, await login(t.app, email)) });
  }
});
afterAll(() => t.close());

describe('planning a cycle', () => {
  it('refuses a plan with problems, naming each', async () => {
    const bad = {
      ...cycle('bad', ['0123456789abcdef01234567']),
      period: { from: '2026-12-31', to: '2026-01-01' },
      sourceWeights: { self: 20, supervisor: 70, peer: 0, customer: 0 },
      indicatorSets: { senior: 'no-such-set' },
    };
    const res = await admin({
      method: 'POST',
      url: `${base}/cycles`,
      payload: bad,
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { message: string }) => d.message)).toEqual([
      'the period must run forward (2026-12-31 → 2026-01-01)',
      'source weights total 90, not 100',
      'no indicator set "no-such-set"',
      'not an active member of this institution',
    ]);
  });
});

describe('a cycle from launch to results', () => {
  it('launches one appraisal per manager, gathers self and supervisor ratings, calibrates with a reason, publishes levels, and handles an appeal', async () => {
    const created = await admin({
      method: 'POST',
      url: `${base}/cycles`,
      payload: cycle('y2026', [adminId]),
    });
    expect(created.statusCode, created.body).toBe(201);
    const launched = await admin({
      method: 'POST',
      url: `${base}/cycles/${created.json().id}/launch`,
      payload: { rev: created.json().rev },
    });
    expect(launched.statusCode, launched.body).toBe(200);
    expect(launched.json()).toMatchObject({ appraisals: 3, created: 3, skipped: [] });
    const cycleId = created.json().id as string;

    const list = (await admin({ method: 'GET', url: `${base}/cycles/${cycleId}/appraisals` })).json()
      .items as {
      id: string;
      instanceId: string;
      manager: { id: string };
    }[];
    expect(list).toHaveLength(3);
    // Self 4/5 and supervisor 5/5 for manager 1; lower for the others.
    const ratings = [
      [4, 5],
      [3, 3],
      [2, 2],
    ];
    for (const [i, m] of managers.entries()) {
      const appraisal = list.find((a) => a.manager.id === m.id) as { id: string; instanceId: string };
      const [self, boss] = ratings[i] as [number, number];
      const afterSelf = await actWithForm(m.who, appraisal.instanceId, 'submit-self', self);
      expect(afterSelf.state).toBe('supervisor-evaluation');
      const afterBoss = await actWithForm(supervisor, appraisal.instanceId, 'submit-supervisor', boss);
      expect(afterBoss.state).toBe('customer-sample');
      expect((await act(supervisor, appraisal.instanceId, 'close-sample')).json().state).toBe('calibration');
    }

    // Manager 1 (level 2: categories 55 / 25 / 20): the scale 1–5 maps 4 → 75 and 5 → 100. Items rated
    // by self (20 %) and supervisor (80 %) score 95, items only the supervisor rates 100. They have no
    // customers: new customers scores 0 (none gained), while growth and the customer rating have no
    // input and their weight goes to the rest of their category:
    // performance (25·0 + 10·95 + 10·95 + 15·100) / 60 = 56.67, behaviour (20·100 + 10·100 + 10·100 +
    // 30·95) / 70 = 97.86, ability 95; total 0.55·56.67 + 0.25·97.86 + 0.2·95 = 74.63.
    const first = list.find((a) => a.manager.id === managers[0]?.id) as { id: string; instanceId: string };
    const detail = (await admin({ method: 'GET', url: `${base}/appraisals/${first.id}` })).json();
    expect(detail.state).toBe('calibration');
    expect(detail.score.total).toBe(74.63);
    expect(detail.score.missing).toEqual([
      'customer-volume-growth',
      'customer-scope-growth',
      'customer-rating',
      'inspection-findings',
    ]);
    const rated = detail.score.computation.indicators.find(
      (s: { indicator: string }) => s.indicator === 'relationship-network',
    );
    expect(
      rated.sources.map((s: { source: string; score: number; share: number }) => [
        s.source,
        s.score,
        s.share,
      ]),
    ).toEqual([
      ['self', 75, 0.2],
      ['supervisor', 100, 0.8],
    ]);
    // Before results are out, the manager does not see their score.
    expect(
      (await managers[0]?.who({ method: 'GET', url: `${base}/appraisals/${first.id}` }))?.json().score,
    ).toBeNull();

    const noReason = await admin({
      method: 'POST',
      url: `${base}/appraisals/${first.id}/calibrations`,
      payload: { rev: detail.rev, total: 88, reason: '  ' },
    });
    expect(noReason.statusCode).toBe(400);
    const bySupervisor = await supervisor({
      method: 'POST',
      url: `${base}/appraisals/${first.id}/calibrations`,
      payload: { rev: detail.rev, total: 88, reason: 'no' },
    });
    expect(bySupervisor.json().error.code).toBe('CYCLES_ERR_NOT_COMMITTEE');
    const calibrated = await admin({
      method: 'POST',
      url: `${base}/appraisals/${first.id}/calibrations`,
      payload: { rev: detail.rev, total: 88, reason: '客户投诉一次，酌情下调', feedback: '全年表现突出' },
    });
    expect(calibrated.statusCode, calibrated.body).toBe(200);
    expect(calibrated.json().calibrations).toMatchObject([
      { from: 74.63, to: 88, reason: '客户投诉一次，酌情下调' },
    ]);

    const cycleNow = (await admin({ method: 'GET', url: `${base}/cycles/${cycleId}` })).json();
    const published = await admin({
      method: 'POST',
      url: `${base}/cycles/${cycleId}/publish`,
      payload: { rev: cycleNow.rev },
    });
    expect(published.statusCode, published.body).toBe(200);
    const results = (await admin({ method: 'GET', url: `${base}/cycles/${cycleId}/appraisals` })).json()
      .items as {
      manager: { id: string };
      finalTotal: number;
      level: string;
    }[];
    const byManager = (i: number) => results.find((r) => r.manager.id === managers[i]?.id);
    expect(byManager(0)).toMatchObject({ finalTotal: 88, level: 'excellent' });
    // Level 1 (60 / 20 / 20), every rating 3 → 50, no new customers: 0.6·(35·50 / 60) + 0.2·50 + 0.2·50.
    expect(byManager(1)).toMatchObject({ finalTotal: 37.5, level: 'unqualified' });
    // Trainee (50 / 30 / 20), every rating 2 → 25: 0.5·(35·25 / 60) + 0.3·25 + 0.2·25.
    expect(byManager(2)).toMatchObject({ finalTotal: 19.79, level: 'unqualified' });

    // The manager now sees their result with how it was made, and appeals with a reason.
    const mine = (
      await managers[1]?.who({
        method: 'GET',
        url: `${base}/appraisals/${list.find((a) => a.manager.id === managers[1]?.id)?.id}`,
      })
    )?.json();
    expect(mine.score.total).toBe(37.5);
    expect(mine.state).toBe('published');
    const appealing = list.find((a) => a.manager.id === managers[1]?.id) as {
      id: string;
      instanceId: string;
    };
    const tooShort = await act(
      managers[1]?.who as ReturnType<typeof as>,
      appealing.instanceId,
      'appeal',
      '不服',
    );
    expect(tooShort.json().error.code).toBe('WORKFLOWS_ERR_GUARD_FAILED');
    const appeal = await act(
      managers[1]?.who as ReturnType<typeof as>,
      appealing.instanceId,
      'appeal',
      '新增的三户对公客户未计入本期业绩，请复核',
    );
    expect(appeal.json().state).toBe('appeal');
    const review = (await admin({ method: 'GET', url: `${base}/appraisals/${appealing.id}` })).json();
    await admin({
      method: 'POST',
      url: `${base}/appraisals/${appealing.id}/calibrations`,
      payload: { rev: review.rev, total: 66, reason: '核实新增客户后上调' },
    });
    expect((await act(admin, appealing.instanceId, 'answer-appeal', '已复核')).json().state).toBe(
      'published',
    );
    const after = (await admin({ method: 'GET', url: `${base}/appraisals/${appealing.id}` })).json();
    expect(after).toMatchObject({ finalTotal: 66, level: 'qualified' });
    expect(
      (await act(managers[1]?.who as ReturnType<typeof as>, appealing.instanceId, 'accept')).json().state,
    ).toBe('closed');
  });
});

describe('customers in the appraisal', () => {
  it('samples the manager’s customers with a recorded seed, takes each answer once through its link, and scores business data', async () => {
    const m = managers[0] as { id: string; who: ReturnType<typeof as> };
    const customerIds: string[] = [];
    for (const n of [1, 2, 3, 4]) {
      const res = await admin({
        method: 'POST',
        url: `${base}/customers`,
        payload: { code: `C${n}`, name: `客户${n}`, kind: 'enterprise', relationshipManagerId: m.id },
      });
      expect(res.statusCode, res.body).toBe(201);
      customerIds.push(res.json().id);
    }
    const plan = {
      ...cycle('with-customers', [adminId]),
      population: { orgUnitIds: [], grades: ['level2'] },
      sourceWeights: { self: 10, supervisor: 50, peer: 0, customer: 40 },
      customerSample: { size: 2, linkDays: 7 },
    };
    const created = (await admin({ method: 'POST', url: `${base}/cycles`, payload: plan })).json();
    const launched = await admin({
      method: 'POST',
      url: `${base}/cycles/${created.id}/launch`,
      payload: { rev: created.rev },
    });
    expect(launched.json().appraisals).toBe(1);
    const [appraisal] = (
      await admin({ method: 'GET', url: `${base}/cycles/${created.id}/appraisals` })
    ).json().items as { id: string; instanceId: string }[];
    if (!appraisal) throw new Error('no appraisal');
    await actWithForm(m.who, appraisal.instanceId, 'submit-self', 4);
    await actWithForm(supervisor, appraisal.instanceId, 'submit-supervisor', 4);

    // Entering the customer sample drew two of the four customers, verifiably.
    const detail = (await admin({ method: 'GET', url: `${base}/appraisals/${appraisal.id}` })).json();
    expect(detail.sample).toMatchObject({ populationSize: 4 });
    expect(detail.sample.picked).toHaveLength(2);
    const canonical = [...customerIds].sort();
    expect(seededSample(canonical, 2, Buffer.from(detail.sample.seed, 'hex'))).toEqual(detail.sample.picked);
    const links = (
      await supervisor({ method: 'GET', url: `${base}/appraisals/${appraisal.id}/links` })
    ).json().items as { url: string; customerId: string }[];
    expect(links.map((l) => l.customerId).sort()).toEqual([...detail.sample.picked].sort());

    const token = (links[0]?.url ?? '').split('/').pop() as string;
    const opened = await t.app.inject({ method: 'GET', url: `/api/evaluations/${token}` });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().managerName).toBe('经理1');
    const fields = Object.entries(opened.json().form.schema.properties as Record<string, { type: string }>);
    expect(fields.map(([code]) => code)).toContain('customer-rating');
    const answer = Object.fromEntries(
      fields.filter(([, f]) => f.type !== 'string').map(([code]) => [code, 5]),
    );
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/evaluations/${token}`,
      payload: { data: { ...answer, 'customer-rating': 9 } },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/evaluations/${token}`,
      payload: { data: answer },
    });
    expect(ok.statusCode, ok.body).toBe(204);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/evaluations/${token}`,
      payload: { data: answer },
    });
    expect(again.json().error.code).toBe('EVALUATIONS_ERR_LINK_USED');
    const forged = await t.app.inject({ method: 'GET', url: `/api/evaluations/${token.slice(0, -2)}xx` });
    expect(forged.statusCode).toBe(404);

    const scored = (await admin({ method: 'GET', url: `${base}/appraisals/${appraisal.id}` })).json();
    expect(scored.customerAnswers).toEqual({ asked: 2, answered: 1 });
    const step = (code: string) =>
      scored.score.computation.indicators.find((i: { indicator: string }) => i.indicator === code);
    // Only customers rate the manager here: one answer, 5 of 5.
    expect(step('customer-rating')).toMatchObject({ status: 'scored', score: 100 });
    // Four customers opened this period; the level 2 target is 8: 4 / 8 of 100.
    expect(step('new-customers')).toMatchObject({ actual: 4, score: 50 });
  });
});
