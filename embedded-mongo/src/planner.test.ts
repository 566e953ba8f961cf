import { type Document, Int32, Long, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type TestTarget } from './testing/target.js';

let target: TestTarget;
beforeAll(async () => {
  target = await openTarget();
});
afterAll(async () => {
  await target.close();
});

interface Stage {
  stage: string;
  indexName?: string;
}

/** Every stage of a winning plan (MongoDB 7+ may nest it under `queryPlan`), top first. */
function stagesOf(explain: Document): Stage[] {
  const planner = explain.queryPlanner ?? explain.stages?.[0]?.$cursor?.queryPlanner;
  const root = planner?.winningPlan?.queryPlan ?? planner?.winningPlan;
  const out: Stage[] = [];
  const walk = (node: Document | undefined): void => {
    if (!node) return;
    out.push({ stage: node.stage, ...(node.indexName ? { indexName: node.indexName } : {}) });
    walk(node.inputStage);
    for (const child of node.inputStages ?? []) walk(child);
  };
  walk(root);
  return out;
}

const names = (explain: Document) => stagesOf(explain).map((s) => s.stage);
const indexesUsed = (explain: Document) =>
  stagesOf(explain)
    .filter((s) => s.stage === 'IXSCAN')
    .map((s) => s.indexName);

const STATES = ['open', 'done', 'late', 'draft'];
const institutions = [new ObjectId(), new ObjectId(), new ObjectId()];

function taskDoc(i: number): Document {
  return {
    _id: i,
    institutionId: institutions[i % 3],
    state: STATES[i % 4],
    dueAt: new Date(Date.UTC(2026, 0, 1 + (i % 97))),
    score: i % 2 ? new Int32(i % 50) : i % 50,
    name: `name-${String(i).padStart(4, '0')}`,
    tags: i % 5 === 0 ? ['x', `t${i % 3}`] : [`t${i % 3}`],
    ...(i % 7 === 0 ? { optional: i } : {}),
  };
}

