import { MongoClient, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo } from './index.js';
import { openTarget, type TestTarget } from './testing/target.js';

let target: TestTarget;
beforeAll(async () => {
  target = await openTarget();
});
afterAll(async () => {
  await target.close();
});

/** The server error a promise rejects with, so a test can check its code and fields. */
async function serverError(promise: Promise<unknown>): Promise<MongoServerError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof MongoServerError) return err;
    throw err;
  }
  throw new Error('expected the server to refuse the operation');
}

const CITIES = ['上海', '北京', '广州', '深圳', '杭州'];

describe('collation', () => {
  it('sorts Chinese by pinyin under locale zh, and by code point without a collation', async () => {
    const coll = target.coll('cities');
    await coll.insertMany(CITIES.map((name, i) => ({ _id: i, name })));
    const zh = await coll
      .find({}, { collation: { locale: 'zh' } })
      .sort({ name: 1 })
      .toArray();
    expect(zh.map((d) => d.name)).toEqual(['北京', '广州', '杭州', '上海', '深圳']);
    const binary = await coll.find().sort({ name: 1 }).toArray();
    expect(binary.map((d) => d.name)).toEqual([...CITIES].sort());
  });

  it('matches equality, ranges and $in case-insensitively at strength 2, and accents too at strength 1', async () => {
    const coll = target.coll('names');
    await coll.insertMany([
      { _id: 1, name: 'Éclair' },
      { _id: 2, name: 'eclair' },
      { _id: 3, name: 'ECLAIR' },
      { _id: 4, name: 'zebra' },
    ]);
    const ids = async (filter: object, strength: number) =>
      (
        await coll
          .find(filter, { collation: { locale: 'fr', strength } })
          .sort({ _id: 1 })
          .toArray()
      ).map((d) => d._id);
    expect(await ids({ name: 'eclair' }, 2)).toEqual([2, 3]);
    expect(await ids({ name: 'eclair' }, 1)).toEqual([1, 2, 3]);
    expect(await ids({ name: 'eclair' }, 3)).toEqual([2]);
    expect(await ids({ name: { $in: ['ZEBRA'] } }, 2)).toEqual([4]);
    expect(await ids({ name: { $ne: 'ECLAIR' } }, 2)).toEqual([1, 4]);
    expect(await ids({ name: { $gte: 'Y' } }, 2)).toEqual([4]);
    expect(await coll.countDocuments({ name: 'ECLAIR' }, { collation: { locale: 'fr', strength: 2 } })).toBe(
      2,
    );
    expect(await coll.countDocuments({ name: 'ECLAIR' })).toBe(1);
  });

  it('orders numbers inside strings with numericOrdering and tells case apart with caseLevel', async () => {
    const coll = target.coll('files');
    await coll.insertMany([{ f: 'file10' }, { f: 'file9' }, { f: 'File2' }]);
    const numeric = await coll
      .find({}, { collation: { locale: 'en', numericOrdering: true, strength: 2 } })
      .sort({ f: 1 })
      .toArray();
    expect(numeric.map((d) => d.f)).toEqual(['File2', 'file9', 'file10']);
    const caseLevel = await coll.countDocuments(
      { f: 'file2' },
      { collation: { locale: 'en', strength: 1, caseLevel: true } },
    );
    expect(caseLevel).toBe(0);
    expect(await coll.countDocuments({ f: 'file2' }, { collation: { locale: 'en', strength: 1 } })).toBe(1);
  });

  it('applies to distinct, update, delete, findOneAndUpdate and aggregate', async () => {
    const coll = target.coll('tags');
    await coll.insertMany([
      { _id: 1, tag: 'Red' },
      { _id: 2, tag: 'red' },
      { _id: 3, tag: 'blue' },
    ]);
    const ci = { locale: 'en', strength: 2 };
    expect(await coll.distinct('tag', {}, { collation: ci })).toHaveLength(2);
    const updated = await coll.updateMany({ tag: 'RED' }, { $set: { hot: true } }, { collation: ci });
    expect(updated.modifiedCount).toBe(2);
    const found = await coll.findOneAndUpdate(
      { tag: 'BLUE' },
      { $set: { cold: true } },
      { collation: ci, returnDocument: 'after' },
    );
    expect(found).toMatchObject({ _id: 3, cold: true });
    const grouped = await coll
      .aggregate([{ $match: { tag: 'RED' } }, { $sort: { _id: -1 } }, { $project: { _id: 1 } }], {
        collation: ci,
      })
      .toArray();
    expect(grouped).toEqual([{ _id: 2 }, { _id: 1 }]);
    const deleted = await coll.deleteMany({ tag: 'RED' }, { collation: ci });
    expect(deleted.deletedCount).toBe(2);
  });

  it('is validated as MongoDB validates it', async () => {
    const coll = target.coll('badcollation');
    await coll.insertOne({ a: 1 });
    const missing = await serverError(coll.find({}, { collation: {} as never }).toArray());
    expect(missing.code).toBe(40414);
    const unknown = await serverError(coll.find({}, { collation: { locale: 'xx_YY_ZZ' } }).toArray());
    expect(unknown.code).toBe(2);
    const simple = await coll.find({}, { collation: { locale: 'simple' } }).toArray();
    expect(simple).toHaveLength(1);
  });
});

