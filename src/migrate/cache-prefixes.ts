// The cache prefixes code already uses: what keeps two wrapped functions from ever sharing cache entries.

const CACHED_PREFIX = /\bcached\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/g;

/** The prefixes of the `cached("…", …)` calls a text already makes (wrappers written by an earlier run). */
export function existingPrefixes(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(CACHED_PREFIX)) found.push(match[1] ?? match[2]!);
  return found;
}
