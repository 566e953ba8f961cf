import type { Document } from 'bson';
import { MongoCommandError } from '../errors.js';

const UNSUPPORTED_STAGES = new Set(['$currentOp', '$listSessions', '$changeStream', '$geoNear']);
const WRITE_STAGES = new Set(['$out', '$merge']);

/**
 * Rewrites `$bucket` into the `$group` + `$sort` MongoDB documents it as equivalent to (mingo's own
 * `$bucket` misplaces values equal to a boundary and emits empty buckets), recursing into
 * sub-pipelines; `$out` and `$merge` are refused here because they are only valid as the last stage
 * of the command's own pipeline, which the aggregate command takes off first.
 */
export function rewritePipeline(pipeline: Document[]): Document[] {
  return pipeline.flatMap((stage): Document[] => {
    const [name] = Object.keys(stage);
    if (name && WRITE_STAGES.has(name))
      throw new MongoCommandError('Location40601', `${name} can only be the final stage in the pipeline`);
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
    if (name === '$unionWith' && typeof spec === 'object' && Array.isArray(spec.pipeline)) {
      return [{ $unionWith: { ...spec, pipeline: rewritePipeline(spec.pipeline as Document[]) } }];
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