describe('let variables', () => {
  it('binds $$names in find, aggregate, update, delete and findOneAndUpdate', async () => {
    const coll = target.coll('scores');
    await coll.insertMany([
      { _id: 1, score: 40 },
      { _id: 2, score: 70 },
      { _id: 3, score: 90 },
    ]);
    const passed = { $expr: { $gte: ['$score', '$$pass'] } };
    expect(await coll.find(passed, { let: { pass: 60 } }).toArray()).toHaveLength(2);
    const agg = await coll.aggregate([{ $match: passed }, { $count: 'n' }], { let: { pass: 80 } }).toArray();
    expect(agg).toEqual([{ n: 1 }]);
    const updated = await coll.updateMany(passed, [{ $set: { grade: '$$label' } }], {
      let: { pass: 60, label: 'pass' },
    });
    expect(updated.modifiedCount).toBe(2);
    expect(await coll.countDocuments({ grade: 'pass' })).toBe(2);
    const found = await coll.findOneAndUpdate(
      { $expr: { $eq: ['$_id', '$$id'] } },
      { $set: { seen: true } },
      { let: { id: 1 }, returnDocument: 'after' },
    );
    expect(found).toMatchObject({ _id: 1, seen: true });
    const bulk = await coll.bulkWrite(
      [{ deleteMany: { filter: { $expr: { $lt: ['$score', '$$pass'] } } } }],
      { let: { pass: 60 } },
    );
    expect(bulk.deletedCount).toBe(1);
  });
});

describe('pipeline-style updates', () => {
  it('runs $set/$unset/$replaceWith pipelines in updateOne, updateMany, findOneAndUpdate and upserts', async () => {
    const coll = target.coll('pipelines');
    await coll.insertMany([
      { _id: 1, first: 'Ada', last: 'Lovelace', tmp: 1 },
      { _id: 2, first: 'Alan', last: 'Turing', tmp: 1 },
    ]);
    await coll.updateMany({}, [{ $set: { full: { $concat: ['$first', ' ', '$last'] } } }, { $unset: 'tmp' }]);
    expect(await coll.findOne({ _id: 1 })).toEqual({
      _id: 1,
      first: 'Ada',
      last: 'Lovelace',
      full: 'Ada Lovelace',
    });
    await coll.updateOne({ _id: 2 }, [{ $replaceWith: { name: '$full' } }]);
    expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, name: 'Alan Turing' });
    const after = await coll.findOneAndUpdate({ _id: 1 }, [{ $set: { n: { $strLenCP: '$full' } } }], {
      returnDocument: 'after',
    });
    expect(after?.n).toBe(12);
    const upserted = await coll.updateOne({ _id: 3 }, [{ $set: { created: true } }], { upsert: true });
    expect(upserted.upsertedId).toBe(3);
    expect(await coll.findOne({ _id: 3 })).toEqual({ _id: 3, created: true });
    const refused = await serverError(coll.updateOne({ _id: 1 }, [{ $match: { a: 1 } }]));
    expect(refused.code).toBe(72);
  });
});

