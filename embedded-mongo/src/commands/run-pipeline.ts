import type { Document } from 'bson';
import { aggregatorFor, queryOptionsFor } from '../collation.js';
import { Collection, type StoredDocument } from '../collection.js';
import type { CursorItem } from '../cursors.js';
import type { Storage } from '../storage.js';
import { resolveView } from '../views.js';
import { present, sized } from './output.js';
import { rewritePipeline } from './rewrite-pipeline.js';

/** Documents straight from the collection (their stored BSON types kept) or computed by stages. */
export type PipelineResult = { stored: StoredDocument[] } | { computed: Document[] };

export interface PipelineOptions {
  collation?: Document | undefined;
  variables?: Document | undefined;
}

const stageOf = (stage: Document | undefined, name: string): unknown =>
  stage && Object.keys(stage)[0] === name ? stage[name] : undefined;

/**
 * Runs `pipeline` over the namespace `name` (a view runs its own pipeline first). The leading
 * `$match`, `$sort`, `$skip` and `$limit` are served by the collection so its indexes can answer them.
 */
export function runPipeline(
  storage: Storage,
  db: string,
  name: string | undefined,
  requested: Document[],
  options: PipelineOptions = {},
): PipelineResult {
  const view = name === undefined ? undefined : resolveView(storage, db, name);
  const source = view ? view.source : name;
  const pipeline = rewritePipeline([...(view?.pipeline ?? []), ...requested]);
  const coll = source === undefined ? undefined : Collection.open(storage, db, source);
  const collation =
    options.collation ?? view?.collation ?? (coll?.info.options.collation as Document | undefined);
  let i = 0;
  const filter = (stageOf(pipeline[i], '$match') as Document | undefined) ?? {};
  if (pipeline[i] && '$match' in (pipeline[i] as Document)) i++;
  const sort = stageOf(pipeline[i], '$sort') as Document | undefined;
  if (sort) i++;
  const skip = stageOf(pipeline[i], '$skip') as number | undefined;
  if (typeof skip === 'number') i++;
  const limit = stageOf(pipeline[i], '$limit') as number | undefined;
  if (typeof limit === 'number') i++;
  const stored = coll
    ? coll.match(filter, {
        sort,
        skip: typeof skip === 'number' ? skip : undefined,
        limit: typeof limit === 'number' ? limit : undefined,
        collation,
        variables: options.variables,
      })
    : [];
  const rest = pipeline.slice(i);
  if (rest.length === 0) return { stored };
  const mingo = {
    ...queryOptionsFor(collation, options.variables),
    collectionResolver: (from: string) => documentsOf(runPipeline(storage, db, from, [], { collation })),
  };
  return { computed: aggregatorFor(rest, mingo).run(stored.map((s) => s.doc)) as Document[] };
}

/** The result's documents in promoted form. */
export function documentsOf(result: PipelineResult): Document[] {
  return 'stored' in result ? result.stored.map((s) => s.doc) : result.computed;
}

/** The result as cursor items: stored documents keep their BSON types; `projection` is a find projection. */
export function itemsOf(result: PipelineResult, projection?: unknown): CursorItem[] {
  return 'stored' in result ? present(result.stored, projection) : sized(result.computed, projection);
}
