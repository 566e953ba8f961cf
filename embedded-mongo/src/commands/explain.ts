import type { Document } from 'bson';
import { parseCollation } from '../collation.js';
import { Collection, type ExecutionStats } from '../collection.js';
import { MongoCommandError } from '../errors.js';
import type { IndexScan, Plan } from '../planner.js';
import type { Storage } from '../storage.js';
import { asNumber, type CommandHandler } from './context.js';
import { SERVER_VERSION } from './handshake.js';

const asDocument = (value: unknown): Document =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Document) : {};

interface Shape {
  filter: Document;
  sort?: Document | undefined;
  skip?: number | undefined;
  limit?: number | undefined;
  collation?: Document | undefined;
}

function ixscanStage(scan: IndexScan): Document {
  const { index } = scan;
  return {
    stage: 'IXSCAN',
    keyPattern: index.spec.key,
    indexName: index.name,
    isMultiKey: index.multikey,
    isUnique: index.isId || index.spec.unique === true,
    isSparse: index.spec.sparse === true,
    isPartial: index.spec.partialFilterExpression !== undefined,
    direction: scan.direction,
    indexBounds: scan.bounds,
  };
}

/** The winning plan as MongoDB's stage tree: COLLSCAN or IXSCAN under FETCH (OR for `$or`), then SORT, SKIP, LIMIT. */
function winningPlan(plan: Plan, shape: Shape, sorted: boolean): Document {
  const hasFilter = Object.keys(shape.filter).length > 0;
  let stage: Document;
  if (plan.kind === 'collscan') {
    stage = { stage: 'COLLSCAN', ...(hasFilter ? { filter: shape.filter } : {}), direction: plan.direction };
  } else if (plan.kind === 'ixscan') {
    stage = {
      stage: 'FETCH',
      ...(plan.scan.exact ? {} : { filter: shape.filter }),
      inputStage: ixscanStage(plan.scan),
    };
  } else {
    stage = {
      stage: 'FETCH',
      filter: shape.filter,
      inputStage: { stage: 'OR', inputStages: plan.scans.map(ixscanStage) },
    };
  }
  if (sorted) stage = { stage: 'SORT', sortPattern: shape.sort, type: 'simple', inputStage: stage };
  if (shape.skip) stage = { stage: 'SKIP', skipAmount: shape.skip, inputStage: stage };
  if (shape.limit) stage = { stage: 'LIMIT', limitAmount: shape.limit, inputStage: stage };
  return stage;
}

/** queryPlanner and executionStats for one query, as `explain` reports them. */
export function explainQuery(
  coll: Collection | undefined,
  ns: string,
  shape: Shape,
  verbosity: string,
): Document {
  if (!coll) {
    const eof = { stage: 'EOF' };
    return {
      queryPlanner: { namespace: ns, parsedQuery: shape.filter, winningPlan: eof, rejectedPlans: [] },
      ...(verbosity === 'queryPlanner'
        ? {}
        : {
            executionStats: {
              executionSuccess: true,
              nReturned: 0,
              executionTimeMillis: 0,
              totalKeysExamined: 0,
              totalDocsExamined: 0,
              executionStages: eof,
            },
          }),
    };
  }
  const started = performance.now();
  const { plan, stats } = coll.run(shape.filter, shape);
  const ms = Math.round(performance.now() - started);
  const winning = winningPlan(plan, shape, stats.sorted);
  const rejectedPlans = plan.rejected.map((scan) => ({ stage: 'FETCH', inputStage: ixscanStage(scan) }));
  return {
    queryPlanner: {
      namespace: ns,
      indexFilterSet: false,
      parsedQuery: shape.filter,
      ...(shape.collation ? { collation: shape.collation } : {}),
      winningPlan: winning,
      rejectedPlans,
    },
    ...(verbosity === 'queryPlanner' ? {} : { executionStats: executionStats(stats, ms, winning) }),
  };
}

function executionStats(stats: ExecutionStats, ms: number, winning: Document): Document {
  return {
    executionSuccess: true,
    nReturned: stats.nReturned,
    executionTimeMillis: ms,
    totalKeysExamined: stats.keysExamined,
    totalDocsExamined: stats.docsExamined,
    executionStages: { ...winning, nReturned: stats.nReturned, docsExamined: stats.docsExamined },
  };
}

