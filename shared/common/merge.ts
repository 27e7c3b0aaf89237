/** Merges a key/value patch into a map: a null value removes the key, any other value sets it. */
export function mergeKeys<T>(current: Record<string, T>, patch: Record<string, T | null>): Record<string, T> {
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}
