// npm run bench (in core/): scoring one appraisal cycle of 10,000 managers on a 15-indicator set.
import { performance } from 'node:perf_hooks';
import {
  checkIndicatorSet,
  type EvaluationSource,
  type IndicatorContent,
  type IndicatorSetContent,
} from '@rapport/schemas';
import { actualsOf } from '../src/appraisal/actuals.js';
import { DEFAULT_INDICATOR_SETS, DEFAULT_INDICATORS } from '../src/appraisal/indicators/defaults.js';
import { type ManagerInputs, planScoring, resultLevels, scoreManager } from '../src/appraisal/scoring.js';

const MANAGERS = Number(process.env.BENCH_MANAGERS ?? 10_000);
const GOAL_SECONDS = 10;
// Raters per evaluation source for each qualitative indicator the source may rate.
const RATERS: Record<EvaluationSource, number> = { self: 1, supervisor: 1, peer: 3, customer: 5 };
const CUSTOMERS_PER_MANAGER = 20;

// A plugin's two indicators on top of the 13 defaults make 15.
const extra: IndicatorContent[] = [
  {
    code: 'deposits',
    name: { zh: '存款余额增长', en: 'Deposit growth' },
    category: 'performance',
    kind: 'quantitative',
    rule: { kind: 'linear', target: 1_000_000, targetScore: 80, cap: 100 },
    sources: [],
    expression: '$sum(customers.(volume.current - volume.previous))',
  },
  {
    code: 'npl-ratio',
    name: { zh: '不良贷款率', en: 'Non-performing loan ratio' },
    category: 'performance',
    kind: 'quantitative',
    rule: { kind: 'linear', target: 1, floor: 5, targetScore: 100, cap: 100 },
    sources: [],
    expression: 'npl',
  },
];
const indicators = [...DEFAULT_INDICATORS, ...extra];
const library = new Map(indicators.map((i) => [i.code, i]));
const base = DEFAULT_INDICATOR_SETS.find((s) => s.grade === 'level1') as IndicatorSetContent;
const set: IndicatorSetContent = {
  ...base,
  items: base.items
    .map((item) =>
      item.indicator === 'new-customers'
        ? { ...item, weight: 15 }
        : item.indicator === 'customer-volume-growth'
          ? { ...item, weight: 15 }
          : item,
    )
    .concat([
      { indicator: 'deposits', weight: 10 },
      { indicator: 'npl-ratio', weight: 10 },
    ]),
};

const problems = checkIndicatorSet(set, library);
if (problems.length > 0) throw new Error(`the bench's set is not valid: ${JSON.stringify(problems)}`);

// A small deterministic generator, so every run scores the same cycle.
let seed = 20_260_101;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const rating = () => 1 + Math.floor(random() * 5);

function businessData() {
  return {
    npl: random() * 6,
    customers: Array.from({ length: CUSTOMERS_PER_MANAGER }, () => {
      const previous = Math.floor(random() * 1_000_000);
      const before = Math.floor(random() * 4);
      return {
        isNew: random() < 0.2,
        volume: { previous, current: Math.floor(previous * (0.9 + random() * 0.3)) },
        products: { previous: before, current: before + Math.floor(random() * 2) },
      };
    }),
  };
}

function ratings(): ManagerInputs['ratings'] {
  const result: Record<string, Record<string, number[]>> = {};
  for (const source of Object.keys(RATERS) as EvaluationSource[]) {
    const bySource: Record<string, number[]> = {};
    for (const i of indicators)
      if (i.sources.includes(source)) bySource[i.code] = Array.from({ length: RATERS[source] }, rating);
    result[source] = bySource;
  }
  return result;
}

const data = Array.from({ length: MANAGERS }, businessData);
const rated = Array.from({ length: MANAGERS }, ratings);

// Actuals are computed from business data before scoring (JSONata, bounded per evaluation); timed apart.
const started = performance.now();
const actuals: ManagerInputs['actuals'][] = [];
for (const d of data) actuals.push((await actualsOf(indicators, d)).actuals);
const computed = performance.now();

// The cycle's scoring: every manager's scores with their computation kept, then the result levels.
const plan = planScoring(set, library, set.sourceWeights);
const totals: { managerId: string; score: number | null }[] = [];
let steps = 0;
for (let m = 0; m < MANAGERS; m++) {
  const result = scoreManager(plan, { ratings: rated[m] ?? {}, actuals: actuals[m] ?? {} });
  steps += result.computation.indicators.length;
  totals.push({ managerId: `m${m}`, score: result.total });
}
const levels = resultLevels(totals, { kind: 'distribution', excellent: 20, good: 30, unqualified: 5 });
const finished = performance.now();

const scoringSeconds = (finished - computed) / 1000;
const row = (step: string, from: number, to: number, goal: string) => ({
  step,
  managers: MANAGERS,
  sources: 5,
  indicators: set.items.length,
  'total time': `${((to - from) / 1000).toFixed(3)} s`,
  'time per manager': `${(((to - from) / MANAGERS) * 1000).toFixed(1)} µs`,
  goal,
});
console.log(
  `# Scoring one appraisal cycle, ${new Date().toISOString()}, Node ${process.version}\n` +
    `# sources: ${Object.keys(RATERS).join(', ')} (raters per indicator ${Object.values(RATERS).join('/')}) + business data; ` +
    `indicators: ${indicators.filter((i) => i.kind === 'qualitative').length} qualitative, ` +
    `${indicators.filter((i) => i.kind === 'quantitative').length} quantitative; ${CUSTOMERS_PER_MANAGER} customers per manager`,
);
console.table([
  row(
    'scoring: scores, computation, result levels',
    computed,
    finished,
    `${GOAL_SECONDS} s: ${scoringSeconds < GOAL_SECONDS ? 'met' : 'MISSED'}`,
  ),
  row('before scoring: quantitative actuals (JSONata)', started, computed, '-'),
]);
console.log(
  `${steps} indicator steps kept; levels: ${(['excellent', 'good', 'qualified', 'unqualified'] as const)
    .map((l) => `${l} ${levels.filter((x) => x.level === l).length}`)
    .join(', ')}`,
);
if (scoringSeconds >= GOAL_SECONDS) process.exitCode = 1;
