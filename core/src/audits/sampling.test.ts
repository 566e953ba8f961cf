import { createHash } from 'node:crypto';
import { allocate, attributeSampleSize, sampleSizeFor } from '@rapport/schemas';
import { describe, expect, it } from 'vitest';
import { commitmentOf, drawSample, type PopulationUnit } from './sampling.js';

const seed = (n: number) => createHash('sha256').update(`seed-${n}`).digest();
const units = (
  n: number,
  stratum = (i: number) => `s${i % 3}`,
  size = (i: number) => 100 + i,
): PopulationUnit[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `m${String(i).padStart(4, '0')}`,
    stratum: stratum(i),
    size: size(i),
  }));

describe('sample size', () => {
  it('matches the AICPA attribute-sampling table at 5 % risk with no deviation expected', () => {
    const table: [number, number][] = [
      [0.02, 149],
      [0.03, 99],
      [0.04, 74],
      [0.05, 59],
      [0.06, 49],
      [0.07, 42],
      [0.08, 36],
      [0.09, 32],
      [0.1, 29],
      [0.15, 19],
      [0.2, 14],
    ];
    for (const [tdr, n] of table) expect(attributeSampleSize(0.95, tdr), `TDR ${tdr}`).toBe(n);
  });

  it('corrects for a finite population, and never asks more than there are', () => {
    // 59 / (1 + 58 / 200) = 45.7 → 46.
    expect(attributeSampleSize(0.95, 0.05, 200)).toBe(46);
    // 59 / (1 + 58 / 10) = 8.7 → 9.
    expect(attributeSampleSize(0.95, 0.05, 10)).toBe(9);
    expect(sampleSizeFor({ kind: 'rate', rate: 0.1 }, 95)).toBe(10);
    expect(sampleSizeFor({ kind: 'fixed', n: 500 }, 40)).toBe(40);
  });
});

describe('allocation', () => {
  it('shares a sample proportionally, exactly, with no stratum over its size', () => {
    expect(
      allocate(10, [
        { size: 50, weight: 50 },
        { size: 30, weight: 30 },
        { size: 20, weight: 20 },
      ]),
    ).toEqual([5, 3, 2]);
    // 7 of 3 strata of 10: 2.33 each, the first remainder goes to the first stratum.
    expect(
      allocate(7, [
        { size: 10, weight: 10 },
        { size: 10, weight: 10 },
        { size: 10, weight: 10 },
      ]),
    ).toEqual([3, 2, 2]);
    // A small stratum is filled and the rest goes to the others.
    expect(
      allocate(10, [
        { size: 2, weight: 90 },
        { size: 50, weight: 5 },
        { size: 50, weight: 5 },
      ]),
    ).toEqual([2, 4, 4]);
  });
});

describe('drawing', () => {
  it('reproduces a sample from its seed, and a commitment binds seed, population and design', () => {
    const population = units(120);
    const design = { design: 'simple', size: { kind: 'fixed', n: 12 } } as const;
    const first = drawSample(seed(1), population, design);
    expect(first.picked).toHaveLength(12);
    expect(new Set(first.picked).size).toBe(12);
    // The same seed on the population in any order gives the same picks.
    expect(drawSample(seed(1), [...population].reverse(), design).picked).toEqual(first.picked);
    expect(drawSample(seed(2), population, design).picked).not.toEqual(first.picked);
    const hex = seed(1).toString('hex');
    expect(commitmentOf(hex, population, design)).toBe(commitmentOf(hex, [...population].reverse(), design));
    expect(commitmentOf(hex, population.slice(1), design)).not.toBe(commitmentOf(hex, population, design));
  });

  it('takes each stratum’s allocation, proportional or Neyman', () => {
    // Strata of 60, 30 and 10 managers; the third's portfolios vary most.
    const population = units(
      100,
      (i) => (i < 60 ? 'a' : i < 90 ? 'b' : 'c'),
      (i) => (i < 90 ? 1000 + (i % 2) : 1000 + i * 500),
    );
    const proportional = drawSample(seed(3), population, {
      design: 'stratified',
      by: 'orgUnit',
      allocation: 'proportional',
      size: { kind: 'fixed', n: 20 },
    });
    expect(proportional.strata?.map((s) => s.allocated)).toEqual([12, 6, 2]);
    const inStratum = (draw: typeof proportional, key: string) =>
      draw.picked.filter((id) => population.find((u) => u.id === id)?.stratum === key).length;
    expect([
      inStratum(proportional, 'a'),
      inStratum(proportional, 'b'),
      inStratum(proportional, 'c'),
    ]).toEqual([12, 6, 2]);
    const neyman = drawSample(seed(3), population, {
      design: 'stratified',
      by: 'orgUnit',
      allocation: 'neyman',
      size: { kind: 'fixed', n: 20 },
    });
    // N_h × S_h puts nearly all of it where sizes vary: the third stratum is taken whole.
    expect(neyman.strata?.[2]?.allocated).toBe(10);
    expect(inStratum(neyman, 'c')).toBe(10);
    expect(neyman.picked).toHaveLength(20);
  });

  it('draws proportionally to size, always taking the large units', () => {
    // One large unit (a third of the volume) and 40 units of 1 to 40.
    const population: PopulationUnit[] = [
      { id: 'big', stratum: '-', size: 410 },
      ...Array.from({ length: 40 }, (_, i) => ({
        id: `u${String(i + 1).padStart(2, '0')}`,
        stratum: '-',
        size: i + 1,
      })),
    ];
    const design = { design: 'pps', size: { kind: 'fixed', n: 6 } } as const;
    const counts = new Map<string, number>();
    for (let s = 0; s < 1000; s++) {
      const draw = drawSample(seed(s), population, design);
      expect(draw.picked).toHaveLength(6);
      expect(draw.certain).toEqual(['big']);
      for (const id of draw.picked) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(counts.get('big')).toBe(1000);
    // The rest: 5 picks over a volume of 820, so unit k is expected in 1000 × 5k / 820 draws.
    for (const k of [10, 20, 40]) {
      const expected = (1000 * 5 * k) / 820;
      expect(counts.get(`u${String(k).padStart(2, '0')}`) ?? 0).toBeGreaterThan(expected * 0.8);
      expect(counts.get(`u${String(k).padStart(2, '0')}`) ?? 0).toBeLessThan(expected * 1.2);
    }
  });
});
