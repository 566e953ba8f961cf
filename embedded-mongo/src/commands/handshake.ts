import { MAX_MESSAGE_SIZE } from '../wire.js';
import type { CommandContext, CommandHandler } from './context.js';

export const SERVER_VERSION = '8.0.0-embedded';
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
// MongoDB 8.0's wire version (updates with `sort`); the driver needs at least 9 (4.4).
const MAX_WIRE_VERSION = 25;

export function helloReply(ctx: Pick<CommandContext, 'body' | 'connectionId'>, legacy: boolean) {
  return {
    ...(ctx.body.helloOk ? { helloOk: true } : {}),
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

const PARAMETERS: Record<string, unknown> = {
  featureCompatibilityVersion: { version: '8.0' },
  authenticationMechanisms: [],
  maxBSONObjectSize: MAX_BSON_OBJECT_SIZE,
};

export const handshakeCommands: Record<string, CommandHandler> = {
  hello: (ctx) => helloReply(ctx, false),
  isMaster: (ctx) => helloReply(ctx, true),
  ismaster: (ctx) => helloReply(ctx, true),
  ping: () => ({ ok: 1 }),
  buildInfo: () => ({
    version: SERVER_VERSION,
    gitVersion: 'embedded',
    versionArray: [8, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['sqlite'],
    javascriptEngine: 'none',
    ok: 1,
  }),
  getParameter: (ctx) => {
    const all = ctx.body.getParameter === '*';
    const reply: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(PARAMETERS)) if (all || name in ctx.body) reply[name] = value;
    return { ...reply, ok: 1 };
  },
  endSessions: () => ({ ok: 1 }),
};
