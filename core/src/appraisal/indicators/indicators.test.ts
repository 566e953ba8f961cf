import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buildTestApp,
  login,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../../test/kit/index.js';
import { DEFAULT_INDICATOR_SETS, DEFAULT_INDICATORS } from './defaults.js';

let t: TestApp;
let inst: SeededInstitution;
let other: SeededInstitution;
let admin: ReturnType<typeof as>;
let manager: ReturnType<typeof as>;
let base: string;

const label = (zh: string, en: string) => ({ zh, en });
const sourceWeights = { self: 10, supervisor: 50, peer: 20, customer: 20 };

beforeAll(async () => {
  t = await buildTestApp({ capabilities: ['indicators'] });
  inst = await seedInstitution(t.app, 'ind');
  other = await seedInstitution(t.app, 'ind-other');
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  manager = as(t.app, await login(t.app, inst.users.manager));
  base = `/api/institutions/${inst.id}`;
  const res = await admin({ method: 'POST', url: `${base}/indicators/defaults` });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => t.close());

async function indicatorByCode(code: string) {
  const items = (await admin({ method: 'GET', url: `${base}/indicators` })).json().items as {
    id: string;
    code: string;
    rev: number;
    category: string;
    status: string;
  }[];
  return items.find((i) => i.code === code) as (typeof items)[number];
}

describe('the indicator library', () => {
  it('installs the seed items A–J, the quantitative items and a set per grade, once', async () => {
    const library = (await manager({ method: 'GET', url: `${base}/indicators` })).json().items as {
      code: string;
      name: { zh: string };
      kind: string;
    }[];
    expect(library).toHaveLength(DEFAULT_INDICATORS.length);
    expect(library.filter((i) => i.kind === 'qualitative')).toHaveLength(10);
    expect(library.map((i) => i.name.zh)).toContain('客户对客户经理的评价');
    expect(library.map((i) => i.name.zh)).toContain('新客户增加数');
    const sets = (await manager({ method: 'GET', url: `${base}/indicator-sets?grade=trainee` })).json().items;
    expect(sets.map((s: { code: string }) => s.code)).toEqual(['default-trainee']);

    const again = await admin({ method: 'POST', url: `${base}/indicators/defaults` });
    expect(again.json()).toEqual({
      indicators: { created: [], existing: DEFAULT_INDICATORS.map((i) => i.code) },
      sets: { created: [], existing: DEFAULT_INDICATOR_SETS.map((s) => s.code), skipped: [] },
    });
  });

  it('refuses a second indicator with the same code, in both languages', async () => {
    const body = {
      code: 'deposits',
      name: label('存款余额', 'Deposits'),
      category: 'performance',
      kind: 'quantitative',
      rule: { kind: 'linear', target: 5000000, targetScore: 100, cap: 100 },
      sources: [],
      expression: 'deposits.balance',
      unit: label('元', 'CNY'),
    };
    expect((await admin({ method: 'POST', url: `${base}/indicators`, payload: body })).statusCode).toBe(201);
    const en = await admin({
      method: 'POST',
      url: `${base}/indicators`,
      payload: body,
      headers: { 'accept-language': 'en' },
    });
    expect(en.statusCode).toBe(409);
    expect(en.json().error.message).toBe('An indicator with this code already exists in the library');
    const zh = await admin({ method: 'POST', url: `${base}/indicators`, payload: body });
    expect(zh.json().error.message).toBe('指标库中已有使用此代码的指标');
  });

  it('names every problem of an indicator at once', async () => {
    const res = await admin({
      method: 'POST',
      url: `${base}/indicators`,
      headers: { 'accept-language': 'en' },
      payload: {
        code: 'broken',
        name: label('坏指标', 'Broken'),
        category: 'ability',
        kind: 'quantitative',
        rule: { kind: 'scale', min: 1, max: 5 },
        sources: ['peer'],
        expression: 'loans[',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_ERROR');
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      '/rule/kind',
      '/sources',
      '/expression',
    ]);
  });

  it('lets managers read the library but not change it, and hides other institutions', async () => {
    const res = await manager({
      method: 'POST',
      url: `${base}/indicators/defaults`,
    });
    expect(res.statusCode).toBe(403);
    const foreign = await admin({ method: 'GET', url: `/api/institutions/${other.id}/indicators` });
    expect(foreign.statusCode).toBe(404);
  });

  it('refuses to archive an indicator a set uses, and archives one no set uses', async () => {
    const used = await indicatorByCode('customer-rating');
    const refused = await admin({
      method: 'POST',
      url: `${base}/indicators/${used.id}/archive`,
      payload: { rev: used.rev },
      headers: { 'accept-language': 'en' },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('INDICATORS_ERR_IN_USE');
    expect(refused.json().error.details).toHaveLength(DEFAULT_INDICATOR_SETS.length);

    const unused = await indicatorByCode('deposits');
    const archived = await admin({
      method: 'POST',
      url: `${base}/indicators/${unused.id}/archive`,
      payload: { rev: unused.rev },
    });
    expect(archived.statusCode).toBe(200);
    expect(archived.json().status).toBe('archived');
    const stale = await admin({
      method: 'POST',
      url: `${base}/indicators/${unused.id}/archive`,
      payload: { rev: unused.rev },
    });
    expect(stale.statusCode).toBe(409);
  });

  it('refuses to move an indicator to another category when that breaks a set', async () => {
    const ability = await indicatorByCode('work-ability');
    const current = (await admin({ method: 'GET', url: `${base}/indicators/${ability.id}` })).json();
    const { id: _id, code: _code, status: _s, createdAt: _c, updatedAt: _u, ...content } = current;
    const res = await admin({
      method: 'PUT',
      url: `${base}/indicators/${ability.id}`,
      payload: { ...content, category: 'behaviour' },
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].message).toBe(
      'set "default-level1" would break: Behaviour item weights total 160, not 100',
    );
    const renamed = await admin({
      method: 'PUT',
      url: `${base}/indicators/${ability.id}`,
      payload: { ...content, name: label('工作能力', 'Ability at work') },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ code: 'work-ability', name: { en: 'Ability at work' }, rev: 2 });
  });
});

describe('indicator sets', () => {
  const set = {
    code: 'branch-2026',
    name: label('2026 年支行考核指标', 'Branch indicators 2026'),
    grade: 'level2',
    items: [
      { indicator: 'new-customers', weight: 40 },
      { indicator: 'customer-volume-growth', weight: 40 },
      { indicator: 'relationship-network', weight: 20 },
      { indicator: 'customer-rating', weight: 100 },
      { indicator: 'work-ability', weight: 100 },
    ],
    categoryWeights: { performance: 60, behaviour: 20, ability: 20 },
    sourceWeights,
  };

  it('reports every problem at once, naming the actual totals, in both languages', async () => {
    const broken = {
      ...set,
      items: [
        { indicator: 'new-customers', weight: 40 },
        { indicator: 'customer-volume-growth', weight: 35 },
        { indicator: 'relationship-network', weight: 20 },
        { indicator: 'relationship-network', weight: 0 },
        { indicator: 'no-such-indicator', weight: 10 },
        { indicator: 'customer-rating', weight: 100 },
      ],
      categoryWeights: { performance: 30, behaviour: 35, ability: 30 },
    };
    const en = await admin({
      method: 'POST',
      url: `${base}/indicator-sets`,
      payload: broken,
      headers: { 'accept-language': 'en' },
    });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.code).toBe('VALIDATION_ERROR');
    expect(en.json().error.details.map((d: { message: string }) => d.message)).toEqual([
      'indicator "relationship-network" is in the set twice',
      'an item needs a weight above 0',
      'no indicator "no-such-indicator" in the library',
      'Performance item weights total 95, not 100',
      'Ability weighs 30 but has no items',
      'category weights total 95, not 100',
      'performance (30) must carry more weight than behaviour (35) and ability (30)',
    ]);
    const zh = await admin({ method: 'POST', url: `${base}/indicator-sets`, payload: broken });
    const messages = zh.json().error.details.map((d: { message: string }) => d.message);
    expect(messages).toContain('绩效类指标权重合计 95，应为 100');
    expect(messages).toContain('类别权重合计 95，应为 100');
    const listed = (await admin({ method: 'GET', url: `${base}/indicator-sets?grade=level2` })).json().items;
    expect(listed.map((s: { code: string }) => s.code)).toEqual(['default-level2']);
  });

  it('creates a valid set, edits it guarded by its revision, and refuses a broken edit', async () => {
    const created = await admin({ method: 'POST', url: `${base}/indicator-sets`, payload: set });
    expect(created.statusCode, created.body).toBe(201);
    const { id, rev } = created.json();
    const { code: _code, ...changes } = set;
    const edited = await admin({
      method: 'PUT',
      url: `${base}/indicator-sets/${id}`,
      payload: { ...changes, rev, categoryWeights: { performance: 70, behaviour: 15, ability: 15 } },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ rev: 2, categoryWeights: { performance: 70 } });
    const stale = await admin({
      method: 'PUT',
      url: `${base}/indicator-sets/${id}`,
      payload: { ...changes, rev },
    });
    expect(stale.statusCode).toBe(409);
    const broken = await admin({
      method: 'PUT',
      url: `${base}/indicator-sets/${id}`,
      payload: { ...changes, rev: 2, sourceWeights: { ...sourceWeights, self: 0 } },
      headers: { 'accept-language': 'en' },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.details.map((d: { message: string }) => d.message)).toEqual([
      'evaluation source weights total 90, not 100',
    ]);
    const taken = await admin({ method: 'POST', url: `${base}/indicator-sets`, payload: set });
    expect(taken.statusCode).toBe(409);
  });

  it('checks a set without saving it', async () => {
    const res = await admin({
      method: 'POST',
      url: `${base}/indicator-sets/check`,
      payload: { ...set, items: set.items.slice(1) },
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().problems.map((p: { message: { en: string } }) => p.message.en)).toEqual([
      'Performance item weights total 60, not 100',
    ]);
  });
});
