import { Long, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type TestTarget } from './testing/target.js';

let target: TestTarget;
beforeAll(async () => {
  target = await openTarget();
});
afterAll(async () => {
  await target.close();
});

const withoutId = <T extends { _id?: unknown }>(doc: T | null) => {
  const { _id, ...rest } = doc ?? ({} as T);
  return rest;
};

describe('update operators', () => {
  it('applies $set $unset $inc $mul $min $max $rename $currentDate', async () => {
    const coll = target.coll('ops');
    await coll.insertOne({ _id: 1, a: 1, b: 2, c: 10, lo: 5, hi: 5, old: 'x', gone: true, nested: { v: 1 } });
    const result = await coll.updateOne(
      { _id: 1 },
      {
        $set: { a: 'one', 'nested.w': 2 },
        $unset: { gone: '' },
        $inc: { b: 3, 'nested.v': 1 },
        $mul: { c: 1.5 },
        $min: { lo: 3 },
        $max: { hi: 9 },
        $rename: { old: 'renamed' },
        $currentDate: { touched: true },
      },
    );
    expect(result.matchedCount).toBe(1);
    expect(result.modifiedCount).toBe(1);
    const doc = await coll.findOne({ _id: 1 });
    expect(doc?.touched).toBeInstanceOf(Date);
    expect({ ...doc, touched: undefined }).toEqual({
      _id: 1,
      a: 'one',
      b: 5,
      c: 15,
      lo: 3,
      hi: 9,
      renamed: 'x',
      nested: { v: 2, w: 2 },
      touched: undefined,
    });
  });

  it('applies array operators $push $pull $addToSet with modifiers', async () => {
    const coll = target.db.collection<{ _id: number; list: number[]; set: string[]; scores: number[] }>(
      'arrays',
    );
    await coll.insertOne({ _id: 1, list: [3, 1], set: ['a'], scores: [5, 8, 1] });
    await coll.updateOne(
      { _id: 1 },
      { $push: { list: { $each: [7, 2], $sort: 1 } }, $addToSet: { set: 'a' } },
    );
    await coll.updateOne(
      { _id: 1 },
      { $addToSet: { set: { $each: ['b', 'c'] } }, $pull: { scores: { $gte: 5 } } },
    );
    expect(await coll.findOne({ _id: 1 })).toEqual({
      _id: 1,
      list: [1, 2, 3, 7],
      set: ['a', 'b', 'c'],
      scores: [1],
    });
  });

  it('reports no modification when nothing changes', async () => {
    const coll = target.coll('noop');
    await coll.insertOne({ _id: 1, v: 1 });
    const result = await coll.updateOne({ _id: 1 }, { $set: { v: 1 } });
    expect(result.matchedCount).toBe(1);
    expect(result.modifiedCount).toBe(0);
  });

  it('keeps the stored numeric type of an updated field', async () => {
    const coll = target.coll('numeric');
    await coll.insertOne({ _id: 1, counter: Long.fromNumber(10), other: 'x' });
    await coll.updateOne({ _id: 1 }, { $inc: { counter: 5 } });
    const raw = await coll.findOne({ _id: 1 }, { promoteLongs: false });
    expect(raw?.counter).toEqual(Long.fromNumber(15));
  });

  it('updates many and uses arrayFilters and the positional operator', async () => {
    const coll = target.coll('grades');
    await coll.insertMany([
      {
        _id: 1,
        grades: [95, 92, 90],
        items: [
          { k: 'a', q: 1 },
          { k: 'b', q: 2 },
        ],
      },
      { _id: 2, grades: [98, 100, 102], items: [{ k: 'b', q: 5 }] },
      { _id: 3, grades: [50], items: [] },
    ]);
    const many = await coll.updateMany(
      { grades: { $gte: 100 } },
      { $set: { 'grades.$[g]': 100 } },
      {
        arrayFilters: [{ g: { $gte: 100 } }],
      },
    );
    expect(many.matchedCount).toBe(1);
    expect((await coll.findOne({ _id: 2 }))?.grades).toEqual([98, 100, 100]);
    await coll.updateOne({ _id: 1, 'items.k': 'b' }, { $inc: { 'items.$.q': 10 } });
    expect((await coll.findOne({ _id: 1 }))?.items).toEqual([
      { k: 'a', q: 1 },
      { k: 'b', q: 12 },
    ]);
    const all = await coll.updateMany({}, { $set: { reviewed: true } });
    expect(all.modifiedCount).toBe(3);
  });

  it('upserts with $setOnInsert and reports the upserted id', async () => {
    const coll = target.coll('upserts');
    const inserted = await coll.updateOne(
      { email: 'a@x.io' },
      { $set: { name: 'A' }, $setOnInsert: { createdBy: 'upsert' } },
      { upsert: true },
    );
    expect(inserted.upsertedCount).toBe(1);
    expect(inserted.upsertedId).toBeInstanceOf(ObjectId);
    expect(withoutId(await coll.findOne({ email: 'a@x.io' }))).toEqual({
      email: 'a@x.io',
      name: 'A',
      createdBy: 'upsert',
    });
    const updated = await coll.updateOne(
      { email: 'a@x.io' },
      { $set: { name: 'B' }, $setOnInsert: { createdBy: 'again' } },
      { upsert: true },
    );
    expect(updated.upsertedCount).toBe(0);
    expect(updated.matchedCount).toBe(1);
    expect(withoutId(await coll.findOne({ email: 'a@x.io' }))).toEqual({
      email: 'a@x.io',
      name: 'B',
      createdBy: 'upsert',
    });
    const withId = await coll.updateOne({ _id: 'fixed' as never }, { $inc: { n: 1 } }, { upsert: true });
    expect(withId.upsertedId).toBe('fixed');
    const chosen = new ObjectId();
    const chosenId = await coll.updateOne(
      { k: 'chosen' },
      { $setOnInsert: { _id: chosen, v: 1 } },
      { upsert: true },
    );
    expect(chosenId.upsertedId).toEqual(chosen);
    expect(await coll.findOne({ _id: chosen })).toEqual({ _id: chosen, k: 'chosen', v: 1 });
    const bulk = await coll.bulkWrite([
      { updateOne: { filter: { k: 1 }, update: { $set: { v: 1 } }, upsert: true } },
      { updateOne: { filter: { k: 2 }, update: { $set: { v: 2 } }, upsert: true } },
    ]);
    expect(bulk.upsertedCount).toBe(2);
    expect(Object.keys(bulk.upsertedIds)).toEqual(['0', '1']);
  });

  it('replaces documents and refuses to change _id', async () => {
    const coll = target.coll('replace');
    await coll.insertOne({ _id: 1, a: 1, b: 2 });
    await coll.replaceOne({ _id: 1 }, { c: 3 });
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, c: 3 });
    const changed = await coll.replaceOne({ _id: 1 }, { _id: 2, c: 4 }).catch((e) => e);
    expect(changed.code).toBe(66);
    const viaSet = await coll.updateOne({ _id: 1 }, { $set: { _id: 5 } }).catch((e) => e);
    expect(viaSet.code).toBe(66);
    const upserted = await coll.replaceOne({ _id: 9 }, { z: 1 }, { upsert: true });
    expect(upserted.upsertedId).toBe(9);
    expect(await coll.findOne({ _id: 9 })).toEqual({ _id: 9, z: 1 });
  });

  it('applies pipeline updates', async () => {
    const coll = target.coll('pipeline');
    await coll.insertMany([
      { _id: 1, a: 2, b: 3 },
      { _id: 2, a: 5, b: 5, drop: 1 },
    ]);
    await coll.updateMany({}, [{ $set: { sum: { $add: ['$a', '$b'] } } }, { $unset: 'drop' }]);
    expect(await coll.find().toArray()).toEqual([
      { _id: 1, a: 2, b: 3, sum: 5 },
      { _id: 2, a: 5, b: 5, sum: 10 },
    ]);
  });

  it('rejects unknown update operators', async () => {
    const coll = target.coll('bad');
    await coll.insertOne({ _id: 1 });
    const unknown = await coll.updateOne({ _id: 1 }, { $frobnicate: { a: 1 } } as never).catch((e) => e);
    expect(unknown.code).toBe(9);
    const conflict = await coll.updateOne({ _id: 1 }, { $set: { a: 1 }, $inc: { a: 1 } }).catch((e) => e);
    expect(conflict.code).toBe(40);
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1 });
  });
});

