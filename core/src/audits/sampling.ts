import { createHash } from 'node:crypto';
import { allocate, type SamplingDesign, sampleSizeFor } from '@rapport/schemas';
import { SeededRandom, sampleWith } from '../infra/seeded-random.js';

/** One manager of a run's population, as snapshotted: the stratum they fall in and their portfolio size. */
export interface PopulationUnit {
  id: string;
  stratum: string;
  size: number;
}

/** What a draw picked, and why: the sample size and, per stratum, the allocation. */
export interface Draw {
  n: number;
  picked: string[];
  /** Stratified: per stratum (in key order) its size, weight and share of the sample. */
  strata?: { key: string; size: number; weight: number; allocated: number }[];
  /** PPS: units taken with certainty (size at or above the interval), and the final interval. */
  certain?: string[];
  interval?: number;
}

/** The population in canonical order: by id, so the same managers always give the same snapshot. */
export function canonical(units: readonly PopulationUnit[]): PopulationUnit[] {
  return [...units].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function populationHash(units: readonly PopulationUnit[]): string {
  return sha256(JSON.stringify(canonical(units)));
}

/**
 * The commitment recorded at draw time: SHA-256 over the seed, the population snapshot and the
 * design. Published before the seed, it binds the draw: a different seed, population or design
 * would not give this hash.
 */
export function commitmentOf(seed: string, units: readonly PopulationUnit[], design: SamplingDesign): string {
  return sha256(`${seed}\n${populationHash(units)}\n${JSON.stringify(design)}`);
}

function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1));
}

/** Probability proportional to size, systematic, with units at or above the interval taken with certainty. */
function drawPps(random: SeededRandom, units: PopulationUnit[], n: number): Draw {
  const certain: PopulationUnit[] = [];
  let rest = units.filter((u) => u.size > 0);
  let interval = 0;
  for (;;) {
    const left = n - certain.length;
    if (left <= 0 || rest.length === 0) break;
    const total = rest.reduce((sum, u) => sum + u.size, 0);
    interval = total / left;
    const big = rest.filter((u) => u.size >= interval);
    if (big.length === 0) break;
    certain.push(...big.slice(0, left));
    rest = rest.filter((u) => !big.includes(u));
  }
  const left = n - certain.length;
  const picked = certain.map((u) => u.id);
  if (left > 0 && rest.length > 0) {
    const total = rest.reduce((sum, u) => sum + u.size, 0);
    interval = total / left;
    // A random start in [0, interval), then every interval along the cumulated sizes.
    let target = (random.below(2 ** 32) / 2 ** 32) * interval;
    let cumulated = 0;
    for (const unit of rest) {
      cumulated += unit.size;
      while (target < cumulated && picked.length < n) {
        if (!picked.includes(unit.id)) picked.push(unit.id);
        target += interval;
      }
    }
  }
  return { n, picked, certain: certain.map((u) => u.id), interval };
}

/**
 * Draws a run's sample from its population with the generator on `seed`. The population is taken
 * in canonical order, so whoever holds the seed, the snapshot and the design gets the same picks.
 */
export function drawSample(
  seed: Buffer,
  population: readonly PopulationUnit[],
  design: SamplingDesign,
): Draw {
  const units = canonical(population);
  const random = new SeededRandom(seed);
  const n = sampleSizeFor(design.size, units.length);
  if (design.design === 'simple') return { n, picked: sampleWith(random, units, n).map((u) => u.id) };
  if (design.design === 'pps') return drawPps(random, units, n);
  const keys = [...new Set(units.map((u) => u.stratum))].sort();
  const strata = keys.map((key) => {
    const members = units.filter((u) => u.stratum === key);
    const spread = standardDeviation(members.map((u) => u.size));
    return {
      key,
      members,
      size: members.length,
      weight: design.allocation === 'neyman' ? members.length * spread : members.length,
    };
  });
  const allocation = allocate(n, strata);
  const picked = strata.flatMap((s, i) =>
    sampleWith(random, s.members, allocation[i] as number).map((u) => u.id),
  );
  return {
    n,
    picked,
    strata: strata.map((s, i) => ({
      key: s.key,
      size: s.size,
      weight: s.weight,
      allocated: allocation[i] as number,
    })),
  };
}
