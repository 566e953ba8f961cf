import { createServer, type Server, type Socket } from 'node:net';
import type { Document } from 'bson';
import { Collection } from './collection.js';
import { helloReply } from './commands/handshake.js';
import { isWriteCommand, runCommand, wantsJournal } from './commands/index.js';
import { GroupCommit, type GroupCommitOptions } from './commit.js';
import { CursorRegistry } from './cursors.js';
import { asCommandError, MongoCommandError } from './errors.js';
import { Storage } from './storage.js';
import { startTtlMonitor } from './ttl.js';
import {
  encodeOpMsg,
  encodeOpReply,
  MessageFramer,
  OP_MSG,
  type OpMsgRequest,
  type OpQueryRequest,
  parseMessage,
  WireProtocolError,
} from './wire.js';

export interface EmbeddedMongoOptions extends GroupCommitOptions {
  /** Directory holding the SQLite file; created when missing. Required unless `inMemory`. */
  dbPath?: string;
  /** Keep everything in memory (`:memory:`); nothing survives stop(). */
  inMemory?: boolean;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  log?: (msg: string) => void;
  /**
   * How often expired documents of TTL indexes are deleted (MongoDB's ttlMonitorSleepSecs).
   * @defaultValue 60000
   */
  ttlMonitorIntervalMs?: number;
}

export interface EmbeddedMongo {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const LEGACY_HELLO = new Set(['ismaster', 'isMaster', 'hello']);

export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const log = options.log ?? ((msg: string) => process.stderr.write(`[embedded-mongo] ${msg}\n`));
  const storage = new Storage(options);
  if (storage.needsKeyRebuild) {
    log('rebuilding index keys in the ordered encoding');
    storage.db.transaction(() => Collection.rebuildKeys(storage))();
  }
  const commit = new GroupCommit(storage, options);
  const ttlInterval = options.ttlMonitorIntervalMs ?? 60_000;
  const stopTtlMonitor = startTtlMonitor(storage, ttlInterval, log, (fn) => commit.write(fn));
  const cursors = new CursorRegistry();
  const sockets = new Set<Socket>();
  let nextConnectionId = 1;
  let nextRequestId = 1;

  const handleOpMsg = (request: OpMsgRequest, connectionId: number): Document => {
    const db = typeof request.body.$db === 'string' ? request.body.$db : 'admin';
    try {
      return runCommand({
        storage,
        commit,
        cursors,
        db,
        body: request.body,
        typedBody: request.typedBody,
        connectionId,
      });
    } catch (err) {
      const error = asCommandError(err);
      if (error.codeName === 'InternalError')
        log(`command ${Object.keys(request.body)[0]} failed: ${error.message}`);
      return error.toReply();
    }
  };

  // Drivers open connections with a legacy OP_QUERY hello; nothing else is served over OP_QUERY.
  const handleOpQuery = (request: OpQueryRequest, connectionId: number): Document => {
    const query = (request.query.$query as Document | undefined) ?? request.query;
    const name = Object.keys(query)[0] ?? '';
    if (request.fullCollectionName.endsWith('.$cmd') && LEGACY_HELLO.has(name)) {
      return helloReply({ body: query, connectionId }, name !== 'hello');
    }
    return new MongoCommandError(
      'UnsupportedOpQueryCommand',
      `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`,
    ).toReply();
  };

  /** When a reply may be sent: after its batch commits (and its fsync for `j: true`), or now. */
  const readyFor = (request: OpMsgRequest): Promise<void> | undefined => {
    if (isWriteCommand(request.body))
      return wantsJournal(request.body) ? commit.whenDurable() : commit.whenCommitted();
    // A read may have seen the open batch's writes: it is answered once they are committed.
    return commit.pending ? commit.whenCommitted() : undefined;
  };

  const serve = (socket: Socket): void => {
    const connectionId = nextConnectionId++;
    const framer = new MessageFramer();
    // Replies leave in request order; `queued` counts those waiting for a commit or an fsync.
    let tail: Promise<void> = Promise.resolve();
    let queued = 0;
    sockets.add(socket);
    socket.setNoDelay(true);
    const fail = (reason: string): void => {
      log(`connection ${connectionId} closed: ${reason}`);
      socket.destroy();
    };
    const send = (reply: (failure?: MongoCommandError) => Buffer, ready: Promise<void> | undefined): void => {
      if (!ready && queued === 0) {
        socket.write(reply());
        return;
      }
      queued++;
      const waited = ready ?? Promise.resolve();
      tail = tail
        .then(() => waited)
        .then(
          () => {
            if (!socket.destroyed) socket.write(reply());
          },
          (err: unknown) => {
            log(`commit failed: ${(err as Error).message}`);
            if (!socket.destroyed) socket.write(reply(asCommandError(err)));
          },
        )
        .finally(() => {
          queued--;
        });
    };
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const message of framer.push(chunk)) {
          if (socket.destroyed) return;
          const request = parseMessage(message);
          const responseTo = request.requestId;
          if (request.opCode === OP_MSG) {
            const reply = handleOpMsg(request, connectionId);
            const ready = readyFor(request);
            if (!request.moreToCome) {
              const requestId = nextRequestId++;
              send(
                (failure?: MongoCommandError) =>
                  encodeOpMsg(failure ? failure.toReply() : reply, requestId, responseTo),
                ready,
              );
            }
          } else {
            socket.write(encodeOpReply(handleOpQuery(request, connectionId), nextRequestId++, responseTo));
          }
        }
      } catch (err) {
        fail(
          err instanceof WireProtocolError ? err.message : `internal error: ${(err as Error).stack ?? err}`,
        );
      }
    });
    socket.on('end', () => {
      if (framer.pendingBytes > 0)
        log(`connection ${connectionId} ended inside a message (${framer.pendingBytes} bytes)`);
      socket.end();
    });
    socket.on('error', (err) => log(`connection ${connectionId} error: ${err.message}`));
    socket.on('close', () => sockets.delete(socket));
  };

  const server: Server = createServer(serve);
  server.on('error', (err) => log(`server error: ${err.message}`));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    storage.close();
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= new Promise<void>((resolve) => {
      stopTtlMonitor();
      server.close(() => {
        cursors.clear();
        commit.close().finally(() => {
          storage.close();
          resolve();
        });
      });
      for (const socket of sockets) socket.destroy();
    });
    return stopped;
  };

  return { uri: `mongodb://${HOST}:${port}`, port, stop };
}
