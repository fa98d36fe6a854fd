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