describe('$out and $merge', () => {
  it('$out replaces the target collection with the results, keeping its indexes', async () => {
    const source = target.coll('orders');
    await source.insertMany([
      { item: 'a', qty: 2 },
      { item: 'b', qty: 5 },
      { item: 'a', qty: 1 },
    ]);
    const out = target.coll('totals');
    await out.insertOne({ _id: 'stale' });
    await out.createIndex({ total: 1 });
    const cursor = await source
      .aggregate([
        { $group: { _id: '$item', total: { $sum: '$qty' } } },
        { $sort: { _id: 1 } },
        { $out: 'totals' },
      ])
      .toArray();
    expect(cursor).toEqual([]);
    expect(await out.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', total: 3 },
      { _id: 'b', total: 5 },
    ]);
    expect((await out.listIndexes().toArray()).map((i) => i.name)).toContain('total_1');
    const badStage = await serverError(source.aggregate([{ $out: 'x' }, { $match: {} }]).toArray());
    expect(badStage.code).toBe(40601);
  });

  it('$merge merges, replaces, keeps, fails or inserts by the on fields', async () => {
    const target_ = target.coll('stock');
    await target_.insertMany([
      { _id: 1, sku: 'a', qty: 1, note: 'keep' },
      { _id: 2, sku: 'b', qty: 1 },
    ]);
    const updates = target.coll('deliveries');
    await updates.insertMany([
      { _id: 1, qty: 10 },
      { _id: 3, qty: 30 },
    ]);
    await updates.aggregate([{ $merge: { into: 'stock' } }]).toArray();
    expect(await target_.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, sku: 'a', qty: 10, note: 'keep' },
      { _id: 2, sku: 'b', qty: 1 },
      { _id: 3, qty: 30 },
    ]);
    await updates
      .aggregate([{ $match: { _id: 1 } }, { $merge: { into: 'stock', whenMatched: 'replace' } }])
      .toArray();
    expect(await target_.findOne({ _id: 1 })).toEqual({ _id: 1, qty: 10 });
    await updates
      .aggregate([
        {
          $merge: {
            into: 'stock',
            whenMatched: [{ $set: { qty: { $add: ['$qty', '$$new.qty'] } } }],
            whenNotMatched: 'discard',
          },
        },
      ])
      .toArray();
    expect((await target_.find().sort({ _id: 1 }).toArray()).map((d) => d.qty)).toEqual([20, 1, 60]);
    const failed = await serverError(
      updates.aggregate([{ $merge: { into: 'stock', whenMatched: 'fail' } }]).toArray(),
    );
    expect(failed.code).toBe(11000);
    const noIndex = await serverError(
      updates.aggregate([{ $merge: { into: 'stock', on: 'sku' } }]).toArray(),
    );
    expect(noIndex.code).toBe(51183);
  });
});

describe('views', () => {
  it('reads through the view pipeline, lists as a view, refuses writes and drops', async () => {
    const people = target.coll('people');
    await people.insertMany([
      { _id: 1, name: 'Ann', age: 30, secret: 'x' },
      { _id: 2, name: 'Bob', age: 17, secret: 'y' },
      { _id: 3, name: 'Cid', age: 45, secret: 'z' },
    ]);
    await target.db.createCollection('adults', {
      viewOn: 'people',
      pipeline: [{ $match: { age: { $gte: 18 } } }, { $project: { secret: 0 } }],
    });
    const adults = target.coll('adults');
    expect(await adults.find({}, { sort: { age: -1 } }).toArray()).toEqual([
      { _id: 3, name: 'Cid', age: 45 },
      { _id: 1, name: 'Ann', age: 30 },
    ]);
    expect(await adults.countDocuments({ age: { $lt: 40 } })).toBe(1);
    expect((await adults.distinct('name')).sort()).toEqual(['Ann', 'Cid']);
    expect(await adults.aggregate([{ $group: { _id: null, n: { $sum: 1 } } }]).toArray()).toEqual([
      { _id: null, n: 2 },
    ]);
    const listed = await target.db.listCollections({ name: 'adults' }).toArray();
    expect(listed[0]).toMatchObject({ name: 'adults', type: 'view', options: { viewOn: 'people' } });
    for (const write of [
      () => adults.insertOne({ name: 'Dee' }),
      () => adults.updateOne({}, { $set: { a: 1 } }),
      () => adults.deleteMany({}),
      () => adults.createIndex({ name: 1 }),
    ]) {
      expect((await serverError(write())).code).toBe(166);
    }
    await adults.drop();
    expect(await target.db.listCollections({ name: 'adults' }).toArray()).toEqual([]);
    expect(await people.countDocuments()).toBe(3);
  });
});

describe('validators', () => {
  it('refuses documents breaking a $jsonSchema with errInfo, and collMod changes the rules', async () => {
    await target.db.createCollection('members', {
      validator: {
        $jsonSchema: {
          bsonType: 'object',
          required: ['name', 'age'],
          properties: { name: { bsonType: 'string' }, age: { bsonType: 'int', minimum: 0 } },
        },
      },
    });
    const members = target.coll('members');
    await members.insertOne({ name: 'Ann', age: 3 });
    const refused = await serverError(members.insertOne({ _id: 7, name: 42 }));
    expect(refused.code).toBe(121);
    const info = refused.errInfo as {
      failingDocumentId: unknown;
      details: { operatorName: string; schemaRulesNotSatisfied: { operatorName: string }[] };
    };
    expect(info.failingDocumentId).toBe(7);
    expect(info.details.operatorName).toBe('$jsonSchema');
    const rules = info.details.schemaRulesNotSatisfied.map((r) => r.operatorName).sort();
    expect(rules).toEqual(['properties', 'required']);
    const update = await serverError(members.updateOne({ name: 'Ann' }, { $set: { age: -1 } }));
    expect(update.code).toBe(121);

    await target.db.command({
      collMod: 'members',
      validator: { age: { $gte: 18 } },
      validationLevel: 'strict',
    });
    const comparison = await serverError(members.insertOne({ _id: 8, age: 10 }));
    expect(comparison.errInfo).toMatchObject({
      failingDocumentId: 8,
      details: {
        operatorName: '$gte',
        specifiedAs: { age: { $gte: 18 } },
        reason: 'comparison failed',
        consideredValue: 10,
      },
    });
    await target.db.command({ collMod: 'members', validationAction: 'warn' });
    await members.insertOne({ _id: 9, age: 10 });
    const [listed] = await target.db.listCollections({ name: 'members' }).toArray();
    expect(listed && 'options' in listed ? listed.options : undefined).toMatchObject({
      validator: { age: { $gte: 18 } },
      validationAction: 'warn',
    });
  });

  it('lets updates of already invalid documents through under validationLevel moderate', async () => {
    const loose = target.coll('loose');
    await loose.insertOne({ _id: 1, qty: -5 });
    await target.db.command({
      collMod: 'loose',
      validator: { qty: { $gte: 0 } },
      validationLevel: 'moderate',
    });
    await loose.updateOne({ _id: 1 }, { $set: { note: 'still invalid' } });
    await loose.insertOne({ _id: 2, qty: 1 });
    const refused = await serverError(loose.updateOne({ _id: 2 }, { $set: { qty: -1 } }));
    expect(refused.code).toBe(121);
  });
});

