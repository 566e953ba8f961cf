import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { assertNoEviction, RedisServerMissingError, startPrivateRedis } from './redis-server.js';

describe('private redis-server', () => {
  it('starts with noeviction and an append-only file in its folder, and is gone after stop', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rapport-redis-'));
    const redis = await startPrivateRedis({ dir });
    const client = new Redis(redis.url);
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    await client.set('k', 'v');
    client.disconnect();
    await expect(assertNoEviction(redis.url)).resolves.toBeUndefined();
    await redis.stop();
    expect(readdirSync(dir)).toContain('appendonlydir');
    const probe = new Redis(redis.url, {
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    probe.on('error', () => {});
    await expect(probe.connect()).rejects.toThrow();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a Redis that may evict keys', async () => {
    const redis = await startPrivateRedis();
    const client = new Redis(redis.url);
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    client.disconnect();
    await expect(assertNoEviction(redis.url)).rejects.toThrow(
      /maxmemory-policy is "allkeys-lru".*noeviction/,
    );
    await redis.stop();
  });

  it('says how to install redis-server when it is missing', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startPrivateRedis()).rejects.toThrow(RedisServerMissingError);
      await expect(startPrivateRedis()).rejects.toThrow(/apt-get install redis-server.*brew install redis/);
    } finally {
      process.env.PATH = saved;
    }
  });
});
