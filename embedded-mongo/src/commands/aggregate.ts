import type { Document } from 'bson';
import { Aggregator } from 'mingo';
import { Collection } from '../collection.js';
import { MongoCommandError } from '../errors.js';
import { mingoOptions } from '../mingo-options.js';
import { asNumber, type CommandHandler } from './context.js';
import { present, sized } from './output.js';

const UNSUPPORTED_STAGES = new Set([
  '$out',
  '$merge',
  '$currentOp',
  '$listSessions',
  '$changeStream',
  '$geoNear',
]);

/**
 * Rewrites `$bucket` into the `$group` + `$sort` MongoDB documents it as equivalent to (mingo's own
 * `$bucket` misplaces values equal to a boundary and emits empty buckets), recursing into sub-pipelines.
 */
function rewritePipeline(pipeline: Document[]): Document[] {
  return pipeline.flatMap((stage): Document[] => {
    const [name] = Object.keys(stage);
    if (!name || UNSUPPORTED_STAGES.has(name)) {
      throw new MongoCommandError('CommandNotSupported', `${name} is not supported by embedded-mongo`);
    }
    const spec = stage[name] as Document;
    if (name === '$bucket') return [bucketAsGroup(spec), { $sort: { _id: 1 } }];
    if (name === '$facet') {
      return [
        {
          $facet: Object.fromEntries(
            Object.entries(spec).map(([k, p]) => [k, rewritePipeline(p as Document[])]),
          ),
        },
      ];
    }
    if (name === '$lookup' && Array.isArray(spec.pipeline)) {
      return [{ $lookup: { ...spec, pipeline: rewritePipeline(spec.pipeline as Document[]) } }];
    }
    return [stage];
  });
}

function bucketAsGroup(spec: Document): Document {
  const boundaries = spec.boundaries as unknown[];
  if (!Array.isArray(boundaries) || boundaries.length < 2) {
    throw new MongoCommandError(
      'BadValue',
      "$bucket requires 'boundaries' to be an array of at least 2 values",
    );
  }
  const branches = boundaries.slice(0, -1).map((lower, i) => ({
    case: { $and: [{ $gte: [spec.groupBy, lower] }, { $lt: [spec.groupBy, boundaries[i + 1]] }] },
    // biome-ignore lint/suspicious/noThenProperty: `then` is the $switch branch field, not a thenable.
    then: lower,
  }));
  const id = { $switch: { branches, ...('default' in spec ? { default: spec.default } : {}) } };
  const output = (spec.output as Document | undefined) ?? { count: { $sum: 1 } };
  return { $group: { _id: id, ...output } };
}

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
  const pipeline = rewritePipeline(body.pipeline as Document[]);
  const target = typeof body.aggregate === 'string' ? body.aggregate : undefined;
  const ns = target ? `${ctx.db}.${target}` : `${ctx.db}.$cmd.aggregate`;
  const coll = target ? Collection.open(ctx.storage, ctx.db, target) : undefined;
  // A leading $match is served by the collection so it can use the _id or a secondary index.
  const first = pipeline[0];
  const leadingMatch = first && '$match' in first ? (first.$match as Document) : undefined;
  const matched = coll ? coll.match(leadingMatch ?? {}) : [];
  const rest = leadingMatch ? pipeline.slice(1) : pipeline;
  const options = mingoOptions({
    collectionResolver: (name: string) =>
      Collection.open(ctx.storage, ctx.db, name)
        ?.match({})
        .map((s) => s.doc) ?? [],
    ...(body.let ? { variables: body.let as Document } : {}),
  });
  // Untransformed documents are returned with their stored BSON types.
  const items = rest.length
    ? sized(new Aggregator(rest, options).run(matched.map((s) => s.doc)))
    : present(matched, undefined);
  const batch = ctx.cursors.open(ns, items, asNumber((body.cursor as Document).batchSize));
  return { cursor: { firstBatch: batch.docs, id: batch.id, ns }, ok: 1 };
};