describe('writes MongoDB refuses', () => {
  it('refuses $-prefixed field names inside _id', async () => {
    const refused = await serverError(target.coll('dollar').insertOne({ _id: { $bad: 1 } as never }));
    expect(refused.code).toBe(52);
    expect(refused.message).toContain("_id fields may not contain '$'-prefixed fields");
  });

  it('answers unknown commands with CommandNotFound', async () => {
    const refused = await serverError(target.db.command({ noSuchCommand: 1 }));
    expect(refused.code).toBe(59);
  });
});

describe('updates with sort (8.0)', () => {
  it('updateOne and replaceOne change the first document in the sort order', async () => {
    const queue = target.coll('queue');
    await queue.insertMany([
      { _id: 1, priority: 2 },
      { _id: 2, priority: 9 },
      { _id: 3, priority: 5 },
    ]);
    await queue.updateOne({}, { $set: { taken: true } }, { sort: { priority: -1 } });
    expect((await queue.find({ taken: true }).toArray()).map((d) => d._id)).toEqual([2]);
    await queue.replaceOne({ taken: { $exists: false } }, { replaced: true }, { sort: { priority: 1 } });
    expect(await queue.findOne({ _id: 1 })).toEqual({ _id: 1, replaced: true });
  });
});

describe('projection order', () => {
  it('returns _id first and the included fields in document order', async () => {
    const coll = target.coll('projected');
    await coll.insertOne({ _id: 1, a: 1, name: 'x', b: { d: 1, c: 2 }, z: 3 });
    const doc = await coll.findOne({}, { projection: { z: 1, name: 1, _id: 1, 'b.c': 1, 'b.d': 1 } });
    expect(Object.keys(doc ?? {})).toEqual(['_id', 'name', 'b', 'z']);
    expect(Object.keys(doc?.b ?? {})).toEqual(['d', 'c']);
    const computed = await coll.findOne({}, { projection: { label: { $toUpper: '$name' }, a: 1 } });
    expect(Object.keys(computed ?? {})).toEqual(['_id', 'a', 'label']);
  });
});

describe('TTL indexes', () => {
  it('refuses TTL on _id and on compound keys', async () => {
    const coll = target.coll('ttlbad');
    expect((await serverError(coll.createIndex({ _id: 1 }, { expireAfterSeconds: 10 }))).code).toBe(197);
    expect((await serverError(coll.createIndex({ a: 1, b: 1 }, { expireAfterSeconds: 10 }))).code).toBe(67);
  });

  // A real server's monitor runs every 60 s; only the embedded one can be told to run sooner.
  it.skipIf(process.env.MONGODB_URI !== undefined)(
    'deletes documents whose date (earliest in an array) is older than expireAfterSeconds',
    async () => {
      const server = await startEmbeddedMongo({ inMemory: true, log: () => {}, ttlMonitorIntervalMs: 50 });
      const client = new MongoClient(server.uri);
      try {
        const coll = client.db('ttl').collection<{ _id: number; at?: unknown }>('sessions');
        const old = new Date(Date.now() - 120_000);
        const fresh = new Date();
        await coll.insertMany([
          { _id: 1, at: old },
          { _id: 2, at: fresh },
          { _id: 3, at: 'not a date' },
          { _id: 4, at: [fresh, old] },
          { _id: 5 },
        ]);
        await coll.createIndex({ at: 1 }, { expireAfterSeconds: 60 });
        const deadline = Date.now() + 5000;
        while ((await coll.countDocuments()) > 3 && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 25));
        expect((await coll.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([2, 3, 5]);
      } finally {
        await client.close();
        await server.stop();
      }
    },
  );
});
