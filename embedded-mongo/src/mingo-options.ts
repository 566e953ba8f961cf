import type { Options } from 'mingo/types';

/** Shared mingo options: server-side JavaScript ($where, $function, $accumulator) is disabled. */
export function mingoOptions(extra: Partial<Options> = {}): Partial<Options> {
  return { idKey: '_id', scriptEnabled: false, ...extra };
}
