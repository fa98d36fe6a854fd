// Runs the detectors on a snippet, as `assess` does on a file.
import { buildCatalog } from "../../src/detect/catalog-index.js";
import { detectFile } from "../../src/detect/detect-file.js";
import { parseSource } from "../../src/scan/parse.js";
import type { Finding } from "../../src/findings.js";

const catalog = buildCatalog({ "@acme/http": "api", "@acme/store": "db" });

export function detect(code: string, fileName = "snippet.ts"): Finding[] {
  const { sourceFile, syntaxErrors } = parseSource(fileName, code);
  if (syntaxErrors.length) throw new Error(`snippet does not parse: ${syntaxErrors[0]}`);
  return detectFile(sourceFile, { fileLabel: fileName, catalog }).findings;
}

/** A finding as the tables write it: "kind line library operation" or "sequential-await line loop-kind". */
export function brief(f: Finding): string {
  if (f.kind === "sequential-await") return `${f.kind} ${f.line} ${f.loop?.kind}`;
  return `${f.kind} ${f.line} ${f.library} ${f.operation}`;
}
