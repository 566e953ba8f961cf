// How the bench measures and what it collects: interleaved rounds of measured operations, the rows,
// notes and goals the report (report.bench.ts) prints.

export interface Row {
  operation: string;
  ops: string;
  opsPerSec: number;
  usPerOp: number;
  limit?: string;
}
export const rows: Row[] = [];
export const notes: string[] = [];
export const goals: { goal: string; met: boolean; detail: string }[] = [];

export const log = (line: string) => process.stderr.write(`${line}\n`);
export const note = (line: string) => {
  notes.push(line);
  log(line);
};
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
export const ratio = (n: number) => `${n.toFixed(2)}×`;

/**
 * One measured operation: `ops` calls of `fn(i)` by `workers` concurrent loops (1: sequential) after
 * `warmup` calls made the same way. Measured in ROUNDS interleaved with the figures it is compared
 * to, so that load from elsewhere on the machine hits both; the median round is reported.
 */
export interface Measure {
  operation: string;
  ops: number;
  warmup: number;
  workers?: number;
  fn: (i: number) => unknown;
  limit?: () => string;
  /** Run before each round's warm-up. */
  setup?: () => void;
  ms: number[];
  row?: Row;
}
export const ROUNDS = 5;
let calls = 0;

export function measure(
  operation: string,
  ops: number,
  fn: (i: number) => unknown,
  options: Partial<Measure> = {},
): Measure {
  return { operation, ops, warmup: Math.ceil(ops / 10), fn, ms: [], ...options };
}

async function runOnce(m: Measure): Promise<void> {
  const run = async (count: number) => {
    const end = calls + count;
    const workers = m.workers ?? 1;
    if (workers === 1) {
      while (calls < end) {
        const out = m.fn(calls++);
        if (out instanceof Promise) await out;
      }
      return;
    }
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (calls < end) await m.fn(calls++);
      }),
    );
  };
  m.setup?.();
  await run(m.warmup);
  const started = performance.now();
  await run(m.ops);
  m.ms.push(performance.now() - started);
}

/** Runs `measures` in ROUNDS interleaved rounds and records each one's median round. */
export async function rounds(...measures: Measure[]): Promise<void> {
  // A first round, not counted, warms every measure up (JIT, caches, the GC after loading).
  for (let r = 0; r <= ROUNDS; r++) for (const m of measures) await runOnce(m);
  for (const m of measures) {
    m.ms.shift();
    const ms = [...m.ms].sort((a, b) => a - b)[Math.floor(m.ms.length / 2)] ?? Number.NaN;
    m.row = {
      operation: m.operation,
      ops: `${m.ms.length} × ${fmt(m.ops)}`,
      opsPerSec: (m.ops / ms) * 1000,
      usPerOp: (ms * 1000) / m.ops,
    };
    rows.push(m.row);
  }
  for (const m of measures) {
    if (m.row && m.limit) m.row.limit = m.limit();
    const r = m.row as Row;
    log(
      `  ${r.operation}: ${fmt(r.opsPerSec)} ops/s, ${r.usPerOp.toFixed(1)} µs/op (rounds: ${m.ms.map((t) => fmt((m.ops / t) * 1000)).join(', ')} ops/s)`,
    );
  }
}
export const rate = (m: Measure) => (m.row as Row).opsPerSec;
export const us = (m: Measure) => (m.row as Row).usPerOp;

export function goal(name: string, met: boolean, detail: string): void {
  goals.push({ goal: name, met, detail });
}
