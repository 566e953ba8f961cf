import type { Document } from 'bson';
import { Collection } from './collection.js';
import type { Storage } from './storage.js';

/** Runs `fn` as one atomic write; the server passes its group commit, tests may pass a savepoint. */
export type WriteRunner = <T>(fn: () => T) => T;

/** The TTL indexes MongoDB honours: single-field, with a numeric expireAfterSeconds. */
function ttlIndexesOf(coll: Collection): { field: string; seconds: number; partial?: Document }[] {
  return coll.listIndexes().flatMap((spec) => {
    const fields = Object.keys((spec.key as Document | undefined) ?? {});
    const seconds = spec.expireAfterSeconds;
    if (fields.length !== 1 || typeof seconds !== 'number' || Number.isNaN(seconds)) return [];
    const partial = spec.partialFilterExpression as Document | undefined;
    return [{ field: fields[0] as string, seconds, ...(partial ? { partial } : {}) }];
  });
}

/**
 * Deletes every document whose TTL-indexed field holds a date (in an array, the earliest one) older
 * than the index's expireAfterSeconds; values that are not dates never expire. Returns how many.
 */
export function deleteExpired(storage: Storage, now: Date = new Date()): number {
  let deleted = 0;
  for (const { db } of storage.listDatabases()) {
    for (const info of storage.listCollections(db)) {
      const coll = Collection.open(storage, db, info.name);
      if (!coll || info.options.viewOn !== undefined) continue;
      for (const { field, seconds, partial } of ttlIndexesOf(coll)) {
        // $lte on a date only matches dates (type bracketing), and an array matches through its earliest date.
        const expired: Document = { [field]: { $lte: new Date(now.getTime() - seconds * 1000) } };
        for (const stored of coll.match(partial ? { $and: [partial, expired] } : expired)) {
          coll.remove(stored);
          deleted++;
        }
      }
    }
  }
  return deleted;
}

/**
 * Starts MongoDB's TTL monitor: every `intervalMs` (MongoDB's ttlMonitorSleepSecs is 60 s) expired
 * documents are deleted in one write. Returns the function that stops it.
 */
export function startTtlMonitor(
  storage: Storage,
  intervalMs: number,
  log: (msg: string) => void,
  write: WriteRunner = (fn) => storage.savepoint(fn),
): () => void {
  const timer = setInterval(() => {
    try {
      const deleted = write(() => deleteExpired(storage));
      if (deleted > 0) log(`TTL monitor deleted ${deleted} expired document(s)`);
    } catch (err) {
      log(`TTL monitor failed: ${(err as Error).message}`);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
