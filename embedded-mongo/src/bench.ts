// The benchmark of issue 12: every operation through the official driver beside its limit measured in
// the same run (the driver's `ping` round trip, raw better-sqlite3 doing the same SQLite work), and one
// line per goal. Numbers are noisy on a small machine, so goals compare figures of the same run.
//
//   npm run bench -w @rapport/embedded-mongo             print the table
//   npm run bench -w @rapport/embedded-mongo -- --write  also write BENCH.md
//
// Exits 0 even when a goal is missed: it is a report.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BSON, type Collection, type Document, Long, MongoClient, ObjectId } from 'mongodb';
import { helloReply } from './commands/handshake.js';
import { type EmbeddedMongo, startEmbeddedMongo, startEmbeddedMongoThread } from './index.js';
import { encodeOpMsg, encodeOpReply, MessageFramer, OP_MSG, parseMessage } from './wire.js';

const WRITE = process.argv.includes('--write');
const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000);
const SMALL = 10_000;
const INSTITUTIONS = 50;
const STATES = ['draft', 'submitted', 'review', 'approved', 'rejected'] as const;

interface Row {
  operation: string;
  ops: string;
  opsPerSec: number;
  usPerOp: number;
  limit?: string;
}
const rows: Row[] = [];
const notes: string[] = [];
const goals: { goal: string; met: boolean; detail: string }[] = [];

const log = (line: string) => process.stderr.write(`${line}\n`);
const note = (line: string) => {
  notes.push(line);
  log(line);
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (n: number) => `${n.toFixed(2)}×`;

/**
 * One measured operation: `ops` calls of `fn(i)` by `workers` concurrent loops (1: sequential) after
 * `warmup` calls made the same way. Measured in ROUNDS interleaved with the figures it is compared
 * to, so that load from elsewhere on the machine hits both; the median round is reported.
 */
interface Measure {
  operation: string;
  ops: number;
  warmup: number;
  workers?: number;
  fn: (i: number) => unknown;
  limit?: () => string;
  /** Run before each round's warm-up. */
  setup?: () => void;
  ms: number[];
  row?: Row;
}
const ROUNDS = 5;
let calls = 0;

function measure(
  operation: string,
  ops: number,
  fn: (i: number) => unknown,
  options: Partial<Measure> = {},
): Measure {
  return { operation, ops, warmup: Math.ceil(ops / 10), fn, ms: [], ...options };
}

async function runOnce(m: Measure): Promise<void> {
  const run = async (count: number) => {
    const end = calls + count;
    const workers = m.workers ?? 1;
    if (workers === 1) {
      while (calls < end) {
        const out = m.fn(calls++);
        if (out instanceof Promise) await out;
      }
      return;
    }
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (calls < end) await m.fn(calls++);
      }),
    );
  };
  m.setup?.();
  await run(m.warmup);
  const started = performance.now();
  await run(m.ops);
  m.ms.push(performance.now() - started);
}

/** Runs `measures` in ROUNDS interleaved rounds and records each one's median round. */
async function rounds(...measures: Measure[]): Promise<void> {
  // A first round, not counted, warms every measure up (JIT, caches, the GC after loading).
  for (let r = 0; r <= ROUNDS; r++) for (const m of measures) await runOnce(m);
  for (const m of measures) {
    m.ms.shift();
    const ms = [...m.ms].sort((a, b) => a - b)[Math.floor(m.ms.length / 2)] ?? Number.NaN;
    m.row = {
      operation: m.operation,
      ops: `${m.ms.length} × ${fmt(m.ops)}`,
      opsPerSec: (m.ops / ms) * 1000,
      usPerOp: (ms * 1000) / m.ops,
    };
    rows.push(m.row);
  }
  for (const m of measures) {
    if (m.row && m.limit) m.row.limit = m.limit();
    const r = m.row as Row;
    log(
      `  ${r.operation}: ${fmt(r.opsPerSec)} ops/s, ${r.usPerOp.toFixed(1)} µs/op (rounds: ${m.ms.map((t) => fmt((m.ops / t) * 1000)).join(', ')} ops/s)`,
    );
  }
}
const rate = (m: Measure) => (m.row as Row).opsPerSec;
const us = (m: Measure) => (m.row as Row).usPerOp;

