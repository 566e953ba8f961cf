import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@rapport/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const compose = parse(readFileSync(`${root}/docker-compose.yml`, 'utf8'));
const dockerfile = readFileSync(`${root}/Dockerfile`, 'utf8');

/** The environment compose would give a service, with `${VAR:?…}` / `${VAR:-default}` filled as an operator would. */
function environmentOf(service: string): Record<string, string> {
  const given: Record<string, string> = {
    SESSION_SECRET: 'x'.repeat(40),
    ADMIN_PASSWORD: 'Operator-Password-1',
  };
  return Object.fromEntries(
    Object.entries(compose.services[service].environment as Record<string, string>).map(([k, v]) => [
      k,
      String(v).replace(
        /\$\{(\w+)(?::[-?]([^}]*))?\}/g,
        (_m, name: string, fallback: string) => given[name] ?? fallback ?? '',
      ),
    ]),
  );
}

describe('docker-compose.yml', () => {
  it('defines MongoDB, Redis, the API and a worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mongo', 'redis', 'worker']);
  });

  it('runs the API with `serve` and the worker with `worker`, from the one image', () => {
    expect(compose.services.api.command).toEqual(['serve']);
    expect(compose.services.worker.command).toEqual(['worker']);
    expect(compose.services.api.build).toBe('.');
    expect(compose.services.worker.build).toBe('.');
    expect(dockerfile).toContain('ENTRYPOINT ["node", "core/dist/main.js"]');
  });

  it('gives API and worker a configuration that Rapport accepts, pointing at the compose services', () => {
    for (const service of ['api', 'worker']) {
      const config = loadConfig(environmentOf(service));
      expect(new URL(config.mongodbUri ?? '').host).toBe('mongo:27017');
      expect(new URL(config.redisUrl ?? '').host).toBe('redis:6379');
      expect(config.host).toBe('0.0.0.0');
    }
  });

  it('runs MongoDB as the replica set the URI names, and Redis with AOF and noeviction', () => {
    const uri = new URL(environmentOf('api').MONGODB_URI ?? '');
    const mongoArgs: string[] = compose.services.mongo.command;
    expect(mongoArgs[mongoArgs.indexOf('--replSet') + 1]).toBe(uri.searchParams.get('replicaSet'));
    expect(JSON.stringify(compose.services.mongo.healthcheck.test)).toContain("host: 'mongo:27017'");
    const redisArgs: string[] = compose.services.redis.command;
    expect(redisArgs[redisArgs.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    expect(redisArgs[redisArgs.indexOf('--appendonly') + 1]).toBe('yes');
  });

  it('publishes the port the API listens on and checks its readiness', () => {
    const port = environmentOf('api').PORT;
    expect(compose.services.api.ports).toEqual([`${port}:${port}`]);
    expect(compose.services.api.healthcheck.test.join(' ')).toContain(`127.0.0.1:${port}/ready`);
  });

  it('keeps data in named volumes', () => {
    expect(Object.keys(compose.volumes).sort()).toEqual(['mongo-data', 'redis-data']);
  });
});
