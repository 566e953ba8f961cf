import { Decimal128, Double, Int32, Long, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type TestTarget } from './testing/target.js';

let target: TestTarget;
beforeAll(async () => {
  target = await openTarget();
});
afterAll(async () => {
  await target.close();
});

describe('insert and find', () => {
  it('round-trips BSON types exactly', async () => {
    const coll = target.coll('types');
    const doc = {
      _id: new ObjectId(),
      int: new Int32(7),
      long: Long.fromString('9007199254740993'),
      smallLong: Long.fromNumber(5),
      double: new Double(2),
      decimal: Decimal128.fromString('12.345'),
      date: new Date('2024-01-02T03:04:05.678Z'),
      nested: { list: [new Int32(1), 'two', { three: new Double(3.5) }] },
      nil: null,
    };
    await coll.insertOne(doc);
    const raw = await coll.findOne({ _id: doc._id }, { promoteValues: false, promoteLongs: false });
    expect(raw).toEqual(doc);
    const promoted = await coll.findOne({ _id: doc._id });
    expect(promoted?.smallLong).toBe(5);
    expect(promoted?.date).toEqual(doc.date);
    expect(promoted?.decimal.toString()).toBe('12.345');
  });

  it('generates an _id and keeps insertion order', async () => {
    const coll = target.coll('order');
    const result = await coll.insertMany([{ n: 3 }, { n: 1 }, { n: 2 }]);
    expect(result.insertedCount).toBe(3);
    const docs = await coll.find().toArray();
    expect(docs.map((d) => d.n)).toEqual([3, 1, 2]);
    expect(docs.every((d) => d._id instanceof ObjectId)).toBe(true);
  });

  it('filters, projects, sorts, skips and limits', async () => {
    const coll = target.coll('people');
    await coll.insertMany([
      { name: 'ann', age: 31, tags: ['a', 'b'], address: { city: 'Oslo' } },
      { name: 'bob', age: 25, tags: ['b'], address: { city: 'Rome' } },
      { name: 'cid', age: 42, tags: [], address: { city: 'Oslo' } },
      { name: 'dee', age: 19, address: { city: 'Lima' } },
    ]);
    expect((await coll.find({ age: { $gt: 20, $lt: 40 } }).toArray()).map((d) => d.name).sort()).toEqual([
      'ann',
      'bob',
    ]);
    expect((await coll.find({ 'address.city': 'Oslo' }).toArray()).map((d) => d.name)).toEqual([
      'ann',
      'cid',
    ]);
    expect((await coll.find({ tags: 'b' }).toArray()).map((d) => d.name)).toEqual(['ann', 'bob']);
    expect((await coll.find({ $or: [{ name: /^a/ }, { age: { $gte: 40 } }] }).toArray()).length).toBe(2);
    expect((await coll.find({ tags: { $exists: false } }).toArray()).map((d) => d.name)).toEqual(['dee']);
    const page = await coll
      .find({}, { projection: { _id: 0, name: 1 } })
      .sort({ age: -1 })
      .skip(1)
      .limit(2)
      .toArray();
    expect(page).toEqual([{ name: 'ann' }, { name: 'bob' }]);
    const excluded = await coll.findOne({ name: 'bob' }, { projection: { tags: 0, address: 0 } });
    expect(Object.keys(excluded ?? {}).sort()).toEqual(['_id', 'age', 'name']);
    expect(await coll.findOne({ name: 'nobody' })).toBeNull();
  });

  it('finds by _id with $in and counts', async () => {
    const coll = target.coll('ids');
    const ids = [1, 2, 3, 4, 5];
    await coll.insertMany(ids.map((_id) => ({ _id, even: _id % 2 === 0 })));
    expect((await coll.find({ _id: { $in: [2, 4, 9] } }).toArray()).map((d) => d._id)).toEqual([2, 4]);
    expect(await coll.findOne({ _id: 3 })).toEqual({ _id: 3, even: false });
    expect(await coll.countDocuments({ even: true })).toBe(2);
    expect(await coll.countDocuments({}, { skip: 1, limit: 2 })).toBe(2);
    expect(await coll.estimatedDocumentCount()).toBe(5);
    const count = await target.db.command({ count: 'ids', query: { even: false } });
    expect(count.n).toBe(3);
  });

  it('returns distinct values, unwinding arrays', async () => {
    const coll = target.coll('distinct');
    await coll.insertMany([{ k: 'x', t: [1, 2] }, { k: 'y', t: [2, 3] }, { k: 'x' }, { t: 4 }]);
    expect((await coll.distinct('k')).sort()).toEqual(['x', 'y']);
    expect((await coll.distinct('t')).sort()).toEqual([1, 2, 3, 4]);
    expect(await coll.distinct('k', { t: 3 })).toEqual(['y']);
  });

  it('reports a duplicate _id: ordered stops, unordered continues', async () => {
    const coll = target.coll('dups');
    await coll.insertOne({ _id: 2, v: 'original' });
    const ordered = await coll.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }]).catch((e) => e);
    expect(ordered.code).toBe(11000);
    expect(ordered.result.insertedCount).toBe(1);
    expect(ordered.writeErrors[0].index).toBe(1);
    expect(await coll.countDocuments()).toBe(2);
    const unordered = await coll
      .insertMany([{ _id: 4 }, { _id: 2 }, { _id: 5 }], { ordered: false })
      .catch((e) => e);
    expect(unordered.code).toBe(11000);
    expect(unordered.result.insertedCount).toBe(2);
    expect((await coll.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(
      [1, 2, 3, 4, 5].filter((i) => i !== 3),
    );
    expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, v: 'original' });
    const single = await coll.insertOne({ _id: 2 }).catch((e) => e);
    expect(single.code).toBe(11000);
    expect(single.keyPattern).toEqual({ _id: 1 });
    expect(single.keyValue).toEqual({ _id: 2 });
    expect(single.errmsg).toContain('index: _id_ dup key: { _id: 2 }');
  });
});

