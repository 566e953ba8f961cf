import {
  type Collection,
  type Document,
  type Filter,
  type FindOptions,
  MongoServerError,
  ObjectId,
  type OptionalUnlessRequiredId,
} from 'mongodb';
import { Errors } from './errors.js';

/** Fields every tenant document carries; only the accessor and the store write them. */
export interface TenantDoc extends Document {
  _id: ObjectId;
  institutionId: ObjectId;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * One institution's view of a collection: every read and write carries `institutionId`, so a
 * handler cannot forget it, and another tenant's document is simply not found.
 */
export class TenantCollection<T extends Document> {
  constructor(
    private readonly collection: Collection<T>,
    readonly institutionId: ObjectId,
  ) {}

  private scope(filter: Filter<T>): Filter<T> {
    return { ...filter, institutionId: this.institutionId } as Filter<T>;
  }

  findOne(filter: Filter<T>): Promise<T | null> {
    return this.collection.findOne(this.scope(filter)) as Promise<T | null>;
  }

  /** The document, or a 404 when it does not exist in this institution. */
  async get(id: ObjectId): Promise<T> {
    const doc = await this.findOne({ _id: id } as Filter<T>);
    if (!doc) throw new Errors.NOT_FOUND();
    return doc;
  }

  find(filter: Filter<T>, options?: FindOptions): Promise<T[]> {
    return this.collection.find(this.scope(filter), options).toArray() as Promise<T[]>;
  }

  countDocuments(filter: Filter<T>): Promise<number> {
    return this.collection.countDocuments(this.scope(filter));
  }

  async deleteMany(filter: Filter<T>): Promise<number> {
    return (await this.collection.deleteMany(this.scope(filter))).deletedCount;
  }

  async insertOne(
    doc: Omit<T, '_id' | 'institutionId' | 'rev' | 'createdAt' | 'updatedAt'> & { _id?: ObjectId },
    now = new Date(),
  ): Promise<T> {
    const full = { ...doc, institutionId: this.institutionId, rev: 1, createdAt: now, updatedAt: now };
    const { insertedId } = await this.collection.insertOne(full as unknown as OptionalUnlessRequiredId<T>);
    return { ...full, _id: insertedId } as unknown as T;
  }

  updateGuarded(id: ObjectId, rev: number, set: Partial<T>, now = new Date()): Promise<T> {
    return updateGuarded(this.collection, this.scope({ _id: id } as Filter<T>), rev, set, now);
  }
}

/**
 * One single-document update guarded by `rev`: of concurrent writers exactly one wins; the others
 * get 409 and nothing changes. A filter matching nothing at any rev is a 404.
 */
export async function updateGuarded<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T>,
  rev: number,
  set: Record<string, unknown>,
  now = new Date(),
): Promise<T> {
  const updated = await collection.findOneAndUpdate(
    { ...filter, rev } as Filter<T>,
    { $set: { ...set, updatedAt: now }, $inc: { rev: 1 } } as never,
    { returnDocument: 'after' },
  );
  if (updated) return updated as T;
  if (!(await collection.findOne(filter))) throw new Errors.NOT_FOUND();
  throw new Errors.CONFLICT();
}

/** Inserts `doc`; a unique-index violation becomes the caller's own error (e.g. "code taken", 409). */
export async function insertUnique<T extends Document>(
  collection: Collection<T>,
  doc: OptionalUnlessRequiredId<T>,
  taken: () => Error,
): Promise<void> {
  try {
    await collection.insertOne(doc);
  } catch (err) {
    if (err instanceof MongoServerError && err.code === 11000) throw taken();
    throw err;
  }
}

/** A document id from a path or body; a malformed one is simply not found (404), like a missing one. */
export function idOf(raw: string): ObjectId {
  if (!ObjectId.isValid(raw)) throw new Errors.NOT_FOUND();
  return new ObjectId(raw);
}

/**
 * Publishes a version: the frozen version document is written first (a unique index on its number
 * makes two publishers collide), then `advance` moves the parent to it, guarded by `rev`. If that
 * loses, the version is removed again, so no version exists that its parent does not name.
 */
export async function publishVersion<V extends Document & { _id: ObjectId }, T>(
  versions: Collection<V>,
  version: V,
  advance: () => Promise<T>,
  onRollback: () => void = () => {},
): Promise<T> {
  await insertUnique(versions, version as OptionalUnlessRequiredId<V>, () => new Errors.CONFLICT());
  try {
    return await advance();
  } catch (err) {
    await versions.deleteOne({ _id: version._id } as Filter<V>);
    onRollback();
    throw err;
  }
}