/** The leading stages of a pipeline the query layer answers: `$match`, then `$sort`, `$skip`, `$limit`. */
function pipelineHead(pipeline: Document[]): { shape: Shape; rest: Document[] } {
  const shape: Shape = { filter: {} };
  let i = 0;
  const first = pipeline[0];
  if (first && '$match' in first) {
    shape.filter = asDocument(first.$match);
    i = 1;
  }
  const next = pipeline[i];
  if (next && '$sort' in next) {
    shape.sort = asDocument(next.$sort);
    i++;
  }
  return { shape, rest: pipeline.slice(i) };
}

/** A `$lookup` stage with how its foreign reads are served, as MongoDB's classic engine reports it. */
function explainLookup(storage: Storage, db: string, stage: Document): Document {
  const lookup = asDocument(stage.$lookup);
  const foreign = typeof lookup.from === 'string' ? Collection.open(storage, db, lookup.from) : undefined;
  if (!foreign || typeof lookup.foreignField !== 'string' || lookup.pipeline !== undefined) return stage;
  const plan = foreign.planner.plan({ filter: { [lookup.foreignField]: { $in: [null] } } });
  return {
    ...stage,
    indexesUsed: plan.kind === 'ixscan' ? [plan.scan.index.name] : [],
    collectionScans: plan.kind === 'collscan' ? 1 : 0,
  };
}

export const explain: CommandHandler = (ctx) => {
  const inner = asDocument(ctx.body.explain);
  const verbosity = typeof ctx.body.verbosity === 'string' ? ctx.body.verbosity : 'allPlansExecution';
  const name = Object.keys(inner)[0] ?? '';
  const target = typeof inner[name] === 'string' ? (inner[name] as string) : '';
  const ns = `${ctx.db}.${target}`;
  const coll = target ? Collection.open(ctx.storage, ctx.db, target) : undefined;
  const collation = parseCollation(inner.collation);
  const common = { command: inner, serverInfo: { host: 'embedded', version: SERVER_VERSION }, ok: 1 };
  switch (name) {
    case 'find':
      return {
        explainVersion: '1',
        ...explainQuery(
          coll,
          ns,
          {
            filter: asDocument(inner.filter),
            sort: inner.sort ? asDocument(inner.sort) : undefined,
            skip: asNumber(inner.skip),
            limit: Math.abs(asNumber(inner.limit) ?? 0) || undefined,
            collation,
          },
          verbosity,
        ),
        ...common,
      };
    case 'count':
    case 'distinct':
      return {
        explainVersion: '1',
        ...explainQuery(coll, ns, { filter: asDocument(inner.query), collation }, verbosity),
        ...common,
      };
    case 'update':
    case 'delete': {
      const statements = (name === 'update' ? inner.updates : inner.deletes) as Document[] | undefined;
      const first = statements?.[0] ?? {};
      return {
        explainVersion: '1',
        ...explainQuery(coll, ns, { filter: asDocument(first.q), collation }, 'queryPlanner'),
        ...common,
      };
    }
    case 'findAndModify':
    case 'findandmodify':
      return {
        explainVersion: '1',
        ...explainQuery(
          coll,
          ns,
          {
            filter: asDocument(inner.query),
            sort: inner.sort ? asDocument(inner.sort) : undefined,
            limit: 1,
            collation,
          },
          'queryPlanner',
        ),
        ...common,
      };
    case 'aggregate': {
      const pipeline = Array.isArray(inner.pipeline) ? (inner.pipeline as Document[]) : [];
      const { shape, rest } = pipelineHead(pipeline);
      const planned = explainQuery(coll, ns, { ...shape, collation }, verbosity);
      if (rest.length === 0) return { explainVersion: '1', ...planned, ...common };
      const stages = rest.map((stage) =>
        '$lookup' in stage ? explainLookup(ctx.storage, ctx.db, stage) : stage,
      );
      return { explainVersion: '1', stages: [{ $cursor: planned }, ...stages], ...common };
    }
    default:
      throw new MongoCommandError('CommandNotFound', `Explain failed due to unknown command: ${name}`);
  }
};
