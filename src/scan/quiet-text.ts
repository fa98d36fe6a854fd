// A file whose text names nothing any analysis starts from needs no parse. Every finding begins at an `await`
// or `async` (sequential awaits), a catalog library's import or global (api-call, db-query), or a project module
// that exports such a client (decided by src/scan/cross-file.ts); the tables a file writes may also come from
// the fallback's method names (`User.create(…)`, src/analysis/external-calls.ts). A file with none of these in
// its text, even in a comment, is no different after a parse: no findings, no exports, no writes, and no changed
// results (src/analysis/cache-result-changed.ts: they start at an `await`).
import type { Catalog } from "../detect/evaluate.js";
import { FALLBACK_WRITE_NAMES } from "../analysis/external-calls.js";

// `.then(` too: a caller that changes a result in a then-callback (src/analysis/cache-result-changed.ts)
const ASYNC = /\b(?:await|async)\b|\.then\s*\(/;
// a module loaded by a name the import scan cannot read (`require(name)`, `import(path)`, `const r = require`)
const DYNAMIC_LOAD = /\brequire\b(?!\s*\(\s*["'])|\bimport\s*\(\s*(?!["'\s])/;
const FALLBACK_WRITE = new RegExp(`\\.\\s*(?:${[...FALLBACK_WRITE_NAMES].join("|")})\\s*(?:\\?\\.\\s*)?[(<]`);

const globalNames = new WeakMap<Catalog, RegExp | null>();
function globalsPattern(catalog: Catalog): RegExp | null {
  let pattern = globalNames.get(catalog);
  if (pattern === undefined) {
    const names = [...catalog.globals.keys()].map((name) => name.replace(/[$]/g, "\\$"));
    pattern = names.length ? new RegExp(`(?<![\\w$])(?:${names.join("|")})(?![\\w$])`) : null;
    globalNames.set(catalog, pattern);
  }
  return pattern;
}

/**
 * True when the text (with the specifiers of its imports, src/scan/import-specifiers.ts) shows none of what an
 * analysis starts from, apart from project modules: those the caller checks.
 */
export function isQuietText(text: string, specifiers: readonly string[], catalog: Catalog): boolean {
  if (ASYNC.test(text) || DYNAMIC_LOAD.test(text) || FALLBACK_WRITE.test(text)) return false;
  if (globalsPattern(catalog)?.test(text)) return false;
  return !specifiers.some((specifier) => catalog.entryFor(specifier));
}
