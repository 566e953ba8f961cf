import { type Document, Long } from 'bson';
import { MongoCommandError } from './errors.js';
import type { RawDocument } from './wire.js';

export const DEFAULT_FIRST_BATCH = 101;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
// MongoDB's cursorTimeoutMillis default: idle cursors are reaped after 10 minutes.
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

/** A result document with its (approximate) BSON size, used to keep batches under 16 MiB. */
export interface CursorItem {
  doc: Document | RawDocument;
  size: number;
}

interface OpenCursor {
  ns: string;
  items: CursorItem[];
  position: number;
  lastUsed: number;
}

export interface Batch {
  docs: (Document | RawDocument)[];
  id: Long;
}

/** Server-side cursors: results are materialised when the cursor opens and handed out batch by batch. */
export class CursorRegistry {
  readonly #cursors = new Map<string, OpenCursor>();

  /** Returns the first batch; registers a cursor only when documents remain. */
  open(ns: string, items: CursorItem[], batchSize: number | undefined, singleBatch = false): Batch {
    this.#reapIdle();
    const cursor: OpenCursor = { ns, items, position: 0, lastUsed: Date.now() };
    const docs = this.#take(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    if (singleBatch || cursor.position >= items.length) return { docs, id: Long.ZERO };
    const id = this.#newId();
    this.#cursors.set(id.toString(), cursor);
    return { docs, id };
  }

  getMore(id: unknown, ns: string, batchSize: number | undefined): Batch {
    const key = String(id);
    const cursor = this.#cursors.get(key);
    if (!cursor) throw new MongoCommandError('CursorNotFound', `cursor id ${key} not found`);
    if (cursor.ns !== ns) {
      throw new MongoCommandError(
        'BadValue',
        `Requested getMore on namespace '${ns}', but cursor belongs to '${cursor.ns}'`,
      );
    }
    cursor.lastUsed = Date.now();
    const docs = this.#take(cursor, batchSize || Number.POSITIVE_INFINITY);
    if (cursor.position >= cursor.items.length) {
      this.#cursors.delete(key);
      return { docs, id: Long.ZERO };
    }
    return { docs, id: Long.fromString(key) };
  }

  kill(ids: unknown[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) {
      const key = String(id);
      (this.#cursors.delete(key) ? killed : notFound).push(Long.fromString(key));
    }
    return { killed, notFound };
  }

  clear(): void {
    this.#cursors.clear();
  }

  #take(cursor: OpenCursor, batchSize: number): Batch['docs'] {
    const docs: Batch['docs'] = [];
    let bytes = 0;
    while (cursor.position < cursor.items.length && docs.length < batchSize) {
      const item = cursor.items[cursor.position] as CursorItem;
      if (docs.length > 0 && bytes + item.size > MAX_BATCH_BYTES) break;
      docs.push(item.doc);
      bytes += item.size;
      cursor.position++;
    }
    return docs;
  }

  #newId(): Long {
    // Positive and below 2^53, so the id survives promotion to a JS number when the client sends it back.
    for (;;) {
      const id = Long.fromNumber(Math.floor(Math.random() * (Number.MAX_SAFE_INTEGER - 1)) + 1);
      if (!this.#cursors.has(id.toString())) return id;
    }
  }

  #reapIdle(): void {
    const cutoff = Date.now() - IDLE_TIMEOUT_MS;
    for (const [key, cursor] of this.#cursors) if (cursor.lastUsed < cutoff) this.#cursors.delete(key);
  }
}
