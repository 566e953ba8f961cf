import type { Document } from 'bson';
import { Query } from 'mingo';
import { encodeKey, formatValue, valuesAtPath } from './codec.js';
import { MongoCommandError } from './errors.js';
import type { CollectionInfo, Storage } from './storage.js';

export interface IndexSpec extends Document {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
}

export const ID_INDEX_NAME = '_id_';
export const idIndexSpec = (): IndexSpec => ({ v: 2, key: { _id: 1 }, name: ID_INDEX_NAME });

interface IndexKey {
  key: Buffer;
  values: unknown[];
}

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
  const shown = fields.map((field, i) => `${field}: ${formatValue(values[i])}`).join(', ');
  return new MongoCommandError(
    'DuplicateKey',
    `E11000 duplicate key error collection: ${info.db}.${info.name} index: ${spec.name} dup key: { ${shown} }`,
    { keyPattern: spec.key, keyValue },
  );
}

/** The secondary indexes of one collection, maintained alongside its documents. */
export class CollectionIndexes {
  readonly #storage: Storage;
  readonly #info: CollectionInfo;
  readonly specs: IndexSpec[];
  readonly #partial = new Map<string, Query>();

  constructor(storage: Storage, info: CollectionInfo) {
    this.#storage = storage;
    this.#info = info;
    this.specs = [];
    for (const spec of storage.listIndexes(info.id) as IndexSpec[]) this.register(spec);
  }

  /** Makes `spec` known to this instance (it is persisted separately by the caller). */
  register(spec: IndexSpec): void {
    this.specs.push(spec);
    if (spec.partialFilterExpression)
      this.#partial.set(spec.name, new Query(spec.partialFilterExpression, {}));
  }

  unregister(name: string): void {
    const at = this.specs.findIndex((spec) => spec.name === name);
    if (at >= 0) this.specs.splice(at, 1);
    this.#partial.delete(name);
  }

  get secondary(): IndexSpec[] {
    return this.specs.filter((spec) => spec.name !== ID_INDEX_NAME);
  }

  /** Key entries of `doc` (promoted form) in `spec`; none when a sparse or partial index skips it. */
  keysOf(spec: IndexSpec, doc: Document): IndexKey[] {
    const partial = this.#partial.get(spec.name);
    if (partial && !partial.test(doc)) return [];
    const perField = Object.keys(spec.key).map((field) => valuesAtPath(doc, field));
    if (spec.sparse && perField.every((values) => values.length === 0)) return [];
    // Cartesian product over array-valued fields, like a multikey compound index.
    let combos: unknown[][] = [[]];
    for (const values of perField) {
      const options = values.length ? values : [null];
      combos = combos.flatMap((prefix) => options.map((value) => [...prefix, value ?? null]));
    }
    const seen = new Set<string>();
    const keys: IndexKey[] = [];
    for (const values of combos) {
      const key = encodeKey(values);
      const hex = key.toString('hex');
      if (!seen.has(hex)) {
        seen.add(hex);
        keys.push({ key, values });
      }
    }
    return keys;
  }

  /** Adds `doc`'s keys for every secondary index (or just `only`), failing on a unique conflict. */
  add(rid: number, doc: Document, only?: IndexSpec): void {
    for (const spec of only ? [only] : this.secondary) {
      for (const { key, values } of this.keysOf(spec, doc)) {
        if (spec.unique && this.#storage.keyOwner(this.#info.id, spec.name, key, rid) !== undefined) {
          throw duplicateKeyError(this.#info, spec, values);
        }
        this.#storage.addIndexKey(this.#info.id, spec.name, key, rid);
      }
    }
  }

  /** Re-indexes an updated document. */
  replace(rid: number, doc: Document): void {
    this.#storage.removeIndexKeys(rid);
    this.add(rid, doc);
  }

  /** A single-field, non-partial, non-sparse index on `field`, usable for equality lookups. */
  lookupIndexFor(field: string): IndexSpec | undefined {
    return this.secondary.find(
      (spec) =>
        !spec.partialFilterExpression &&
        !spec.sparse &&
        Object.keys(spec.key).length === 1 &&
        field in spec.key,
    );
  }
}
