import {
  checkIndicatorSet,
  EVALUATION_SOURCES,
  type EvaluationSource,
  type IndicatorContent,
  type IndicatorSetContent,
  RESULT_LEVELS,
  type ScoringRule,
  type SourceWeights,
} from '@rapport/schemas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INDICATOR_SETS, DEFAULT_INDICATORS } from './indicators/defaults.js';
import { applyRule, type ManagerInputs, resultLevels, scoreOne } from './scoring.js';

const SCALE: ScoringRule = { kind: 'scale', min: 1, max: 5 };
const ALL: EvaluationSource[] = ['self', 'supervisor', 'peer', 'customer'];

function qualitative(code: string, category: IndicatorContent['category'], sources = ALL): IndicatorContent {
  return { code, name: { zh: code, en: code }, category, kind: 'qualitative', rule: SCALE, sources };
}
function quantitative(code: string, rule: ScoringRule): IndicatorContent {
  return {
    code,
    name: { zh: code, en: code },
    category: 'performance',
    kind: 'quantitative',
    rule,
    sources: [],
    expression: code,
  };
}

const library = new Map(
  [
    qualitative('q1', 'performance'),
    quantitative('n1', { kind: 'linear', target: 10, targetScore: 100, cap: 100 }),
    quantitative('b1', {
      kind: 'bands',
      bands: [
        { min: 0, score: 60 },
        { min: 5, score: 80 },
        { min: 10, score: 100 },
      ],
    }),
    qualitative('q2', 'behaviour', ['customer', 'supervisor']),
    qualitative('q3', 'ability', ['self', 'supervisor', 'peer']),
  ].map((i) => [i.code, i]),
);
const SOURCES: SourceWeights = { self: 10, supervisor: 50, peer: 20, customer: 20 };
const set: IndicatorSetContent = {
  code: 'hand',
  name: { zh: '手算', en: 'By hand' },
  grade: 'level1',
  items: [
    { indicator: 'q1', weight: 40 },
    { indicator: 'n1', weight: 30 },
    { indicator: 'b1', weight: 30 },
    { indicator: 'q2', weight: 100 },
    { indicator: 'q3', weight: 100 },
  ],
  categoryWeights: { performance: 60, behaviour: 25, ability: 15 },
  sourceWeights: SOURCES,
};
const inputs: ManagerInputs = {
  ratings: {
    self: { q1: [5], q2: [5], q3: [4] },
    supervisor: { q1: [4], q2: [3], q3: [] },
    peer: { q1: [3, 4], q3: [4] },
    customer: { q1: [4, 5, 3], q2: [5, 5] },
  },
  actuals: { n1: 8, b1: 7 },
};

