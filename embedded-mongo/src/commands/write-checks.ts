import { type Document, ObjectId } from 'bson';
import { decodeForQuery, encodeDocument, isPlainObject } from '../codec.js';
import { Collection } from '../collection.js';
import { MongoCommandError } from '../errors.js';
import type { Storage } from '../storage.js';
import { hasValidator, validateDocument } from '../validation.js';
import { refuseView } from '../views.js';

/** The collection a write command targets, created on first write; views refuse writes. */
export function openForWrite(storage: Storage, db: string, name: string): Collection {
  const coll = Collection.openOrCreate(storage, db, name);
  refuseView(coll.info);
  return coll;
}

function dollarField(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  for (const [key, nested] of Object.entries(value)) {
    if (key.startsWith('$')) return key;
    const found = dollarField(nested);
    if (found) return found;
  }
  return undefined;
}

/**
 * A document about to be inserted (typed form), with its `_id` generated first when missing so a
 * validation failure can name it; refuses `$`-prefixed names inside `_id` and what the validator refuses.
 */
export function prepareInsert(coll: Collection, doc: Document, bypassValidation: boolean): Document {
  const dollar = dollarField(doc._id);
  if (dollar) {
    throw new MongoCommandError(
      'DollarPrefixedFieldName',
      `_id fields may not contain '$'-prefixed fields: ${dollar} is not valid for storage.`,
    );
  }
  const withId = '_id' in doc ? doc : { _id: new ObjectId(), ...doc };
  if (!bypassValidation && hasValidator(coll.info))
    validateDocument(coll.info, decodeForQuery(encodeDocument(withId)), 'insert');
  return withId;
}

/** Checks an updated document (`typed` when it is a replacement as sent, else promoted) against the validator. */
export function checkUpdate(
  coll: Collection,
  next: Document,
  typed: boolean,
  previous: Document,
  bypassValidation: boolean,
): void {
  if (bypassValidation || !hasValidator(coll.info)) return;
  const promoted = typed ? decodeForQuery(encodeDocument(next)) : next;
  validateDocument(coll.info, promoted, 'update', previous);
}
