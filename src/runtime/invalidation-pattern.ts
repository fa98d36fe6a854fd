// Invalidation patterns: `*` (any run of characters) and `?` (one character); every other character, `[` and
// `]` included, stands for itself — cache keys are full of brackets. One pattern means the same thing for the
// in-memory tier as for Redis SCAN MATCH.

export function isPattern(s: string): boolean {
  return s.includes("*") || s.includes("?");
}

export function patternToRegExp(pattern: string): RegExp {
  let re = "^";
  for (const c of pattern) {
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(re + "$");
}

/** The same pattern in Redis MATCH syntax (brackets and backslashes escaped so they match literally). */
export function patternToRedisMatch(pattern: string): string {
  return pattern.replace(/[[\]\\]/g, "\\$&");
}
