import type { Document } from 'bson';
import { Query } from 'mingo';
import { formatValue as formatKeyValue, valuesAtPath } from './codec.js';
import { collationStringKey } from './collation-key.js';
import { MongoCommandError } from './errors.js';
import { encodeCompound, type StringKey } from './keys.js';
import type { CollectionInfo, Storage, StoredIndex } from './storage.js';

export interface IndexSpec extends Document {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  collation?: Document;
  expireAfterSeconds?: number;
}

export const ID_INDEX_NAME = '_id_';
export const idIndexSpec = (): IndexSpec => ({ v: 2, key: { _id: 1 }, name: ID_INDEX_NAME });

/** MongoDB's default index name: `a_1_b_-1`. */
export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, dir]) => `${field}_${dir}`)
    .join('_');
}

export function duplicateKeyError(
  info: CollectionInfo,
  spec: IndexSpec,
  values: unknown[],
): MongoCommandError {
  const fields = Object.keys(spec.key);
  const keyValue: Document = {};
  fields.forEach((field, i) => {
    keyValue[field] = values[i] ?? null;
  });
  const shown = fields.map((field, i) => `${field}: ${formatKeyValue(values[i])}`).join(', ');
  return new MongoCommandError(
    'DuplicateKey',
    `E11000 duplicate key error collection: ${info.db}.${info.name} index: ${spec.name} dup key: { ${shown} }`,
    { keyPattern: spec.key, keyValue },
  );
}

interface IndexKey {
  key: Buffer;
  values: unknown[];
}

/** One secondary index (or `_id_`) as the planner and the write path see it. */
export class Index {
  readonly ix: number;
  readonly spec: IndexSpec;
  readonly fields: string[];
  readonly descending: boolean[];
  /** Whether every field is ascending or descending (not text, hashed, 2dsphere…). */
  readonly ordered: boolean;
  readonly stringKey: StringKey | undefined;
  readonly partial: Query | undefined;
  multikey: boolean;

  constructor(stored: StoredIndex) {
    this.ix = stored.ix;
    this.spec = stored.spec as IndexSpec;
    this.fields = Object.keys(this.spec.key);
    const directions = Object.values(this.spec.key);
    this.descending = directions.map((d) => Number(d) < 0);
    this.ordered = directions.every((d) => Number(d) === 1 || Number(d) === -1);
    this.stringKey = collationStringKey(this.spec.collation);
    this.partial = this.spec.partialFilterExpression
      ? new Query(this.spec.partialFilterExpression, {})
      : undefined;
    this.multikey = stored.multikey;
  }

  get name(): string {
    return this.spec.name;
  }

  get isId(): boolean {
    return this.spec.name === ID_INDEX_NAME;
  }

  /** Key entries of `doc` (promoted form); none when a sparse or partial index skips it. */
  keysOf(doc: Document): { keys: IndexKey[]; multikey: boolean } {
    if (this.partial && !this.partial.test(doc)) return { keys: [], multikey: false };
    const perField = this.fields.map((field) => valuesAtPath(doc, field));
    if (this.spec.sparse && perField.every((values) => values.length === 0))
      return { keys: [], multikey: false };
    const multikey = this.fields.some(
      (field, i) => (perField[i] as unknown[]).length > 1 || isArrayAt(doc, field),
    );
    // Cartesian product over array-valued fields, like a multikey compound index.
    let combos: unknown[][] = [[]];
    for (const values of perField) {
      const options = values.length ? values : [null];
      combos = combos.flatMap((prefix) => options.map((value) => [...prefix, value ?? null]));
    }
    const seen = new Set<string>();
    const keys: IndexKey[] = [];
    for (const values of combos) {
      const key = encodeCompound(values, this.descending, this.stringKey);
      const hex = key.toString('latin1');
      if (!seen.has(hex)) {
        seen.add(hex);
        keys.push({ key, values });
      }
    }
    return { keys, multikey };
  }
}

function isArrayAt(doc: Document, path: string): boolean {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(value)) return true;
    if (value === null || typeof value !== 'object') return false;
    value = (value as Document)[part];
  }
  return Array.isArray(value);
}

/** The indexes of one collection, maintained alongside its documents. */
export class CollectionIndexes {
  readonly #storage: Storage;
  readonly #info: CollectionInfo;
  readonly all: Index[];

  constructor(storage: Storage, info: CollectionInfo) {
    this.#storage = storage;
    this.#info = info;
    this.all = storage.listIndexes(info.id).map((stored) => new Index(stored));
  }

  get specs(): IndexSpec[] {
    return this.all.map((index) => index.spec);
  }

  get secondary(): Index[] {
    return this.all.filter((index) => !index.isId);
  }

  find(name: string): Index | undefined {
    return this.all.find((index) => index.name === name);
  }

  /** Adds `doc`'s keys to every secondary index (or just `only`), failing on a unique conflict. */
  add(rid: number, doc: Document, only?: Index): void {
    for (const index of only ? [only] : this.secondary) {
      const { keys, multikey } = index.keysOf(doc);
      this.#noteMultikey(index, multikey);
      for (const { key, values } of keys) {
        this.#checkUnique(index, key, values, rid);
        this.#storage.addKey(index.ix, key, rid);
      }
    }
  }

  /** Moves an updated document's keys: only the keys that differ are written. */
  replace(rid: number, before: Document, after: Document): void {
    for (const index of this.secondary) {
      const old = new Map(index.keysOf(before).keys.map((k) => [k.key.toString('latin1'), k]));
      const { keys, multikey } = index.keysOf(after);
      this.#noteMultikey(index, multikey);
      for (const entry of keys) {
        const id = entry.key.toString('latin1');
        if (old.delete(id)) continue;
        this.#checkUnique(index, entry.key, entry.values, rid);
        this.#storage.addKey(index.ix, entry.key, rid);
      }
      for (const gone of old.values()) this.#storage.removeKey(index.ix, gone.key, rid);
    }
  }

  remove(rid: number, doc: Document): void {
    for (const index of this.secondary)
      for (const { key } of index.keysOf(doc).keys) this.#storage.removeKey(index.ix, key, rid);
  }

  #noteMultikey(index: Index, multikey: boolean): void {
    if (!multikey || index.multikey) return;
    index.multikey = true;
    this.#storage.setMultikey(index.ix);
  }

  #checkUnique(index: Index, key: Buffer, values: unknown[], rid: number): void {
    if (index.spec.unique && this.#storage.keyOwner(index.ix, key, rid) !== undefined)
      throw duplicateKeyError(this.#info, index.spec, values);
  }
}
