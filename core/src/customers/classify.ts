import type { FrequencyClass, SizeClass } from '@rapport/schemas';

export type { FrequencyClass, SizeClass };

/**
 * How an institution classifies its customers. Thresholds are inclusive minimums: a customer with
 * exactly `frequentMinTransactions` transactions in the window is frequent.
 */
export interface ClassificationRules {
  /** Days looked back, today included. @defaultValue 90 */
  windowDays: number;
  /** @defaultValue 12 (about one a week) */
  frequentMinTransactions: number;
  /** Fewer than this is dormant. @defaultValue 1 */
  occasionalMinTransactions: number;
  /** Business volume (sum of `volume` facts in the window) from which a customer is large. @defaultValue 10 000 000 */
  largeMinVolume: number;
  /** @defaultValue 1 000 000 */
  mediumMinVolume: number;
}

export const DEFAULT_RULES: ClassificationRules = {
  windowDays: 90,
  frequentMinTransactions: 12,
  occasionalMinTransactions: 1,
  largeMinVolume: 10_000_000,
  mediumMinVolume: 1_000_000,
};

export interface Activity {
  transactions: number;
  volume: number;
}

export function classify(
  rules: ClassificationRules,
  { transactions, volume }: Activity,
): { frequency: FrequencyClass; size: SizeClass } {
  const frequency: FrequencyClass =
    transactions >= rules.frequentMinTransactions
      ? 'frequent'
      : transactions >= rules.occasionalMinTransactions
        ? 'occasional'
        : 'dormant';
  const size: SizeClass =
    volume >= rules.largeMinVolume ? 'large' : volume >= rules.mediumMinVolume ? 'medium' : 'small';
  return { frequency, size };
}

/** What is wrong with a set of rules, each with the field it concerns. */
export function rulesProblems(rules: ClassificationRules): { path: string; en: string; zh: string }[] {
  const problems: { path: string; en: string; zh: string }[] = [];
  if (rules.occasionalMinTransactions >= rules.frequentMinTransactions)
    problems.push({
      path: '/rules/frequentMinTransactions',
      en: 'frequent customers need more transactions than occasional ones',
      zh: '经常联系户的交易次数门槛须高于流动户',
    });
  if (rules.mediumMinVolume >= rules.largeMinVolume)
    problems.push({
      path: '/rules/largeMinVolume',
      en: 'large customers need a higher volume than medium ones',
      zh: '大型客户的业务量门槛须高于中等客户',
    });
  return problems;
}

export interface CoreRow<T> {
  item: T;
  volume: number;
  share: number;
  cumulativeShare: number;
  core: boolean;
}

/**
 * The 80/20 analysis: items by volume (largest first), each with its share and the cumulative
 * share; the core ones are the fewest largest that together reach 80 % of the total.
 */
export function coreCustomers<T>(items: readonly { item: T; volume: number; tieBreak: string }[]): {
  total: number;
  rows: CoreRow<T>[];
} {
  const sorted = [...items].sort((a, b) => b.volume - a.volume || a.tieBreak.localeCompare(b.tieBreak));
  const total = sorted.reduce((sum, i) => sum + Math.max(i.volume, 0), 0);
  let before = 0;
  const rows = sorted.map(({ item, volume }) => {
    const counted = Math.max(volume, 0);
    // Core while the customers before this one have not yet reached 80 % (in integers of 5, no 0.8 rounding).
    const core = counted > 0 && before * 5 < total * 4;
    before += counted;
    return {
      item,
      volume,
      share: total > 0 ? counted / total : 0,
      cumulativeShare: total > 0 ? before / total : 0,
      core,
    };
  });
  return { total, rows };
}