describe('scoring, computed by hand', () => {
  it('combines raters, sources, items and categories by their weights', () => {
    expect(checkIndicatorSet(set, library)).toEqual([]);
    const result = scoreOne(set, library, SOURCES, inputs);
    // q1: self 5→100, supervisor 4→75, peer avg 3.5→62.5, customer avg 4→75:
    //     0.1·100 + 0.5·75 + 0.2·62.5 + 0.2·75 = 75
    // n1: 8 of target 10 → 80; b1: 7 reaches the 5 band → 80
    // performance: 0.4·75 + 0.3·80 + 0.3·80 = 78
    // q2: customer 5→100 (20), supervisor 3→50 (50), self not allowed: 100·2/7 + 50·5/7 = 64.29
    // q3: supervisor gave nothing: self 75 (10) and peer 75 (20) → 75
    // total: 0.6·78 + 0.25·64.2857 + 0.15·75 = 74.12
    expect(result.indicators).toEqual({ q1: 75, n1: 80, b1: 80, q2: 64.29, q3: 75 });
    expect(result.categories).toEqual({ performance: 78, behaviour: 64.29, ability: 75 });
    expect(result.total).toBe(74.12);
    expect(result.missing).toEqual([]);
    expect(result.coverage).toBe(1);
  });

  it('shows how the score was made: each source, its share and what it adds', () => {
    const { computation } = scoreOne(set, library, SOURCES, inputs);
    const q1 = computation.indicators.find((s) => s.indicator === 'q1');
    expect(q1?.sources).toEqual([
      { source: 'self', raters: 1, average: 5, score: 100, weight: 10, share: 0.1, contribution: 10 },
      { source: 'supervisor', raters: 1, average: 4, score: 75, weight: 50, share: 0.5, contribution: 37.5 },
      { source: 'peer', raters: 2, average: 3.5, score: 62.5, weight: 20, share: 0.2, contribution: 12.5 },
      { source: 'customer', raters: 3, average: 4, score: 75, weight: 20, share: 0.2, contribution: 15 },
    ]);
    expect(q1).toMatchObject({ share: 0.4, contribution: 30, weightInTotal: 24 });
    const q2 = computation.indicators.find((s) => s.indicator === 'q2');
    expect(q2?.ignored).toEqual(['self']);
    expect(q2?.sources?.map((s) => s.share)).toEqual([0.7143, 0.2857]);
    const q3 = computation.indicators.find((s) => s.indicator === 'q3');
    expect(q3?.leftOut).toEqual(['supervisor']);
    expect(computation.indicators.find((s) => s.indicator === 'n1')).toMatchObject({ actual: 8, score: 80 });
    expect(computation.categories.map((c) => [c.category, c.share, c.contribution])).toEqual([
      ['performance', 0.6, 46.8],
      ['behaviour', 0.25, 16.07],
      ['ability', 0.15, 11.25],
    ]);
    expect(JSON.parse(JSON.stringify(computation))).toEqual(computation);
  });

  it('leaves an indicator without input out of its category and says so', () => {
    const result = scoreOne(set, library, SOURCES, { ...inputs, actuals: { n1: null, b1: 7 } });
    // performance: (40·75 + 30·80) / 70 = 77.14
    expect(result.categories.performance).toBe(77.14);
    expect(result.indicators.n1).toBeNull();
    expect(result.missing).toEqual(['n1']);
    // n1 carried 0.6 · 0.3 of the total.
    expect(result.coverage).toBe(0.82);
    expect(result.computation.indicators.find((s) => s.indicator === 'n1')?.status).toBe('missing');
  });

  it('leaves a category without any input out of the total, or counts it 0 when the institution says so', () => {
    const noCustomers: ManagerInputs = {
      ...inputs,
      ratings: {
        ...inputs.ratings,
        supervisor: { q1: [4] },
        customer: { q1: [4, 5, 3] },
        self: { q1: [5], q3: [4] },
      },
    };
    const renormalised = scoreOne(set, library, SOURCES, noCustomers);
    // (60·78 + 15·75) / 75 = 77.4
    expect(renormalised.total).toBe(77.4);
    expect(renormalised.categories.behaviour).toBeNull();
    expect(renormalised.coverage).toBe(0.75);
    const zeroed = scoreOne(set, library, SOURCES, noCustomers, { missing: 'zero' });
    // 0.6·78 + 0.25·0 + 0.15·75 = 58.05
    expect(zeroed.total).toBe(58.05);
    expect(zeroed.computation.indicators.find((s) => s.indicator === 'q2')?.status).toBe('zeroed');
  });

  it('has no total when nothing had input', () => {
    const result = scoreOne(set, library, SOURCES, { ratings: {}, actuals: {} });
    expect(result.total).toBeNull();
    expect(result.coverage).toBe(0);
  });

  it('scores linear targets, with a cap and with lower-is-better', () => {
    const completion: ScoringRule = { kind: 'linear', target: 10, targetScore: 100, cap: 100 };
    expect([0, 5, 10, 20, -3].map((v) => applyRule(completion, v))).toEqual([0, 50, 100, 100, 0]);
    const stretch: ScoringRule = { kind: 'linear', target: 10, targetScore: 80, cap: 100 };
    expect([10, 12.5, 15].map((v) => applyRule(stretch, v))).toEqual([80, 100, 100]);
    // A non-performing ratio: 5 % scores 0, 1 % scores 100.
    const npl: ScoringRule = { kind: 'linear', target: 1, floor: 5, targetScore: 100, cap: 100 };
    expect([2, 6, 0.5].map((v) => applyRule(npl, v))).toEqual([75, 0, 100]);
  });

  it('scores bands and scales, clamping ratings off the scale', () => {
    const bands = library.get('b1')?.rule as ScoringRule;
    expect([-1, 0, 4.9, 5, 99].map((v) => applyRule(bands, v))).toEqual([0, 60, 60, 80, 100]);
    expect([0, 1, 3, 5, 7].map((v) => applyRule(SCALE, v))).toEqual([0, 0, 50, 100, 100]);
  });

  it('scores a manager on the default set of each grade', () => {
    const defaults = new Map(DEFAULT_INDICATORS.map((i) => [i.code, i]));
    const fours: ManagerInputs = {
      ratings: Object.fromEntries(
        ALL.map((s) => [s, Object.fromEntries(DEFAULT_INDICATORS.map((i) => [i.code, [4]]))]),
      ),
      actuals: { 'new-customers': 100, 'customer-volume-growth': 100, 'customer-scope-growth': 100 },
    };
    for (const grade of DEFAULT_INDICATOR_SETS) {
      expect(checkIndicatorSet(grade, defaults)).toEqual([]);
      const result = scoreOne(grade, defaults, grade.sourceWeights, fours);
      // Quantitative items full marks; every rating 4 of 5 = 75.
      const perf = (65 * 100 + 35 * 75) / 100;
      const c = grade.categoryWeights;
      expect(result.total).toBe(
        Math.round(((c.performance * perf + (100 - c.performance) * 75) / 100) * 100) / 100,
      );
    }
  });
});