function goal(name: string, met: boolean, detail: string): void {
  goals.push({ goal: name, met, detail });
}

// --- the documents -------------------------------------------------------------------------------

const DAY = 86_400_000;
const EPOCH = Date.UTC(2025, 0, 1);
/** A task-like document: spread evenly over INSTITUTIONS × STATES, dueAt scattered over a year. */
const task = (i: number) => ({
  _id: new ObjectId(),
  email: `user${i}@example.com`,
  institutionId: `inst-${i % INSTITUTIONS}`,
  state: STATES[Math.floor(i / INSTITUTIONS) % STATES.length],
  dueAt: new Date(EPOCH + ((i * 7919) % 365) * DAY + (i % 86_400) * 1000),
  title: `Task ${i}`,
  score: i % 100,
});
const taskQuery = (i: number) => ({
  institutionId: `inst-${(i * 7) % INSTITUTIONS}`,
  state: STATES[(i * 3) % STATES.length],
});

async function load(coll: Collection, count: number, batch: number): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < count; from += batch) {
    const docs = Array.from({ length: Math.min(batch, count - from) }, (_, k) => task(from + k));
    await coll.insertMany(docs, { ordered: false });
  }
  return performance.now() - started;
}

/** The stage names of a winning plan, outermost first. */
function stages(plan: Document | undefined): string[] {
  const out: string[] = [];
  for (let stage = plan; stage; stage = stage.inputStage as Document | undefined) {
    out.push(stage.indexName ? `${stage.stage}(${stage.indexName})` : String(stage.stage));
    if (Array.isArray(stage.inputStages))
      out.push(`[${(stage.inputStages as Document[]).map((s) => stages(s).join('>')).join(', ')}]`);
  }
  return out;
}

// --- raw better-sqlite3: the same SQLite work in the same process -------------------------------

/** The documents table of storage.ts, in a database of its own; BSON bodies made before timing. */
function rawSqlite(dir: string) {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE documents (rid INTEGER PRIMARY KEY, coll INTEGER NOT NULL, idkey BLOB NOT NULL, body BLOB NOT NULL);
    CREATE UNIQUE INDEX documents_by_id ON documents (coll, idkey);
    CREATE INDEX documents_by_coll ON documents (coll);`);
  const insert = db.prepare('INSERT INTO documents (coll, idkey, body) VALUES (1, ?, ?)');
  const select = db.prepare('SELECT body FROM documents WHERE coll = 1 AND idkey = ?').pluck();
  const bodies = Array.from({ length: 1000 }, (_, i) => BSON.serialize(task(i)));
  // Outside an explicit transaction each INSERT is its own (autocommit) transaction.
  const one = (i: number) => insert.run(new ObjectId().id, bodies[i % bodies.length]);
  const synchronous = (mode: 'NORMAL' | 'FULL') => () => db.pragma(`synchronous = ${mode}`);
  // The point reads read 10,000 rows written up front in one transaction.
  db.transaction(() => {
    for (let i = 0; i < SMALL; i++) one(i);
  })();
  const keys = db.prepare('SELECT idkey FROM documents').pluck().all() as Buffer[];
  return {
    normal: measure('raw SQLite insert, 1 row/txn, synchronous=NORMAL', 5000, one, {
      setup: synchronous('NORMAL'),
    }),
    full: measure('raw SQLite insert, 1 row/txn, synchronous=FULL (fsync)', 100, one, {
      warmup: 10,
      setup: synchronous('FULL'),
    }),
    read: measure('raw SQLite point read (body by key, 10k rows)', 20_000, (i) =>
      select.get(keys[(i * 7919) % keys.length]),
    ),
    close: () => db.close(),
  };
}

// --- the driver's own cost: a server that answers every command from memory ----------------------

/**
 * Answers `hello` as the store does, `find` with `limit` copies of one document (one without a limit)
 * and anything else with `{ok: 1}`,
 * doing no other work: what `findOne` costs here is the driver's and the socket's share, the floor
 * under any server's findOne on this machine.
 */
async function startCannedServer(doc: Document): Promise<{ uri: string; server: Server }> {
  let requestId = 1;
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    const framer = new MessageFramer();
    socket.on('data', (chunk: Buffer) => {
      for (const message of framer.push(chunk)) {
        const request = parseMessage(message);
        if (request.opCode !== OP_MSG) {
          socket.write(
            encodeOpReply(helloReply({ body: {}, connectionId: 1 }, true), requestId++, request.requestId),
          );
          continue;
        }
        const name = Object.keys(request.body)[0];
        const reply =
          name === 'hello' || name === 'isMaster'
            ? helloReply({ body: request.body, connectionId: 1 }, false)
            : name === 'find'
              ? {
                  cursor: {
                    firstBatch: Array.from({ length: Math.abs(Number(request.body.limit)) || 1 }, () => doc),
                    id: Long.ZERO,
                    ns: `bench.${request.body.find}`,
                  },
                  ok: 1,
                }
              : { ok: 1 };
        socket.write(encodeOpMsg(reply, requestId++, request.requestId));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { uri: `mongodb://127.0.0.1:${port}/?directConnection=true`, server };
}

