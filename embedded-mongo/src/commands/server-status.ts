import type { CommandHandler } from './context.js';
import { SERVER_VERSION } from './handshake.js';

const started = Date.now();

/** The parts of MongoDB's serverStatus this store can report: its journal's commits and fsyncs. */
export const serverStatus: CommandHandler = (ctx) => ({
  host: 'embedded',
  version: SERVER_VERSION,
  process: 'embedded-mongo',
  pid: process.pid,
  uptime: Math.floor((Date.now() - started) / 1000),
  localTime: new Date(),
  storageEngine: { name: 'sqlite', supportsCommittedReads: true, persistent: ctx.storage.file !== undefined },
  // Named as WiredTiger names them, so a check written against MongoDB reads both.
  wiredTiger: {
    log: {
      'log flush operations': ctx.commit.stats.commits,
      'log sync operations': ctx.commit.stats.syncs,
    },
  },
  ok: 1,
});