describe('planner', () => {
  beforeAll(async () => {
    const docs = Array.from({ length: 600 }, (_, i) => taskDoc(i));
    await target.coll('tasks').insertMany(docs);
    await target.coll('plain').insertMany(docs);
    const tasks = target.coll('tasks');
    await tasks.createIndex({ institutionId: 1, state: 1, dueAt: 1 });
    await tasks.createIndex({ institutionId: 1, createdAt: -1 });
    await tasks.createIndex({ score: 1 });
    await tasks.createIndex({ name: 1 }, { unique: true });
    await tasks.createIndex({ tags: 1 });
    await tasks.createIndex({ optional: 1 }, { sparse: true });
    await tasks.createIndex(
      { state: 1, dueAt: -1 },
      { name: 'open_by_due', partialFilterExpression: { state: 'open' } },
    );
  });

  const explainFind = (filter: Document, sort?: Document, limit?: number) => {
    let cursor = target.coll('tasks').find(filter);
    if (sort) cursor = cursor.sort(sort);
    if (limit) cursor = cursor.limit(limit);
    return cursor.explain('executionStats');
  };

  it('serves equality on a compound prefix, then a range, from the index', async () => {
    const eq = await explainFind({ institutionId: institutions[0], state: 'open' });
    expect(indexesUsed(eq)).toEqual(['institutionId_1_state_1_dueAt_1']);
    expect(names(eq)).not.toContain('COLLSCAN');
    expect(eq.executionStats.totalDocsExamined).toBe(eq.executionStats.nReturned);

    const range = await explainFind({
      institutionId: institutions[1],
      state: 'late',
      dueAt: { $gte: new Date(Date.UTC(2026, 0, 10)), $lt: new Date(Date.UTC(2026, 0, 20)) },
    });
    expect(indexesUsed(range)).toEqual(['institutionId_1_state_1_dueAt_1']);
    expect(range.executionStats.totalKeysExamined).toBeLessThanOrEqual(range.executionStats.nReturned + 1);
  });

  it('gives the sort from the index and stops at the limit', async () => {
    const sorted = await explainFind({ institutionId: institutions[2], state: 'open' }, { dueAt: 1 }, 5);
    expect(indexesUsed(sorted)).toEqual(['institutionId_1_state_1_dueAt_1']);
    expect(names(sorted)).not.toContain('SORT');
    expect(sorted.executionStats.totalDocsExamined).toBeLessThanOrEqual(6);
    const backwards = await explainFind({ institutionId: institutions[2], state: 'open' }, { dueAt: -1 }, 5);
    expect(names(backwards)).not.toContain('SORT');
    const bySortAlone = await explainFind({}, { name: -1 }, 3);
    expect(indexesUsed(bySortAlone)).toEqual(['name_1']);
    expect(names(bySortAlone)).not.toContain('SORT');
  });

  it('answers ranges, $in and anchored regular expressions from single-field indexes', async () => {
    expect(indexesUsed(await explainFind({ score: { $gt: 45 } }))).toEqual(['score_1']);
    expect(indexesUsed(await explainFind({ score: { $in: [3, 7, 11] } }))).toEqual(['score_1']);
    expect(indexesUsed(await explainFind({ name: /^name-00/ }))).toEqual(['name_1']);
    expect(indexesUsed(await explainFind({ tags: 'x' }))).toEqual(['tags_1']);
  });

  it('unions index scans for $or', async () => {
    const explain = await explainFind({ $or: [{ score: 3 }, { name: 'name-0010' }] });
    expect(names(explain)).toContain('OR');
    expect(indexesUsed(explain).sort()).toEqual(['name_1', 'score_1']);
  });

  it('uses partial and sparse indexes only when the filter implies them', async () => {
    const partial = await explainFind({ state: 'open', dueAt: { $lt: new Date(Date.UTC(2026, 0, 5)) } });
    expect(indexesUsed(partial)).toEqual(['open_by_due']);
    const notImplied = await explainFind({ state: 'done', dueAt: { $lt: new Date(Date.UTC(2026, 0, 5)) } });
    expect(indexesUsed(notImplied)).not.toContain('open_by_due');
    expect(indexesUsed(await explainFind({ optional: { $gt: 100 } }))).toEqual(['optional_1']);
    expect(indexesUsed(await explainFind({ optional: null }))).not.toContain('optional_1');
  });

  it('scans the collection only where no index applies', async () => {
    expect(names(await explainFind({ dueAt: { $gt: new Date(0) } }))).toContain('COLLSCAN');
    expect(names(await explainFind({ state: 'done' }))).toContain('COLLSCAN');
  });

  it('plans count, distinct and a leading $match the same way', async () => {
    const count = await target.db.command({
      explain: { count: 'tasks', query: { institutionId: institutions[0], state: 'done' } },
      verbosity: 'queryPlanner',
    });
    expect(stagesOf(count).some((s) => s.stage === 'IXSCAN' || s.stage === 'COUNT_SCAN')).toBe(true);
    const distinct = await target.db.command({
      explain: { distinct: 'tasks', key: 'state', query: { score: { $lt: 3 } } },
      verbosity: 'queryPlanner',
    });
    expect(stagesOf(distinct).some((s) => s.stage === 'IXSCAN' || s.stage === 'DISTINCT_SCAN')).toBe(true);
    const aggregate = await target
      .coll('tasks')
      .aggregate([{ $match: { score: 4 } }, { $group: { _id: '$state', n: { $sum: 1 } } }])
      .explain('queryPlanner');
    expect(stagesOf(aggregate).map((s) => s.stage)).toContain('IXSCAN');
  });
});