describe('result levels', () => {
  const scores = [95, 90, 90, 85, 80, 75, 70, 65, 60, 50].map((score, i) => ({ managerId: `m${i}`, score }));

  it('by bands', () => {
    const levels = resultLevels([...scores, { managerId: 'x', score: null }], {
      kind: 'bands',
      excellent: 90,
      good: 80,
      qualified: 60,
    });
    expect(levels.map((l) => l.level)).toEqual([
      'excellent',
      'excellent',
      'excellent',
      'good',
      'good',
      'qualified',
      'qualified',
      'qualified',
      'qualified',
      'unqualified',
      null,
    ]);
  });

  it('by forced distribution: a tie that would overflow a share moves down (or up, at the bottom)', () => {
    const levels = resultLevels(scores, { kind: 'distribution', excellent: 20, good: 30, unqualified: 10 });
    // Two excellent places; 90 is tied twice, so only 95 is excellent and both 90s are good.
    expect(levels.map((l) => l.level)).toEqual([
      'excellent',
      'good',
      'good',
      'good',
      'qualified',
      'qualified',
      'qualified',
      'qualified',
      'qualified',
      'unqualified',
    ]);
    const tiedAtBottom = resultLevels([...scores.slice(0, 9), { managerId: 'm9', score: 60 }], {
      kind: 'distribution',
      excellent: 20,
      good: 30,
      unqualified: 10,
    });
    expect(tiedAtBottom.filter((l) => l.level === 'unqualified')).toEqual([]);
  });
});

const weightsArb = fc.record({
  self: fc.integer({ min: 0, max: 100 }),
  supervisor: fc.integer({ min: 0, max: 100 }),
  peer: fc.integer({ min: 0, max: 100 }),
  customer: fc.integer({ min: 0, max: 100 }),
});
const ruleArb: fc.Arbitrary<ScoringRule> = fc.oneof(
  fc
    .tuple(fc.integer({ min: -10, max: 10 }), fc.integer({ min: 1, max: 20 }))
    .map(([min, span]) => ({ kind: 'scale' as const, min, max: min + span })),
  fc
    .tuple(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.double({ min: 1, max: 100, noNaN: true }))
    .filter(([target]) => target !== 0)
    .map(([target, targetScore]) => ({ kind: 'linear' as const, target, targetScore, cap: 100 })),
  fc.uniqueArray(fc.integer({ min: -100, max: 100 }), { minLength: 1, maxLength: 5 }).chain((mins) =>
    fc
      .array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: mins.length, maxLength: mins.length })
      .map((s) => ({
        kind: 'bands' as const,
        bands: [...mins].sort((a, b) => a - b).map((min, i) => ({ min, score: s[i] as number })),
      })),
  ),
);
const value = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const ratingsArb = fc.array(value, { maxLength: 4 });

