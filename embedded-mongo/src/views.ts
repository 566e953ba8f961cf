import type { Document } from 'bson';
import { Collection } from './collection.js';
import { MongoCommandError } from './errors.js';
import type { CollectionInfo, Storage } from './storage.js';

// MongoDB refuses view chains deeper than this (ViewGraph::kMaxViewDepth).
const MAX_VIEW_DEPTH = 20;

export const isView = (info: CollectionInfo | undefined): boolean => typeof info?.options.viewOn === 'string';

/** A view read as its base collection: the collection to read and the pipeline to run on it first. */
export interface ResolvedView {
  source: string;
  pipeline: Document[];
  collation: Document | undefined;
}

/** Follows `viewOn` to the collection underneath; undefined when `name` is not a view. */
export function resolveView(storage: Storage, db: string, name: string): ResolvedView | undefined {
  let info = Collection.open(storage, db, name)?.info;
  if (!isView(info)) return undefined;
  const collation = info?.options.collation as Document | undefined;
  let pipeline: Document[] = [];
  for (let depth = 0; info && isView(info); depth++) {
    if (depth >= MAX_VIEW_DEPTH)
      throw new MongoCommandError(
        'ViewDepthLimitExceeded',
        `View depth too deep or view cycle detected; maximum depth is ${MAX_VIEW_DEPTH}`,
      );
    pipeline = [...((info.options.pipeline as Document[] | undefined) ?? []), ...pipeline];
    name = info.options.viewOn as string;
    info = Collection.open(storage, db, name)?.info;
  }
  return { source: name, pipeline, collation };
}

/** Writes and index commands on a view fail as they do in MongoDB. */
export function refuseView(info: CollectionInfo | undefined): void {
  if (info && isView(info))
    throw new MongoCommandError(
      'CommandNotSupportedOnView',
      `Namespace ${info.db}.${info.name} is a view, not a collection`,
    );
}
