// The store's worker thread (see thread.ts): serves workerData's options until told to stop.
import { parentPort, workerData } from 'node:worker_threads';
import { type EmbeddedMongoOptions, startEmbeddedMongo } from './server.js';
import type { FromStoreThread, ToStoreThread } from './thread.js';

const port = parentPort;
if (!port) throw new Error('thread-entry runs only as the worker that startEmbeddedMongoThread starts');
const tell = (msg: FromStoreThread) => port.postMessage(msg);

try {
  const server = await startEmbeddedMongo({
    ...(workerData as EmbeddedMongoOptions),
    log: (message) => tell({ kind: 'log', message }),
  });
  port.on('message', (msg: ToStoreThread) => {
    // Exit explicitly once SQLite is closed: a timer left behind must not keep the thread alive.
    if (msg.kind === 'stop') void server.stop().then(() => process.exit(0));
  });
  tell({ kind: 'started', uri: server.uri, port: server.port });
} catch (err) {
  const { message, code } = err as NodeJS.ErrnoException;
  tell({ kind: 'failed', message: String(message ?? err), ...(code ? { code } : {}) });
}
