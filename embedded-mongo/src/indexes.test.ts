import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type TestTarget } from './testing/target.js';

let target: TestTarget;
beforeAll(async () => {
  target = await openTarget();
});
afterAll(async () => {
  await target.close();
});

describe('indexes', () => {
  it('creates, lists and drops indexes', async () => {
    const coll = target.coll('idx');
    await coll.insertOne({ a: 1, b: 2 });
    expect(await coll.createIndex({ a: 1 })).toBe('a_1');
    expect(await coll.createIndex({ a: 1, b: -1 }, { name: 'ab' })).toBe('ab');
    expect(await coll.createIndex({ a: 1 })).toBe('a_1');
    const names = (await coll.listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(['_id_', 'a_1', 'ab']);
    expect(await coll.indexExists('ab')).toBe(true);
    await coll.dropIndex('ab');
    expect((await coll.indexes()).map((i) => i.name)).toEqual(['_id_', 'a_1']);
    const missing = await coll.dropIndex('nope').catch((e) => e);
    expect(missing.code).toBe(27);
    const idIndex = await coll.dropIndex('_id_').catch((e) => e);
    expect(idIndex.code).toBe(72);
    await coll.dropIndexes();
    expect((await coll.indexes()).map((i) => i.name)).toEqual(['_id_']);
    const noColl = await target
      .coll('nothing_here')
      .listIndexes()
      .toArray()
      .catch((e) => e);
    expect(noColl.code).toBe(26);
  });

  it('enforces a unique index on insert, update, upsert and findAndModify', async () => {
    const coll = target.coll('users');
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ _id: 1, email: 'x@y.z' });
    await coll.insertOne({ _id: 2, email: 'other@y.z' });
    const dup = await coll.insertOne({ _id: 3, email: 'x@y.z' }).catch((e) => e);
    expect(dup.code).toBe(11000);
    expect(dup.keyPattern).toEqual({ email: 1 });
    expect(dup.keyValue).toEqual({ email: 'x@y.z' });
    expect(dup.errmsg).toBe(
      `E11000 duplicate key error collection: ${target.db.databaseName}.users index: email_1 dup key: { email: "x@y.z" }`,
    );
    const viaUpdate = await coll.updateOne({ _id: 2 }, { $set: { email: 'x@y.z' } }).catch((e) => e);
    expect(viaUpdate.code).toBe(11000);
    const viaUpsert = await coll
      .updateOne({ _id: 9 }, { $set: { email: 'x@y.z' } }, { upsert: true })
      .catch((e) => e);
    expect(viaUpsert.code).toBe(11000);
    const viaFam = await coll.findOneAndUpdate({ _id: 2 }, { $set: { email: 'x@y.z' } }).catch((e) => e);
    expect(viaFam.code).toBe(11000);
    expect(viaFam.keyValue).toEqual({ email: 'x@y.z' });
    expect(await coll.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, email: 'x@y.z' },
      { _id: 2, email: 'other@y.z' },
    ]);
    await coll.updateOne({ _id: 1 }, { $set: { email: 'new@y.z' } });
    await coll.insertOne({ _id: 3, email: 'x@y.z' });
    expect(await coll.findOne({ email: 'x@y.z' })).toEqual({ _id: 3, email: 'x@y.z' });
  });

  it('treats a missing field as null in a unique index', async () => {
    const coll = target.coll('nulls');
    await coll.createIndex({ code: 1 }, { unique: true });
    await coll.insertOne({ _id: 1 });
    const dup = await coll.insertOne({ _id: 2 }).catch((e) => e);
    expect(dup.code).toBe(11000);
    expect(dup.keyValue).toEqual({ code: null });
  });

  it('enforces compound unique indexes', async () => {
    const coll = target.coll('compound');
    await coll.createIndex({ org: 1, handle: 1 }, { unique: true });
    await coll.insertMany([
      { org: 'a', handle: 'x' },
      { org: 'b', handle: 'x' },
    ]);
    const dup = await coll.insertOne({ org: 'a', handle: 'x' }).catch((e) => e);
    expect(dup.code).toBe(11000);
    expect(dup.keyPattern).toEqual({ org: 1, handle: 1 });
    expect(dup.keyValue).toEqual({ org: 'a', handle: 'x' });
    expect(dup.errmsg).toContain('index: org_1_handle_1 dup key: { org: "a", handle: "x" }');
    const batch = await coll
      .insertMany(
        [
          { org: 'c', handle: 'x' },
          { org: 'c', handle: 'x' },
          { org: 'd', handle: 'x' },
        ],
        { ordered: false },
      )
      .catch((e) => e);
    expect(batch.code).toBe(11000);
    expect(batch.writeErrors).toHaveLength(1);
    expect(batch.writeErrors[0].index).toBe(1);
    expect(await coll.countDocuments()).toBe(4);
  });

  it('refuses a unique index over existing duplicates', async () => {
    const coll = target.coll('predup');
    await coll.insertMany([{ k: 1 }, { k: 1 }]);
    const err = await coll.createIndex({ k: 1 }, { unique: true }).catch((e) => e);
    expect(err.code).toBe(11000);
    expect((await coll.indexes()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('supports partial unique indexes', async () => {
    const coll = target.coll('partial');
    await coll.createIndex({ sku: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await coll.insertMany([
      { sku: 'a', active: false },
      { sku: 'a', active: false },
      { sku: 'a', active: true },
    ]);
    const dup = await coll.insertOne({ sku: 'a', active: true }).catch((e) => e);
    expect(dup.code).toBe(11000);
  });

  it('finds through a secondary index, including array values', async () => {
    const coll = target.coll('lookup');
    await coll.createIndex({ tag: 1 });
    await coll.insertMany(
      Array.from({ length: 50 }, (_, i) => ({ i, tag: i % 5 === 0 ? ['five', `t${i}`] : `t${i}` })),
    );
    expect((await coll.find({ tag: 'five' }).toArray()).map((d) => d.i)).toEqual([
      0, 5, 10, 15, 20, 25, 30, 35, 40, 45,
    ]);
    expect((await coll.find({ tag: { $in: ['t3', 't4'] } }).toArray()).map((d) => d.i)).toEqual([3, 4]);
    await coll.updateOne({ i: 3 }, { $set: { tag: 'moved' } });
    expect(await coll.countDocuments({ tag: 't3' })).toBe(0);
    expect((await coll.findOne({ tag: 'moved' }))?.i).toBe(3);
    await coll.deleteOne({ tag: 'moved' });
    expect(await coll.findOne({ tag: 'moved' })).toBeNull();
  });
});
