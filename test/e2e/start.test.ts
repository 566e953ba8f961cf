import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startPrivateRedis } from '@rapport/core';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDirs: string[] = [];
const children: ChildProcess[] = [];

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `rapport serve` as a real process, from source, as `npm start` runs it after the build. */
function serve(env: Record<string, string>): Running {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'core/src/main.ts', 'serve'],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitReady(port: number, running: Running): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) throw new Error(`rapport exited early:\n${running.output()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`rapport was not ready within 60 s:\n${running.output()}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function newDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-start-'));
  dataDirs.push(dir);
  return dir;
}

afterAll(() => {
  // A failed assertion must not leave a server (and its redis-server) running.
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('rapport serve', () => {
  it('starts with embedded MongoDB and a private Redis, signs in the first admin, and leaves no redis-server after Ctrl-C', async () => {
    const port = await freePort();
    const dataDir = newDataDir();
    const env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_EMAIL: 'first@admin.test',
      ADMIN_PASSWORD: 'First-Admin-123',
    };
    const running = serve(env);
    await waitReady(port, running);
    expect(running.output()).toContain(`Rapport is running at http://127.0.0.1:${port}/`);
    expect(running.output()).toMatch(/platform_admin\s+first@admin\.test/);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'first@admin.test', password: 'First-Admin-123' }),
    });
    expect(login.status).toBe(200);
    const redisPid = Number(readFileSync(path.join(dataDir, 'redis', 'redis.pid'), 'utf8'));
    expect(isAlive(redisPid)).toBe(true);

    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(isAlive(redisPid)).toBe(false);
    expect(existsSync(path.join(dataDir, 'mongo'))).toBe(true);

    // The data survives a restart: same admin, no second first-start.
    const again = serve(env);
    await waitReady(port, again);
    expect(again.output()).not.toContain('First start');
    const relogin = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'first@admin.test', password: 'First-Admin-123' }),
    });
    expect(relogin.status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 120_000);

  it('refuses a bad setting with a message naming the variable', async () => {
    const running = serve({ PORT: 'eighty', DATA_DIR: newDataDir() });
    expect(await running.exited).toBe(1);
    expect(running.output()).toContain(
      'Rapport cannot start: PORT must be an integer from 0 to 65535 (got "eighty")',
    );
  }, 60_000);

  it('refuses a REDIS_URL whose Redis may evict keys', async () => {
    const redis = await startPrivateRedis();
    const client = new Redis(redis.url);
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    client.disconnect();
    const running = serve({ PORT: String(await freePort()), DATA_DIR: newDataDir(), REDIS_URL: redis.url });
    expect(await running.exited).toBe(1);
    expect(running.output()).toContain('maxmemory-policy is "allkeys-lru"');
    await redis.stop();
  }, 60_000);

  it('says how to get redis-server when it is not installed', async () => {
    // A PATH that has node and nothing else.
    const bin = newDataDir();
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const running = serve({ PORT: String(await freePort()), DATA_DIR: newDataDir(), PATH: bin });
    expect(await running.exited).toBe(1);
    expect(running.output()).toContain('apt-get install redis-server');
  }, 60_000);
});