describe('findAndModify', () => {
  it('returns the document before or after the update, honouring sort and projection', async () => {
    const coll = target.coll('fam');
    await coll.insertMany([
      { _id: 1, q: 'job', pri: 1, state: 'new' },
      { _id: 2, q: 'job', pri: 5, state: 'new' },
    ]);
    const before = await coll.findOneAndUpdate(
      { q: 'job' },
      { $set: { state: 'taken' } },
      { sort: { pri: -1 } },
    );
    expect(before).toEqual({ _id: 2, q: 'job', pri: 5, state: 'new' });
    const after = await coll.findOneAndUpdate(
      { q: 'job', state: 'new' },
      { $set: { state: 'taken' } },
      { returnDocument: 'after', projection: { state: 1 } },
    );
    expect(after).toEqual({ _id: 1, state: 'taken' });
    const meta = await coll.findOneAndUpdate(
      { _id: 3 },
      { $set: { q: 'job' } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(meta.value).toEqual({ _id: 3, q: 'job' });
    expect(meta.lastErrorObject).toEqual({ n: 1, updatedExisting: false, upserted: 3 });
    expect(await coll.findOneAndUpdate({ _id: 42 }, { $set: { a: 1 } })).toBeNull();
  });

  it('replaces and removes', async () => {
    const coll = target.coll('fam2');
    await coll.insertMany([
      { _id: 1, v: 'a' },
      { _id: 2, v: 'b' },
    ]);
    expect(await coll.findOneAndReplace({ _id: 1 }, { v: 'A' }, { returnDocument: 'after' })).toEqual({
      _id: 1,
      v: 'A',
    });
    expect(await coll.findOneAndDelete({ v: 'b' })).toEqual({ _id: 2, v: 'b' });
    expect(await coll.findOneAndDelete({ v: 'zzz' })).toBeNull();
    expect(await coll.countDocuments()).toBe(1);
  });
});
