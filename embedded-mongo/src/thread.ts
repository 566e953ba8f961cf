import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EmbeddedMongo, EmbeddedMongoOptions } from './server.js';

/** What the store's thread tells the thread that started it. */
export type FromStoreThread =
  | { kind: 'log'; message: string }
  | { kind: 'started'; uri: string; port: number }
  | { kind: 'failed'; message: string; code?: string };

/** What the starting thread tells the store's thread. */
export type ToStoreThread = { kind: 'stop' };

/** How long stop() waits for a clean close before it terminates the thread (SQLite's WAL keeps what was acknowledged). */
const STOP_TIMEOUT_MS = 10_000;

const defaultLog = (msg: string) => process.stderr.write(`[embedded-mongo] ${msg}\n`);

// Run from TypeScript source (vitest, tsx) the worker needs tsx's hooks too: `--import tsx` in a Worker's
// execArgv registers none on Node 20, so a bootstrap registers them before importing the entry.
const TS_BOOTSTRAP = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });`;

/** tsx's ESM API, found beside this file (import.meta.resolve is missing under vitest's global setup). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require('tsx/package.json') as {
    exports: { './esm/api': { import: { default: string } } };
  };
  return new URL(
    manifest.exports['./esm/api'].import.default,
    pathToFileURL(require.resolve('tsx/package.json')),
  ).href;
}

function spawnWorker(options: Omit<EmbeddedMongoOptions, 'log'>): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./thread-entry.js', import.meta.url), { workerData: options });
  }
  const tsx = tsxEsmApi();
  const entry = new URL('./thread-entry.ts', import.meta.url).href;
  return new Worker(TS_BOOTSTRAP, { eval: true, workerData: { ...options, tsx, entry } });
}

export interface EmbeddedMongoThreadOptions extends EmbeddedMongoOptions {
  /**
   * Called once if the thread ends after it started, other than by stop(): the store is down. By
   * default the line is logged; a server process would rather exit and be restarted.
   */
  onDown?: (err: Error) => void;
}

/**
 * startEmbeddedMongo in a worker thread of its own, so a long scan never blocks the caller's event loop.
 * A thread rather than a child process: it dies with the process (kill -9 included), leaving no orphan
 * holding the port or the SQLite file.
 */
export function startEmbeddedMongoThread(options: EmbeddedMongoThreadOptions = {}): Promise<EmbeddedMongo> {
  const { log = defaultLog, onDown, ...rest } = options;
  const worker = spawnWorker(rest);
  let started = false;
  let stopping = false;
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));

  return new Promise<EmbeddedMongo>((resolve, reject) => {
    const stop = async (): Promise<void> => {
      if (!stopping) {
        stopping = true;
        worker.postMessage({ kind: 'stop' } satisfies ToStoreThread);
      }
      const timer = setTimeout(() => {
        log(`store thread did not stop within ${STOP_TIMEOUT_MS} ms; terminating it`);
        void worker.terminate();
      }, STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    };
    const failed = (err: Error) => {
      if (!started) {
        reject(err);
        void worker.terminate();
      } else if (!stopping) {
        // Said once: an uncaught error in the thread is followed by its exit.
        stopping = true;
        log(`store thread ended: ${err.stack ?? err.message}; the store is down`);
        onDown?.(err);
      }
    };

    worker.on('message', (msg: FromStoreThread) => {
      if (msg.kind === 'log') log(msg.message);
      else if (msg.kind === 'failed') failed(Object.assign(new Error(msg.message), { code: msg.code }));
      else {
        started = true;
        resolve({ uri: msg.uri, port: msg.port, stop });
      }
    });
    worker.on('error', failed);
    void exited.then((code) => failed(new Error(`the embedded-mongo thread exited with code ${code}`)));
  });
}