// --- the run ---------------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-bench-'));
const benchStarted = performance.now();
let server: EmbeddedMongo;
let mode: string;
try {
  server = await startEmbeddedMongoThread({ dbPath: join(dir, 'store'), log: () => {} });
  mode = 'startEmbeddedMongoThread (store in a worker thread)';
} catch (err) {
  log(`startEmbeddedMongoThread failed (${(err as Error).message}); using the in-process server`);
  server = await startEmbeddedMongo({ dbPath: join(dir, 'store'), log: () => {} });
  mode = 'startEmbeddedMongo (store in the bench process)';
}
note(
  `server: ${mode}; on-disk store in a temp dir; each figure is the median of ${ROUNDS} interleaved rounds after one not counted`,
);
const client = new MongoClient(server.uri, { maxPoolSize: 64 });
await client.connect();
const db = client.db('bench');
const raw = rawSqlite(join(dir, 'raw'));

try {
  log('loading');
  const small = db.collection('tasks_10k');
  await small.createIndex({ email: 1 }, { unique: true });
  await small.createIndex({ institutionId: 1, state: 1, dueAt: 1 });
  await load(small, SMALL, 5000);
  const large = db.collection(`tasks_${LARGE}`);
  await large.createIndex({ institutionId: 1, state: 1, dueAt: 1 });
  const loadMs = await load(large, LARGE, 10_000);
  note(
    `loaded ${fmt(LARGE)} docs with insertMany (batches of 10,000, compound index in place) in ${(loadMs / 1000).toFixed(1)} s = ${fmt((LARGE / loadMs) * 1000)} docs/s`,
  );
  const ids = (await small.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
  const largeIds = (
    await large
      .find({}, { projection: { _id: 1 } })
      .limit(SMALL)
      .toArray()
  ).map((d) => d._id);

  log('reads');
  const page = (coll: Collection) => (i: number) =>
    coll.find(taskQuery(i)).sort({ dueAt: 1 }).limit(20).toArray();
  const ping = measure('ping (driver round trip)', 1000, () => db.command({ ping: 1 }));
  const pingLimit = () => `≥ 0.8 × ping = ${fmt(0.8 * rate(ping))} ops/s`;
  const byId = measure(
    'findOne by _id (10k docs)',
    1000,
    (i) => small.findOne({ _id: ids[(i * 7919) % ids.length] }),
    {
      limit: pingLimit,
    },
  );
  const byEmail = measure(
    'findOne by unique email (10k docs)',
    1000,
    (i) => small.findOne({ email: `user${(i * 7919) % SMALL}@example.com` }),
    { limit: pingLimit },
  );
  const pageLimit = () => `≤ 2 × findOne _id = ${(2 * us(byId)).toFixed(0)} µs`;
  const page10k = measure('find {institutionId, state} sort dueAt limit 20 (10k docs)', 500, page(small), {
    limit: pageLimit,
  });
  const byIdLarge = measure(`findOne by _id (${fmt(LARGE)} docs)`, 1000, (i) =>
    large.findOne({ _id: largeIds[(i * 7919) % largeIds.length] }),
  );
  const pageLarge = measure(
    `find {institutionId, state} sort dueAt limit 20 (${fmt(LARGE)} docs)`,
    500,
    page(large),
    {
      limit: () => `${pageLimit()}; ≤ 2 × 10k = ${(2 * us(page10k)).toFixed(0)} µs`,
    },
  );
  const page1 = measure('same query, limit 1 (10k docs): the cost of 19 more documents', 500, (i) =>
    small.find(taskQuery(i)).sort({ dueAt: 1 }).limit(1).toArray(),
  );
  const canned = await startCannedServer(task(0));
  const cannedClient = new MongoClient(canned.uri);
  await cannedClient.connect();
  const cannedDb = cannedClient.db('bench');
  const floorPing = measure('ping, server answering from memory', 1000, () => cannedDb.command({ ping: 1 }));
  const floorFindOne = measure('findOne, server answering from memory (the driver floor)', 1000, () =>
    cannedDb.collection('tasks').findOne({ _id: ids[0] }),
  );
  const floorPage = measure('find … limit 20, server answering from memory (the driver floor)', 500, (i) =>
    cannedDb.collection('tasks').find(taskQuery(i)).sort({ dueAt: 1 }).limit(20).toArray(),
  );
  try {
    await rounds(
      raw.read,
      ping,
      byId,
      byEmail,
      floorPing,
      floorFindOne,
      floorPage,
      page10k,
      page1,
      byIdLarge,
      pageLarge,
    );
  } finally {
    await cannedClient.close();
    canned.server.close();
  }
  note(
    `the server's share of a findOne by _id: ${(us(byId) - us(floorFindOne)).toFixed(0)} µs (findOne − driver floor), of a ping: ${(us(ping) - us(floorPing)).toFixed(0)} µs`,
  );

  const plan = async (coll: Collection) => {
    const explained = await coll.find(taskQuery(1)).sort({ dueAt: 1 }).limit(20).explain('executionStats');
    const stats = explained.executionStats ?? {};
    note(
      `explain of the page query (${coll.collectionName}): ${stages(explained.queryPlanner?.winningPlan).join(' > ')}; keysExamined ${stats.totalKeysExamined}, docsExamined ${stats.totalDocsExamined}, nReturned ${stats.nReturned}`,
    );
    return stages(explained.queryPlanner?.winningPlan);
  };
  const plan10k = await plan(small);
  const planLarge = await plan(large);

  log('writes');
  const inserts = db.collection('inserts');
  await inserts.insertOne({ warm: true });
  const j = { writeConcern: { j: true } };
  const seqJ = measure('insertOne j:true, sequential', 100, (i) => inserts.insertOne(task(i), j), {
    warmup: 20,
    limit: () => `raw fsync'd insert: ${fmt(rate(raw.full))} ops/s`,
  });
  const conJ = measure('insertOne j:true, 50 concurrent', 2000, (i) => inserts.insertOne(task(i), j), {
    workers: 50,
    limit: () => `≥ 5 × sequential j:true = ${fmt(5 * rate(seqJ))} ops/s`,
  });
  const con = measure(
    'insertOne, 50 concurrent (default write concern)',
    5000,
    (i) => inserts.insertOne(task(i)),
    {
      workers: 50,
      limit: () => `≥ 0.3 × raw NORMAL = ${fmt(0.3 * rate(raw.normal))} ops/s`,
    },
  );
  const seq = measure('insertOne, sequential (default write concern)', 1000, (i) =>
    inserts.insertOne(task(i)),
  );
  const pingCon = measure(
    'ping, 50 concurrent (driver ceiling for the above)',
    5000,
    () => db.command({ ping: 1 }),
    {
      workers: 50,
    },
  );
  await rounds(raw.normal, raw.full, seqJ, conJ, con, seq, pingCon);

  const floor = `the driver alone, against a server answering from memory, reaches ${ratio(rate(floorFindOne) / rate(floorPing))} its ping rate`;
  goal(
    'findOne by _id ≥ 0.8 × ping',
    rate(byId) >= 0.8 * rate(ping),
    `${ratio(rate(byId) / rate(ping))} the ping rate (${floor})`,
  );
  goal(
    'findOne by unique field ≥ 0.8 × ping',
    rate(byEmail) >= 0.8 * rate(ping),
    `${ratio(rate(byEmail) / rate(ping))} the ping rate`,
  );
  const ixscan = (p: string[]) => p.some((s) => s.startsWith('IXSCAN(')) && !p.includes('SORT');
  goal(
    'page query: explain shows IXSCAN and no in-memory SORT',
    ixscan(plan10k) && ixscan(planLarge),
    `${plan10k.join('>')} / ${planLarge.join('>')}`,
  );
  const pageFloor = `the driver alone, against a server answering from memory, takes ${ratio(us(floorPage) / us(floorFindOne))} its findOne time for 20 documents`;
  goal(
    'page query (10k) within 2 × findOne _id',
    us(page10k) <= 2 * us(byId),
    `${ratio(us(page10k) / us(byId))} the time of findOne _id (${pageFloor})`,
  );
  goal(
    `page query (${fmt(LARGE)}) within 2 × findOne _id`,
    us(pageLarge) <= 2 * us(byId),
    `${ratio(us(pageLarge) / us(byId))} the time of findOne _id`,
  );
  goal(
    `page query flat: ${fmt(LARGE)} within 2 × 10k`,
    us(pageLarge) <= 2 * us(page10k),
    `${ratio(us(pageLarge) / us(page10k))} the 10k time`,
  );
  goal(
    '50 concurrent insertOne j:true ≥ 5 × sequential j:true',
    rate(conJ) >= 5 * rate(seqJ),
    `${ratio(rate(conJ) / rate(seqJ))} sequential j:true`,
  );
  goal(
    '50 concurrent insertOne ≥ 0.3 × raw SQLite NORMAL inserts',
    rate(con) >= 0.3 * rate(raw.normal),
    `${ratio(rate(con) / rate(raw.normal))} raw NORMAL (50 concurrent pings: ${ratio(rate(pingCon) / rate(raw.normal))})`,
  );
} finally {
  raw.close();
  await client.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

// --- the report ------------------------------------------------------------------------------------

const met = goals.filter((g) => g.met).length;
const totalS = (performance.now() - benchStarted) / 1000;
const table = [
  '| operation | ops | ops/s | µs/op | limit (same run) |',
  '|---|---:|---:|---:|---|',
  ...rows.map(
    (r) => `| ${r.operation} | ${r.ops} | ${fmt(r.opsPerSec)} | ${r.usPerOp.toFixed(1)} | ${r.limit ?? ''} |`,
  ),
];
const goalLines = goals.map((g) => `- ${g.met ? 'MET    ' : 'MISSED '} ${g.goal}: ${g.detail}`);
const summary = `goals met: ${met}/${goals.length}`;
const report = [...table, '', ...notes.map((n) => `- ${n}`), '', ...goalLines, '', summary].join('\n');
console.log(`\n${report}\n(total ${totalS.toFixed(0)} s)`);

if (WRITE) {
  const file = new URL('../BENCH.md', import.meta.url);
  writeFileSync(
    file,
    `# embedded-mongo benchmark

One run of \`npm run bench -w @rapport/embedded-mongo -- --write\` on ${new Date().toISOString().slice(0, 10)}
(Node ${process.version}, ${(await import('node:os')).cpus().length} cores, ${totalS.toFixed(0)} s). Every figure goes
through the official \`mongodb\` driver against an on-disk store, except the raw better-sqlite3 rows, which
do the same SQLite work in the same process; goals compare figures of the same run (issue 12).

The rows "server answering from memory" measure the driver against a server that does no work (in the
bench's own thread): no server can beat them on this machine. Where a read goal is missed, compare
with them: the driver's own share of a \`findOne\` and of 20 decoded documents is most of the cost.

${report}
`,
  );
  log(`wrote ${file.pathname}`);
}
