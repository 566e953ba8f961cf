import type { Collection, Document } from 'mongodb';
import { ObjectId } from 'mongodb';

// The bench's workload: task-like documents, the page query over them, loading and reading a plan.

export const SMALL = 10_000;
const INSTITUTIONS = 50;
const STATES = ['draft', 'submitted', 'review', 'approved', 'rejected'] as const;

const DAY = 86_400_000;
const EPOCH = Date.UTC(2025, 0, 1);
/** A task-like document: spread evenly over INSTITUTIONS × STATES, dueAt scattered over a year. */
export const task = (i: number) => ({
  _id: new ObjectId(),
  email: `user${i}@example.com`,
  institutionId: `inst-${i % INSTITUTIONS}`,
  state: STATES[Math.floor(i / INSTITUTIONS) % STATES.length],
  dueAt: new Date(EPOCH + ((i * 7919) % 365) * DAY + (i % 86_400) * 1000),
  title: `Task ${i}`,
  score: i % 100,
});
export const taskQuery = (i: number) => ({
  institutionId: `inst-${(i * 7) % INSTITUTIONS}`,
  state: STATES[(i * 3) % STATES.length],
});

export async function load(coll: Collection, count: number, batch: number): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < count; from += batch) {
    const docs = Array.from({ length: Math.min(batch, count - from) }, (_, k) => task(from + k));
    await coll.insertMany(docs, { ordered: false });
  }
  return performance.now() - started;
}

/** The stage names of a winning plan, outermost first. */
export function stages(plan: Document | undefined): string[] {
  const out: string[] = [];
  for (let stage = plan; stage; stage = stage.inputStage as Document | undefined) {
    out.push(stage.indexName ? `${stage.stage}(${stage.indexName})` : String(stage.stage));
    if (Array.isArray(stage.inputStages))
      out.push(`[${(stage.inputStages as Document[]).map((s) => stages(s).join('>')).join(', ')}]`);
  }
  return out;
}
