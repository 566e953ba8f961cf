import { createHash } from 'node:crypto';
import type { Grade, PluginDemoSeed, TeamRole } from '@rapport/schemas';
import { SeededRandom } from '../infra/seeded-random.js';

/** A generated manager: where they work and what grade and team role they have. */
export interface DemoManager {
  key: string;
  name: string;
  unit: string;
  grade: Grade;
  teamRole: TeamRole;
}

/** A generated customer of one manager, with its monthly business. */
export interface DemoCustomer {
  manager: string;
  code: string;
  name: string;
  kind: string;
  industryGroup: string | null;
  fileData: Record<string, unknown>;
  /** One entry per month, oldest first: volume, transactions and the product used. */
  months: { volume: number; transactions: number; product: string }[];
}

/** The people and business a demo seed generates. */
export interface DemoData {
  managers: DemoManager[];
  customers: DemoCustomer[];
}

/**
 * The demo a seed describes, generated with a generator seeded by `seedKey` (the plugin id), so the
 * same plugin always gives the same people and business: managers spread over units by the seed's
 * counts with grades in its shares, customers per manager by kind weights, a year of monthly facts.
 */
export function generateDemo(seed: PluginDemoSeed, seedKey: string): DemoData {
  const random = new SeededRandom(createHash('sha256').update(`demo:${seedKey}`).digest());
  const pick = <T>(list: readonly T[]): T => list[random.below(list.length)] as T;
  const weighted = <T>(entries: readonly [T, number][]): T => {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = (random.below(1_000_000) / 1_000_000) * total;
    for (const [value, w] of entries) {
      roll -= w;
      if (roll < 0) return value;
    }
    return (entries.at(-1) as [T, number])[0];
  };
  const gradeShares = Object.entries(seed.managers.grades) as [Grade, number][];
  const managers: DemoManager[] = [];
  const names = new Set<string>();
  for (const [unit, count] of Object.entries(seed.managers.perUnit)) {
    for (let i = 0; i < count; i++) {
      let name = `${pick(seed.managers.familyNames)}${pick(seed.managers.givenNames)}`;
      while (names.has(name)) name = `${name}${random.below(10)}`;
      names.add(name);
      managers.push({
        key: `m${String(managers.length + 1).padStart(3, '0')}`,
        name,
        unit,
        grade: weighted(gradeShares),
        teamRole: seed.managers.teamRoles[managers.length % seed.managers.teamRoles.length] as TeamRole,
      });
    }
  }
  const customers: DemoCustomer[] = [];
  const kinds = seed.customers.kinds.map((k) => [k, k.weight] as [typeof k, number]);
  for (const manager of managers) {
    for (let c = 0; c < seed.customers.perManager; c++) {
      const kind = weighted(kinds);
      const base =
        kind.monthlyVolume.min + random.below(Math.max(1, kind.monthlyVolume.max - kind.monthlyVolume.min));
      // Each customer trends up or down by up to 3 % a month, so growth indicators differ.
      const trend = (random.below(600) - 200) / 10_000;
      const product = pick(seed.customers.products);
      // How active it is: frequent (4–8 transactions a month), occasional (1–3), or gone dormant
      // (nothing in the last four months), so the classes are all represented.
      const activity = weighted<'frequent' | 'occasional' | 'dormant'>([
        ['frequent', 40],
        ['occasional', 45],
        ['dormant', 15],
      ]);
      const months = seed.customers.months;
      customers.push({
        manager: manager.key,
        code: `${manager.key.toUpperCase()}-${String(c + 1).padStart(2, '0')}`,
        name: `${pick(kind.names)}${customers.length + 1}`,
        kind: kind.kind,
        industryGroup: seed.customers.industryGroups.length > 0 ? pick(seed.customers.industryGroups) : null,
        fileData: seed.customers.fileData?.[kind.kind] ?? {},
        months: Array.from({ length: months }, (_, m) => {
          const quiet = activity === 'dormant' && m >= months - 4;
          const volume = quiet ? 0 : Math.round(base * (1 + trend) ** m);
          const transactions = quiet
            ? 0
            : activity === 'frequent'
              ? 4 + random.below(5)
              : 1 + random.below(3);
          return { volume, transactions, product: m % 4 === 3 ? pick(seed.customers.products) : product };
        }),
      });
    }
  }
  return { managers, customers };
}
