import type { Document } from 'bson';
import type { GroupCommit } from '../commit.js';
import type { CursorRegistry } from '../cursors.js';
import type { Storage } from '../storage.js';

export interface CommandContext {
  storage: Storage;
  /** The open group-commit batch that write commands join. */
  commit: GroupCommit;
  cursors: CursorRegistry;
  /** The `$db` the command targets. */
  db: string;
  /** The command with numbers promoted to JS numbers. */
  body: Document;
  /** The command decoded keeping BSON numeric types, for documents that get stored. */
  typedBody(): Document;
  connectionId: number;
}

export type CommandHandler = (ctx: CommandContext) => Document;

/** The collection name a command targets (its first field's value). */
export function collectionName(ctx: CommandContext): string {
  const value = Object.values(ctx.body)[0];
  return typeof value === 'string' ? value : '';
}

export const asNumber = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : undefined;
