// Reads, parses and runs the detectors on one file. Used in-process and inside worker threads.
import { readFileSync } from "node:fs";
import type { Finding } from "../findings.js";
import type { Catalog, LocalModuleTest, PortableValue } from "../detect/evaluate.js";
import { detectFile } from "../detect/detect-file.js";
import { summarizeExports, type ExportsSummary } from "../detect/exports-summary.js";
import { displayPath } from "./discover.js";
import { createImportResolver, type ImportResolverFactory } from "../analysis/import-resolver.js";

// one resolver (and its cache of parsed helper files) per catalog, that is per run and worker
const importResolvers = new WeakMap<Catalog, ImportResolverFactory>();
function importResolverFor(catalog: Catalog): ImportResolverFactory {
  let factory = importResolvers.get(catalog);
  if (!factory) importResolvers.set(catalog, (factory = createImportResolver(catalog)));
  return factory;
}
import { parseSource } from "./parse.js";

/** What one file should know about its local imports: [specifier, export name, value]. */
export type ImportedValues = [string, string, PortableValue][];

export interface FileTask {
  file: string;
  imports?: ImportedValues;
  /** false: skip the safety verdicts of sequential-await findings (migrate's pre-pass only needs the exports). */
  verdicts?: boolean;
}

export type FileOutcome =
  | {
      file: string;
      status: "scanned";
      findings: Finding[];
      exports: ExportsSummary;
      /** Local imports ([specifier, name]) whose values this analysis did not know. */
      unresolvedImports: [string, string][];
    }
  | { file: string; status: "skipped"; reason: string }
  | { file: string; status: "failed"; message: string };

/** Larger files are generated or bundled code nobody migrates by hand. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

function looksMinified(text: string): boolean {
  if (text.length < 20_000) return false;
  const lines = text.split("\n", 50);
  return lines.some((line) => line.length > 5_000);
}

function importMap(imports: ImportedValues | undefined): Map<string, Map<string, PortableValue>> {
  const map = new Map<string, Map<string, PortableValue>>();
  for (const [specifier, name, value] of imports ?? []) {
    let names = map.get(specifier);
    if (!names) map.set(specifier, (names = new Map()));
    names.set(name, value);
  }
  return map;
}

export async function analyzeFile(task: FileTask, root: string, catalog: Catalog, isLocalModule: LocalModuleTest): Promise<FileOutcome> {
  const absPath = task.file;
  const file = displayPath(root, absPath);
  let text: string;
  try {
    // Synchronous reads: one file at a time either way, and an awaited read costs more than the read.
    text = readFileSync(absPath, "utf8");
  } catch (error) {
    return { file, status: "failed", message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  if (text.length > MAX_FILE_BYTES) return { file, status: "skipped", reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` };
  if (looksMinified(text)) return { file, status: "skipped", reason: "minified or generated (very long lines)" };
  const { sourceFile, syntaxErrors } = parseSource(absPath, text);
  if (syntaxErrors.length) {
    const more = syntaxErrors.length > 1 ? ` (and ${syntaxErrors.length - 1} more)` : "";
    return { file, status: "failed", message: `syntax error at ${syntaxErrors[0]}${more}` };
  }
  const detection = detectFile(sourceFile, {
    fileLabel: file,
    catalog,
    evaluator: { importedValues: importMap(task.imports), isLocalModule },
    verdicts: task.verdicts !== false,
    resolveImport: task.verdicts === false ? undefined : importResolverFor(catalog)(absPath),
  });
  const exports = summarizeExports(detection.facts, detection.evaluator);
  const unresolvedImports = [...detection.evaluator.unresolvedLocalImports].map((key) => key.split("\0") as [string, string]);
  return { file, status: "scanned", findings: detection.findings, exports, unresolvedImports };
}