describe('delete', () => {
  it('deletes one or many', async () => {
    const coll = target.coll('del');
    await coll.insertMany([{ g: 1 }, { g: 1 }, { g: 2 }, { g: 2 }, { g: 3 }]);
    expect((await coll.deleteOne({ g: 1 })).deletedCount).toBe(1);
    expect((await coll.deleteMany({ g: { $in: [1, 2] } })).deletedCount).toBe(3);
    expect((await coll.deleteMany({ g: 99 })).deletedCount).toBe(0);
    expect(await coll.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ g: 3 }]);
  });
});

describe('cursors', () => {
  it('iterates 250 documents in batches of 50 and honours limit', async () => {
    const coll = target.coll('many');
    await coll.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
    const cursor = coll.find({}, { batchSize: 50 }).sort({ i: 1 });
    const seen: number[] = [];
    for await (const doc of cursor) seen.push(doc.i);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(await coll.find().limit(120).batchSize(50).toArray()).toHaveLength(120);
    expect(await coll.find().toArray()).toHaveLength(250);
  });

  it('runs find, getMore and killCursors as commands', async () => {
    const db = target.db;
    await db.collection('raw').insertMany(Array.from({ length: 10 }, (_, i) => ({ i })));
    const first = await db.command(
      { find: 'raw', filter: {}, sort: { i: 1 }, batchSize: 4 },
      { promoteLongs: false },
    );
    expect(first.cursor.firstBatch.map((d: { i: number }) => d.i)).toEqual([0, 1, 2, 3]);
    const id = first.cursor.id as Long;
    expect(id.isZero()).toBe(false);
    expect(first.cursor.ns).toBe(`${db.databaseName}.raw`);
    const next = await db.command({ getMore: id, collection: 'raw', batchSize: 4 }, { promoteLongs: false });
    expect(next.cursor.nextBatch.map((d: { i: number }) => d.i)).toEqual([4, 5, 6, 7]);
    const killed = await db.command({ killCursors: 'raw', cursors: [id] }, { promoteLongs: false });
    expect(killed.cursorsKilled.map(String)).toEqual([id.toString()]);
    const gone = await db.command({ getMore: id, collection: 'raw' }).catch((e) => e);
    expect(gone.code).toBe(43);
    expect(gone.codeName).toBe('CursorNotFound');
    const single = await db.command(
      { find: 'raw', batchSize: 2, singleBatch: true },
      { promoteLongs: false },
    );
    expect(single.cursor.firstBatch).toHaveLength(2);
    expect(single.cursor.id.isZero()).toBe(true);
    const all = await db.command({ find: 'raw' }, { promoteLongs: false });
    expect(all.cursor.firstBatch).toHaveLength(10);
    expect(all.cursor.id.isZero()).toBe(true);
  });

  it('uses a first batch of 101 documents by default', async () => {
    const db = target.db;
    await db.collection('big').insertMany(Array.from({ length: 150 }, (_, i) => ({ i })));
    const first = await db.command({ find: 'big' }, { promoteLongs: false });
    expect(first.cursor.firstBatch).toHaveLength(101);
    const rest = await db.command({ getMore: first.cursor.id, collection: 'big' }, { promoteLongs: false });
    expect(rest.cursor.nextBatch).toHaveLength(49);
    expect(rest.cursor.id.isZero()).toBe(true);
  });
});
