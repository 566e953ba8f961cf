import type { Document } from 'bson';
import { MongoCommandError } from '../errors.js';
import { adminCommands } from './admin.js';
import { aggregate } from './aggregate.js';
import type { CommandContext, CommandHandler } from './context.js';
import { crudCommands } from './crud.js';
import { explain } from './explain.js';
import { handshakeCommands } from './handshake.js';
import { serverStatus } from './server-status.js';

const COMMANDS: Record<string, CommandHandler> = {
  ...handshakeCommands,
  buildinfo: handshakeCommands.buildInfo as CommandHandler,
  ...crudCommands,
  aggregate,
  explain,
  serverStatus,
  ...adminCommands,
};

// Commands that write; only these join a group-commit batch.
const WRITE_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'createIndexes',
  'dropIndexes',
  'deleteIndexes',
  'create',
  'collMod',
  'drop',
  'dropDatabase',
]);

const TRANSACTION_COMMANDS = new Set(['commitTransaction', 'abortTransaction']);

/** Whether a command writes (an aggregation writes when it ends in `$out` or `$merge`). */
export function isWriteCommand(body: Document): boolean {
  const name = Object.keys(body)[0] ?? '';
  if (WRITE_COMMANDS.has(name)) return true;
  return (
    name === 'aggregate' &&
    Array.isArray(body.pipeline) &&
    body.pipeline.some(
      (stage) => typeof stage === 'object' && stage !== null && ('$out' in stage || '$merge' in stage),
    )
  );
}

/** Whether the client asked to be acknowledged only once the write is on disk (`j: true`, `w: "majority"`). */
export function wantsJournal(body: Document): boolean {
  const concern = body.writeConcern as Document | undefined;
  return concern?.j === true || concern?.w === 'majority' || concern?.fsync === true;
}

/** Runs one command; a write command runs atomically: its writes commit together, or none do if it fails. */
export function runCommand(ctx: CommandContext): Document {
  const name = Object.keys(ctx.body)[0] ?? '';
  if (ctx.body.startTransaction === true || ctx.body.autocommit === false || TRANSACTION_COMMANDS.has(name)) {
    throw new MongoCommandError(
      'IllegalOperation',
      'Transaction numbers are only allowed on a replica set member or mongos',
    );
  }
  const handler = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!handler) throw new MongoCommandError('CommandNotFound', `no such command: '${name}'`);
  return isWriteCommand(ctx.body) ? ctx.commit.write(() => handler(ctx)) : handler(ctx);
}
