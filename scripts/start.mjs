#!/usr/bin/env node
// `npm start`: install what is missing, build what changed, then run the platform in this process.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

function run(command, args) {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(
      `\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}); Rapport was not started.`,
    );
    process.exit(1);
  }
}

if (!existsSync(`${root}/node_modules/.package-lock.json`)) run('npm', ['ci', '--no-audit', '--no-fund']);
run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
process.chdir(root);
await import('../core/dist/main.js');
