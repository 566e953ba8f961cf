import type { Document } from 'bson';
import { valuesAtPath } from '../codec.js';
import { aggregatorFor, queryOptionsFor } from '../collation.js';
import { Collection, type StoredDocument } from '../collection.js';
import type { CursorItem } from '../cursors.js';
import { encodeValue } from '../keys.js';
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
  let docs = stored.map((s) => s.doc);
  let from = 0;
  // An equality $lookup on a collection is answered through the foreign collection's planner (its
  // index on foreignField), one query per distinct local value set; the stages between run in mingo.
  for (const [at, stage] of rest.entries()) {
    const lookup = stageOf(stage, '$lookup') as Document | undefined;
    const foreign = lookup && equalityLookupTarget(storage, db, lookup);
    if (!lookup || !foreign) continue;
    if (at > from) docs = aggregatorFor(rest.slice(from, at), mingo).run(docs) as Document[];
    docs = lookupByIndex(docs, foreign, lookup, collation);
    from = at + 1;
  }
  if (from < rest.length) docs = aggregatorFor(rest.slice(from), mingo).run(docs) as Document[];
  return { computed: docs };
}

/** The collection an equality `$lookup` (localField/foreignField, no pipeline) reads, if it is one. */
function equalityLookupTarget(storage: Storage, db: string, lookup: Document): Collection | undefined {
  if (typeof lookup.from !== 'string' || typeof lookup.localField !== 'string') return undefined;
  if (typeof lookup.foreignField !== 'string' || typeof lookup.as !== 'string') return undefined;
  if (lookup.pipeline !== undefined || lookup.let !== undefined) return undefined;
  if (resolveView(storage, db, lookup.from)) return undefined;
  return Collection.open(storage, db, lookup.from);
}

/** `$lookup` semantics: a missing or null local value joins foreign documents whose field is null or missing. */
function lookupByIndex(
  docs: Document[],
  foreign: Collection,
  lookup: Document,
  collation: Document | undefined,
): Document[] {
  const joined = new Map<string, Document[]>();
  return docs.map((doc) => {
    const local = valuesAtPath(doc, lookup.localField as string).map((v) => v ?? null);
    const values = local.length ? local : [null];
    const key = encodeValue(values).toString('latin1');
    let matches = joined.get(key);
    if (!matches) {
      matches = foreign
        .match({ [lookup.foreignField as string]: { $in: values } }, { collation })
        .map((s) => s.doc);
      joined.set(key, matches);
    }
    return setAt(doc, lookup.as as string, matches);
  });
}

/** A copy of `doc` with `path` set (dotted paths create embedded documents). */
function setAt(doc: Document, path: string, value: unknown): Document {
  const [head, ...tail] = path.split('.') as [string, ...string[]];
  if (tail.length === 0) return { ...doc, [head]: value };
  const inner = doc[head];
  const base =
    typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Document) : {};
  return { ...doc, [head]: setAt(base, tail.join('.'), value) };
}

/** The result's documents in promoted form. */
export function documentsOf(result: PipelineResult): Document[] {
  return 'stored' in result ? result.stored.map((s) => s.doc) : result.computed;
}

/** The result as cursor items: stored documents keep their BSON types; `projection` is a find projection. */
export function itemsOf(result: PipelineResult, projection?: unknown): CursorItem[] {
  return 'stored' in result ? present(result.stored, projection) : sized(result.computed, projection);
}
