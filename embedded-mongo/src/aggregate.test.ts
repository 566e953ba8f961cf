import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type TestTarget } from './testing/target.js';

let target: TestTarget;
beforeAll(async () => {
  target = await openTarget();
  await target.coll('orders').insertMany([
    { _id: 1, customer: 'ann', items: ['pen', 'ink'], total: 12, status: 'paid' },
    { _id: 2, customer: 'bob', items: ['pad'], total: 5, status: 'paid' },
    { _id: 3, customer: 'ann', items: ['pen'], total: 3, status: 'open' },
    { _id: 4, customer: 'cid', items: [], total: 30, status: 'paid' },
  ]);
  await target.coll('customers').insertMany([
    { _id: 'ann', city: 'Oslo' },
    { _id: 'bob', city: 'Rome' },
  ]);
});
afterAll(async () => {
  await target.close();
});

const orders = () => target.coll('orders');

describe('aggregate', () => {
  it('runs $match $group $sort $limit $skip', async () => {
    const result = await orders()
      .aggregate([
        { $match: { status: 'paid' } },
        { $group: { _id: '$customer', spent: { $sum: '$total' }, n: { $sum: 1 } } },
        { $sort: { spent: -1 } },
        { $skip: 1 },
        { $limit: 1 },
      ])
      .toArray();
    expect(result).toEqual([{ _id: 'ann', spent: 12, n: 1 }]);
  });

  it('runs $project $addFields $set $unset with expressions', async () => {
    const result = await orders()
      .aggregate([
        { $match: { _id: { $in: [1, 2] } } },
        { $project: { customer: 1, total: 1, status: 1 } },
        { $addFields: { doubled: { $multiply: ['$total', 2] } } },
        { $set: { label: { $concat: ['$customer', ':', { $toString: '$total' }] } } },
        { $unset: 'status' },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(result).toEqual([
      { _id: 1, customer: 'ann', total: 12, doubled: 24, label: 'ann:12' },
      { _id: 2, customer: 'bob', total: 5, doubled: 10, label: 'bob:5' },
    ]);
  });

  it('runs $unwind $sortByCount $count', async () => {
    const counts = await orders()
      .aggregate([{ $unwind: '$items' }, { $sortByCount: '$items' }, { $sort: { count: -1, _id: 1 } }])
      .toArray();
    expect(counts).toEqual([
      { _id: 'pen', count: 2 },
      { _id: 'ink', count: 1 },
      { _id: 'pad', count: 1 },
    ]);
    expect(
      await orders()
        .aggregate([{ $match: { total: { $gt: 4 } } }, { $count: 'n' }])
        .toArray(),
    ).toEqual([{ n: 3 }]);
  });

  it('runs $lookup against another collection', async () => {
    const result = await orders()
      .aggregate([
        { $match: { _id: { $in: [1, 4] } } },
        { $lookup: { from: 'customers', localField: 'customer', foreignField: '_id', as: 'who' } },
        { $project: { _id: 1, who: 1 } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(result).toEqual([
      { _id: 1, who: [{ _id: 'ann', city: 'Oslo' }] },
      { _id: 4, who: [] },
    ]);
  });

  it('runs $facet and $bucket', async () => {
    const [facets] = await orders()
      .aggregate([
        {
          $facet: {
            byStatus: [{ $group: { _id: '$status', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
            buckets: [{ $bucket: { groupBy: '$total', boundaries: [0, 5, 20, 100] } }],
            withDefault: [
              {
                $bucket: {
                  groupBy: '$total',
                  boundaries: [0, 10],
                  default: 'big',
                  output: { ids: { $push: '$_id' } },
                },
              },
            ],
          },
        },
      ])
      .toArray();
    expect(facets?.byStatus).toEqual([
      { _id: 'open', n: 1 },
      { _id: 'paid', n: 3 },
    ]);
    expect(facets?.buckets).toEqual([
      { _id: 0, count: 1 },
      { _id: 5, count: 2 },
      { _id: 20, count: 1 },
    ]);
    expect(facets?.withDefault).toEqual([
      { _id: 0, ids: [2, 3] },
      { _id: 'big', ids: [1, 4] },
    ]);
  });

  it('pages aggregation results through a cursor', async () => {
    const coll = target.coll('aggPaging');
    await coll.insertMany(Array.from({ length: 230 }, (_, i) => ({ i, g: i % 3 })));
    const out = await coll.aggregate([{ $sort: { i: -1 } }], { batchSize: 40 }).toArray();
    expect(out).toHaveLength(230);
    expect(out[0]?.i).toBe(229);
    const grouped = await coll
      .aggregate([{ $group: { _id: '$g', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])
      .toArray();
    expect(grouped).toEqual([
      { _id: 0, n: 77 },
      { _id: 1, n: 77 },
      { _id: 2, n: 76 },
    ]);
  });

  it('counts documents through the driver helper', async () => {
    expect(await orders().countDocuments({ customer: 'ann' })).toBe(2);
  });
});
