import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fmt, goals, log, notes, rows } from './measure.bench.js';

// The report: the table of rows, the notes and one line per goal, printed and, with --write, kept in BENCH.md.

/** Prints the report of a bench begun at `started` (performance.now()); writes it to `file` when given. */
export function report(started: number, file?: URL): void {
  const met = goals.filter((g) => g.met).length;
  const totalS = (performance.now() - started) / 1000;
  const table = [
    '| operation | ops | ops/s | µs/op | limit (same run) |',
    '|---|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.operation} | ${r.ops} | ${fmt(r.opsPerSec)} | ${r.usPerOp.toFixed(1)} | ${r.limit ?? ''} |`,
    ),
  ];
  const goalLines = goals.map((g) => `- ${g.met ? 'MET    ' : 'MISSED '} ${g.goal}: ${g.detail}`);
  const summary = `goals met: ${met}/${goals.length}`;
  const report = [...table, '', ...notes.map((n) => `- ${n}`), '', ...goalLines, '', summary].join('\n');
  console.log(`\n${report}\n(total ${totalS.toFixed(0)} s)`);

  if (file) {
    writeFileSync(
      file,
      `# embedded-mongo benchmark

One run of \`npm run bench -w @rapport/embedded-mongo -- --write\` on ${new Date().toISOString().slice(0, 10)}
(Node ${process.version}, ${cpus().length} cores, ${totalS.toFixed(0)} s). Every figure goes
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
}
