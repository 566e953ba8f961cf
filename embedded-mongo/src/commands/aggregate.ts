import { type Document, Long } from 'bson';
import { parseCollation } from '../collation.js';
import { MongoCommandError } from '../errors.js';
import { asNumber, type CommandHandler } from './context.js';
import { documentsOf, itemsOf, runPipeline } from './run-pipeline.js';
import { mergeInto, outInto } from './write-stages.js';

export const aggregate: CommandHandler = (ctx) => {
  const body = ctx.body;
  if (!Array.isArray(body.pipeline))
    throw new MongoCommandError('TypeMismatch', "'pipeline' option must be specified as an array");
  if (typeof body.cursor !== 'object' || body.cursor === null) {
    throw new MongoCommandError(
      'FailedToParse',
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  const target = typeof body.aggregate === 'string' ? body.aggregate : undefined;
  const ns = target ? `${ctx.db}.${target}` : `${ctx.db}.$cmd.aggregate`;
  const requested = body.pipeline as Document[];
  const last = requested[requested.length - 1];
  const writeStage = last && ('$out' in last || '$merge' in last) ? last : undefined;
  const pipeline = writeStage ? requested.slice(0, -1) : requested;
  const options = {
    collation: parseCollation(body.collation),
    variables: body.let as Document | undefined,
  };
  if (writeStage) {
    const bypass = body.bypassDocumentValidation === true;
    // The stage's writes are undone together when one fails (runCommand treats this as a write).
    ctx.storage.savepoint(() => {
      const docs = documentsOf(runPipeline(ctx.storage, ctx.db, target, pipeline, options));
      if ('$out' in writeStage) outInto(ctx.storage, ctx.db, writeStage.$out, docs, bypass);
      else mergeInto(ctx.storage, ctx.db, writeStage.$merge, docs, { ...options, bypass });
    });
    return { cursor: { firstBatch: [], id: Long.ZERO, ns }, ok: 1 };
  }
  const result = runPipeline(ctx.storage, ctx.db, target, pipeline, options);
  const batch = ctx.cursors.open(ns, itemsOf(result), asNumber((body.cursor as Document).batchSize));
  return { cursor: { firstBatch: batch.docs, id: batch.id, ns }, ok: 1 };
};