describe('$lookup', () => {
  it('joins through the foreign index and returns what a scan of the foreign collection returns', async () => {
    const managers = Array.from({ length: 40 }, (_, i) => ({
      _id: i,
      unit: `u${i % 4}`,
      lead: i % 10 === 0,
    }));
    const visits = Array.from({ length: 300 }, (_, i) => ({ _id: i, managerId: i % 45, at: i }));
    await target.coll('managers').insertMany(managers);
    await target.coll('visits_indexed').insertMany(visits);
    await target.coll('visits_plain').insertMany(visits);
    await target.coll('visits_indexed').createIndex({ managerId: 1 });
    const pipeline = (from: string) => [
      { $match: { unit: { $in: ['u1', 'u2'] } } },
      { $lookup: { from, localField: '_id', foreignField: 'managerId', as: 'visits' } },
      { $project: { unit: 1, n: { $size: '$visits' }, first: { $min: '$visits.at' } } },
      { $sort: { _id: 1 } },
    ];
    const indexed = await target.coll('managers').aggregate(pipeline('visits_indexed')).toArray();
    const plain = await target.coll('managers').aggregate(pipeline('visits_plain')).toArray();
    expect(indexed).toEqual(plain);
    expect(indexed).toHaveLength(20);
    expect(indexed[0]).toEqual({ _id: 1, unit: 'u1', n: 7, first: 1 });
    if (!process.env.MONGODB_URI) {
      const explain = await target
        .coll('managers')
        .aggregate(pipeline('visits_indexed'))
        .explain('queryPlanner');
      const stage = explain.stages.find((s: Document) => '$lookup' in s);
      expect(stage.indexesUsed).toEqual(['managerId_1']);
      expect(stage.collectionScans).toBe(0);
    }
  });
});

describe('index scans return what a collection scan returns', () => {
  const cases: [string, Document, Document?][] = [
    ['compound equality', { institutionId: institutions[0], state: 'open' }],
    ['compound range', { institutionId: institutions[1], dueAt: { $gt: new Date(Date.UTC(2026, 0, 30)) } }],
    ['numbers of every type', { score: { $gte: new Long(10), $lt: 12.5 } }],
    ['negative and fractional bounds', { score: { $gt: -1, $lte: 0.5 } }],
    ['$in with duplicates', { score: { $in: [1, 1, 2, new Int32(2)] } }],
    ['prefix regex', { name: { $regex: '^name-01' } }],
    ['multikey equality', { tags: 't1' }],
    ['multikey range', { tags: { $gt: 't0', $lt: 't2' } }],
    ['$or of two indexes', { $or: [{ score: 7 }, { tags: 'x' }] }],
    ['sorted by the index, descending', { institutionId: institutions[2] }, { createdAt: -1, _id: 1 }],
    ['sorted by a compound suffix', { institutionId: institutions[0], state: 'late' }, { dueAt: -1, _id: 1 }],
    ['sort across types', {}, { score: 1, _id: -1 }],
    ['unique string range', { name: { $gte: 'name-0100', $lt: 'name-0110' } }, { name: -1 }],
    ['sparse range', { optional: { $gte: 0 } }, { optional: 1 }],
    [
      'partial implied',
      { state: 'open', dueAt: { $gte: new Date(Date.UTC(2026, 0, 50)) } },
      { dueAt: -1, _id: 1 },
    ],
    ['_id range', { _id: { $gte: 100, $lt: 120 } }, { _id: -1 }],
    ['type bracketing: strings are not numbers', { score: { $gt: '' } }],
  ];
  for (const [title, filter, sort] of cases) {
    it(title, async () => {
      const run = (name: string) => {
        let cursor = target.coll(name).find(filter);
        if (sort) cursor = cursor.sort(sort);
        return cursor.toArray();
      };
      const [indexed, plain] = await Promise.all([run('tasks'), run('plain')]);
      expect(indexed.length).toBeGreaterThanOrEqual(0);
      if (sort) expect(indexed).toEqual(plain);
      else expect(indexed.map((d) => d._id).sort()).toEqual(plain.map((d) => d._id).sort());
      const limited = await target
        .coll('tasks')
        .find(filter)
        .sort(sort ?? { _id: 1 })
        .skip(2)
        .limit(3)
        .toArray();
      const expected = [...plain].sort(sort ? () => 0 : (a, b) => Number(a._id) - Number(b._id)).slice(2, 5);
      expect(limited).toEqual(expected);
    });
  }
});
