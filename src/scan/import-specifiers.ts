// The module specifiers a file's text names in imports, re-exports, require() and import(): a scan of the text,
// before any parse, that lets the cross-file pass analyse a module before the files that import it. A comment
// or a string that looks like an import only adds an ordering edge, or makes a file less quiet (src/scan/quiet-text.ts).

import { ownString } from "../own-string.js";

const SPECIFIER = /\b(?:from|import|require)\s*\(?\s*(["'])([^"'\n]{1,300})\1/g;

export function importSpecifiers(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(SPECIFIER)) found.add(ownString(m[2]!)); // kept for the run, not the file's text
  return [...found];
}

// `import type { A } from "./a"`, `export type { B } from "./b"`, `import type * as C from "./c"`, and
// `import { type A, type B } from "./a"`, whose every name is a type: compilers and bundlers drop it too (all but
// under `verbatimModuleSyntax`, which keeps an empty import of the module)
const TYPE_ONLY = /\b(?:import|export)\s+(?:type\s+(?:\{[^}]*\}|\*\s+as\s+[\w$]+|[\w$]+)|\{\s*type\s+[\w$]+(?:\s+as\s+[\w$]+)?(?:\s*,\s*type\s+[\w$]+(?:\s+as\s+[\w$]+)?)*\s*,?\s*\})\s*from\s*(["'])([^"'\n]{1,300})\1/g;

/** The specifiers of `specifiers` the text names only in type imports and exports: they bring no code along. */
export function typeOnlySpecifiers(text: string, specifiers: readonly string[]): string[] {
  if (!text.includes("type")) return [];
  const typeCounts = new Map<string, number>();
  for (const m of text.matchAll(TYPE_ONLY)) typeCounts.set(m[2]!, (typeCounts.get(m[2]!) ?? 0) + 1);
  if (typeCounts.size === 0) return [];
  const allCounts = new Map<string, number>();
  for (const m of text.matchAll(SPECIFIER)) if (typeCounts.has(m[2]!)) allCounts.set(m[2]!, (allCounts.get(m[2]!) ?? 0) + 1);
  return specifiers.filter((s) => typeCounts.has(s) && typeCounts.get(s) === allCounts.get(s));
}