describe('scoring properties', () => {
  it('never leaves 0–100, whatever the rules, ratings and actuals', () => {
    fc.assert(
      fc.property(
        ruleArb,
        ruleArb,
        weightsArb,
        fc.record({ self: ratingsArb, supervisor: ratingsArb, peer: ratingsArb, customer: ratingsArb }),
        fc.option(value, { nil: null }),
        fc.constantFrom('renormalise' as const, 'zero' as const),
        (qRule, nRule, sourceWeights, raw, actual, missing) => {
          const lib = new Map([
            ['q', { ...qualitative('q', 'performance'), rule: qRule.kind === 'linear' ? SCALE : qRule }],
            [
              'n',
              {
                ...quantitative(
                  'n',
                  nRule.kind === 'scale' ? { kind: 'bands', bands: [{ min: 0, score: 50 }] } : nRule,
                ),
              },
            ],
          ]) as Map<string, IndicatorContent>;
          const s: IndicatorSetContent = {
            ...set,
            items: [
              { indicator: 'q', weight: 50 },
              { indicator: 'n', weight: 50 },
            ],
            categoryWeights: { performance: 100, behaviour: 0, ability: 0 },
          };
          const ratings = Object.fromEntries(EVALUATION_SOURCES.map((src) => [src, { q: raw[src] }]));
          const result = scoreOne(s, lib, sourceWeights, { ratings, actuals: { n: actual } }, { missing });
          for (const v of [
            result.total,
            ...Object.values(result.indicators),
            ...Object.values(result.categories),
          ]) {
            if (v !== null) {
              expect(v).toBeGreaterThanOrEqual(0);
              expect(v).toBeLessThanOrEqual(100);
            }
          }
          expect(result.coverage).toBeGreaterThanOrEqual(0);
          expect(result.coverage).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('refuses item weights not totalling 100, naming the actual total', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 8 })
          .filter((w) => w.reduce((a, b) => a + b) !== 100),
        (weights) => {
          const lib = new Map(weights.map((_, i) => [`p${i}`, qualitative(`p${i}`, 'performance')]));
          const s: IndicatorSetContent = {
            ...set,
            items: weights.map((weight, i) => ({ indicator: `p${i}`, weight })),
            categoryWeights: { performance: 100, behaviour: 0, ability: 0 },
          };
          const total = weights.reduce((a, b) => a + b);
          const messages = checkIndicatorSet(s, lib).map((p) => p.message);
          expect(messages).toContainEqual({
            en: `Performance item weights total ${total}, not 100`,
            zh: `绩效类指标权重合计 ${total}，应为 100`,
          });
        },
      ),
    );
  });

  it('refuses category and source weights not totalling 100', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 34, max: 100 }),
          fc.integer({ min: 0, max: 33 }),
          fc.integer({ min: 0, max: 33 }),
        ),
        weightsArb,
        ([performance, behaviour, ability], sourceWeights) => {
          const total = performance + behaviour + ability;
          const sources = Object.values(sourceWeights).reduce((a, b) => a + b);
          const problems = checkIndicatorSet(
            { ...set, categoryWeights: { performance, behaviour, ability }, sourceWeights },
            library,
          );
          const en = problems.map((p) => p.message.en);
          expect(en.includes(`category weights total ${total}, not 100`)).toBe(total !== 100);
          expect(en.includes(`evaluation source weights total ${sources}, not 100`)).toBe(sources !== 100);
        },
      ),
    );
  });

  it('renormalises source weights: a source without answers counts as if it weighed 0', () => {
    fc.assert(
      fc.property(
        weightsArb.filter((w) => w.self + w.supervisor + w.peer + w.customer > 0),
        fc.record({
          self: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
          supervisor: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
          peer: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
          customer: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
        }),
        fc.constantFrom(...ALL),
        (weights, answers, silent) => {
          const lib = new Map([['q', qualitative('q', 'performance')]]);
          const s = {
            ...set,
            items: [{ indicator: 'q', weight: 100 }],
            categoryWeights: { performance: 100, behaviour: 0, ability: 0 },
          };
          const ratings = (without: EvaluationSource | null) =>
            Object.fromEntries(ALL.filter((src) => src !== without).map((src) => [src, { q: answers[src] }]));
          const withoutAnswers = scoreOne(s, lib, weights, { ratings: ratings(silent), actuals: {} });
          const weighingZero = scoreOne(
            s,
            lib,
            { ...weights, [silent]: 0 },
            { ratings: ratings(null), actuals: {} },
          );
          expect(withoutAnswers.indicators.q).toBeCloseTo(weighingZero.indicators.q ?? Number.NaN, 6);
          // When every remaining source gives the same rating, the weights cancel out.
          const same = scoreOne(s, lib, weights, {
            ratings: Object.fromEntries(ALL.filter((src) => src !== silent).map((src) => [src, { q: [4] }])),
            actuals: {},
          });
          if (same.indicators.q !== null) expect(same.indicators.q).toBe(75);
        },
      ),
    );
  });

  it('forced distribution: shares are ceilings, equal scores get equal levels, a higher score never a lower level', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: 20 }).map((s) => s * 5),
          { minLength: 1, maxLength: 60 },
        ),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 20 }),
        (raw, excellent, good, unqualified) => {
          const levels = resultLevels(
            raw.map((score, i) => ({ managerId: `m${i}`, score })),
            { kind: 'distribution', excellent, good, unqualified },
          );
          const n = raw.length;
          const count = (level: string) => levels.filter((l) => l.level === level).length;
          expect(count('excellent')).toBeLessThanOrEqual(Math.floor((n * excellent) / 100));
          expect(count('good')).toBeLessThanOrEqual(Math.floor((n * good) / 100));
          expect(count('unqualified')).toBeLessThanOrEqual(Math.floor((n * unqualified) / 100));
          const rank = (l: (typeof levels)[number]) => RESULT_LEVELS.indexOf(l.level as never);
          for (const a of levels)
            for (const b of levels)
              if ((a.score as number) > (b.score as number)) expect(rank(a)).toBeLessThanOrEqual(rank(b));
        },
      ),
    );
  });
});
