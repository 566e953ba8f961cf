import type { Document } from 'bson';
import { MongoCommandError } from '../errors.js';
import { adminCommands } from './admin.js';
import { aggregate } from './aggregate.js';
import type { CommandContext, CommandHandler } from './context.js';
import { crudCommands } from './crud.js';
import { handshakeCommands } from './handshake.js';

const COMMANDS: Record<string, CommandHandler> = {
  ...handshakeCommands,
  buildinfo: handshakeCommands.buildInfo as CommandHandler,
  ...crudCommands,
  aggregate,
  ...adminCommands,
};

// Commands that write; only these pay for a SQLite transaction.
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
  'drop',
  'dropDatabase',
]);

const TRANSACTION_COMMANDS = new Set(['commitTransaction', 'abortTransaction']);

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
  return WRITE_COMMANDS.has(name) ? ctx.storage.transaction(() => handler(ctx)) : handler(ctx);
}
