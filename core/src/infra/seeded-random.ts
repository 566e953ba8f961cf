import { createHash } from 'node:crypto';

/**
 * A reproducible cryptographic generator: SHA-256 in counter mode over a seed. Whoever holds the
 * seed can recompute every draw, and nobody can steer the draws without choosing the seed.
 */
export class SeededRandom {
  private counter = 0;
  private buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly seed: Buffer) {}

  private nextUint32(): number {
    if (this.offset + 4 > this.buffer.length) {
      const block = Buffer.alloc(8);
      block.writeBigUInt64BE(BigInt(this.counter++));
      this.buffer = createHash('sha256').update(this.seed).update(block).digest();
      this.offset = 0;
    }
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** A uniform integer in [0, n), without modulo bias (rejection sampling). */
  below(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`below(${n})`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const value = this.nextUint32();
      if (value < limit) return value % n;
    }
  }
}

/**
 * `n` items drawn without replacement by a partial Fisher–Yates shuffle driven by `random`, in the
 * order drawn. The same generator state and the same items in the same order give the same draw.
 */
export function sampleWith<T>(random: SeededRandom, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const take = Math.min(n, pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + random.below(pool.length - i);
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, take);
}

/** `n` items drawn without replacement with a fresh generator on `seed`. */
export function seededSample<T>(items: readonly T[], n: number, seed: Buffer): T[] {
  return sampleWith(new SeededRandom(seed), items, n);
}
