import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A `rapport <command>` process started from source, as `npm start` runs it after the build. */
export interface RapportProcess {
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
  /** Resolves once the app is ready (`worker`: its workers run); rejects if it exits first. */
  ready: Promise<void>;
  /** Resolves when the process has exited, however. */
  exited: Promise<void>;
}

const running = new Set<RapportProcess>();

/** `node core/src/main.ts <command>` with `env` on top of this process's, logging at info to see it ready. */
export function startRapport(command: 'serve' | 'worker', env: Record<string, string>): RapportProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'core/src/main.ts', command],
    { cwd: root, env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const marker = command === 'worker' ? '"msg":"worker running"' : 'Rapport is running at';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      if (output.includes(marker)) resolve();
    });
    child.stderr?.on('data', (chunk) => (output += chunk));
    void exited.then(() => reject(new Error(`rapport ${command} exited before it was ready:\n${output}`)));
  });
  // A caller that only awaits `exited` must not see an unhandled rejection.
  ready.catch(() => {});
  const started = { child, output: () => output, ready, exited };
  running.add(started);
  void exited.then(() => running.delete(started));
  return started;
}

/** SIGKILLs every process startRapport started that still runs: a failed test must leave none behind. */
export async function killAllRapport(): Promise<void> {
  const left = [...running];
  for (const { child } of left) child.kill('SIGKILL');
  await Promise.all(left.map((p) => p.exited));
}

/** A service URL with another path: a database name for MongoDB, a database index for Redis. */
export function withPath(uri: string, path: string): string {
  const url = new URL(uri);
  url.pathname = path;
  return url.toString();
}
