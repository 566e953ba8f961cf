import { open } from 'node:fs/promises';
import type { Storage } from './storage.js';

export interface GroupCommitOptions {
  /**
   * How often the journal is fsynced in the background: what a power loss can cost at most
   * (MongoDB's journal commit interval).
   * @defaultValue 100
   */
  syncIntervalMs?: number;
}

/**
 * Group commit: write commands that arrive while a batch is open run in the same SQLite transaction,
 * committed once the event loop has taken every command waiting on the sockets, and acknowledged
 * after it. In WAL mode with `synchronous=NORMAL` a commit survives the process being killed;
 * `whenDurable` also waits for an fsync of the journal that concurrent waiters share.
 */
export class GroupCommit {
  readonly #storage: Storage;
  readonly #wal: string | undefined;
  #batch: { committed: Promise<void>; resolve(): void; reject(err: unknown): void } | undefined;
  #syncing: Promise<void> | undefined;
  #nextSync: Promise<void> | undefined;
  #unsynced = false;
  /** Transactions committed and journal fsyncs done, as serverStatus reports them. */
  readonly stats = { commits: 0, syncs: 0 };
  readonly #timer: NodeJS.Timeout | undefined;

  constructor(storage: Storage, options: GroupCommitOptions = {}) {
    this.#storage = storage;
    this.#wal = storage.file && `${storage.file}-wal`;
    if (this.#wal) {
      this.#timer = setInterval(() => {
        if (this.#unsynced) this.sync().catch(() => {});
      }, options.syncIntervalMs ?? 100);
      this.#timer.unref();
    }
  }

  /** Whether writes are waiting for the open batch to commit. */
  get pending(): boolean {
    return this.#batch !== undefined;
  }

  /** Runs `fn` in the open batch (opening one if needed); its writes are undone if it throws. */
  write<T>(fn: () => T): T {
    if (!this.#batch) this.#open();
    return this.#storage.savepoint(fn);
  }

  /** Resolves once everything written so far is committed; rejects if that commit failed. */
  whenCommitted(): Promise<void> {
    return this.#batch?.committed ?? Promise.resolve();
  }

  /** Resolves once everything written so far is committed and fsynced. */
  async whenDurable(): Promise<void> {
    await this.whenCommitted();
    await this.sync();
  }

  /**
   * Fsyncs the journal. A caller arriving while a sync runs waits for the next one (the running one
   * may have started before its commit); everyone arriving meanwhile shares that next sync.
   */
  sync(): Promise<void> {
    if (!this.#wal) return Promise.resolve();
    if (!this.#syncing) {
      this.#unsynced = false;
      this.stats.syncs++;
      this.#syncing = fsyncFile(this.#wal).finally(() => {
        this.#syncing = undefined;
      });
      return this.#syncing;
    }
    this.#nextSync ??= this.#syncing.then(
      () => this.#afterRunning(),
      () => this.#afterRunning(),
    );
    return this.#nextSync;
  }

  #afterRunning(): Promise<void> {
    this.#nextSync = undefined;
    return this.sync();
  }

  /** Commits the open batch now (shutdown). */
  flush(): void {
    if (this.#batch) this.#commit();
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.flush();
    await this.sync().catch(() => {});
  }

  #open(): void {
    this.#storage.db.exec('BEGIN');
    let resolve = (): void => {};
    let reject = (_: unknown): void => {};
    const committed = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may be left with an unhandled rejection when no reply waits for this batch.
    committed.catch(() => {});
    this.#batch = { committed, resolve, reject };
    setImmediate(() => this.#commit());
  }

  #commit(): void {
    const batch = this.#batch;
    if (!batch) return;
    this.#batch = undefined;
    try {
      this.#storage.db.exec('COMMIT');
      this.stats.commits++;
      this.#unsynced = true;
      batch.resolve();
    } catch (err) {
      if (this.#storage.db.inTransaction) this.#storage.db.exec('ROLLBACK');
      this.#storage.catalogVersion++;
      batch.reject(err);
    }
  }
}

async function fsyncFile(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch (err) {
    // No journal yet (nothing written since a checkpoint removed it): nothing to sync.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  } finally {
    await handle?.close();
  }
}
