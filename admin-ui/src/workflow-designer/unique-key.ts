/** `base` if free, else `base-2`, `base-3`…, kept within the 64 characters a key may have. */
export function uniqueKey(base: string, taken: ReadonlySet<string>): string {
  const stem = base.slice(0, 64);
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${stem.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
