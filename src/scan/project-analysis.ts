// Every file of a run analysed with what its project imports export (src/scan/cross-file.ts), by one analyzer
// (src/scan/pool.ts) that is closed when the run is done: what assess and migrate's pre-pass share.
import { readFileSync } from "node:fs";
import type { FileOutcome, FileTask } from "./analyze-file.js";
import { analyzeWithImports, type TextScan } from "./cross-file.js";
import { importSpecifiers, typeOnlySpecifiers } from "./import-specifiers.js";
import { isQuietText } from "./quiet-text.js";
import { sideOfText } from "../analysis/client-code.js";
import { buildCatalog } from "../detect/catalog-index.js";
import { createLocalResolver, type PathAliases } from "./local-modules.js";
import { createAnalyzer } from "./pool.js";
import { loadPrismaRelations } from "./prisma-schema-files.js";
import type { PrismaRelations } from "../analysis/prisma-schema.js";

export interface ProjectAnalysisOptions {
  root: string;
  files: string[];
  aliases: PathAliases;
  libraries: Record<string, "api" | "db">;
  /** 0 = in-process; undefined = decide from the file count and the cores. */
  workers?: number;
  /** What a task carries besides its file and imports (verdicts off, cache-wrap settings); sees every task. */
  task?: (task: FileTask) => FileTask;
  /** The project's Prisma schema when the caller has read it already (loadPrismaRelations); else read here. */
  prisma?: PrismaRelations;
  /** Progress over the first pass, which runs in several calls (modules before their importers). */
  onOutcome?: (outcome: FileOutcome, done: number, total: number) => void;
  /** What each file's text showed, with the run's files it imports (src/scan/cross-file.ts). */
  onScan?: (file: string, scan: TextScan, imports: readonly string[]) => void;
}

/** One outcome per file, in the order of `files`. */
export async function analyzeProjectFiles(options: ProjectAnalysisOptions): Promise<FileOutcome[]> {
  const { root, files, aliases } = options;
  const prisma = options.prisma ?? (await loadPrismaRelations(root, aliases.projectTop));
  const analyzer = createAnalyzer({ root, libraries: options.libraries, aliases, workers: options.workers, prisma }, files.length);
  let analyzed = 0;
  const progress = options.onOutcome && ((outcome: FileOutcome) => options.onOutcome!(outcome, ++analyzed, files.length));
  try {
    return await analyzeWithImports({
      files,
      resolveLocal: createLocalResolver(new Set(files), aliases, aliases.projectTop),
      scanText: textScanner(options.libraries),
      resolveInRun: createLocalResolver(new Set(files), aliases),
      analyze: (tasks, first) => analyzer.analyze(options.task ? tasks.map(options.task) : tasks, first ? progress : undefined),
      onScan: options.onScan,
    });
  } finally {
    await analyzer.close();
  }
}

function textScanner(libraries: Record<string, "api" | "db">): (file: string) => TextScan {
  const catalog = buildCatalog(libraries);
  return (file) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      // the analysis reports the file it cannot read
      return { specifiers: [], quiet: false };
    }
    const specifiers = importSpecifiers(text);
    const side = sideOfText(text, specifiers, file);
    const typeOnly = typeOnlySpecifiers(text, specifiers);
    return { specifiers, quiet: isQuietText(text, specifiers, catalog), ...(side ? { side } : {}), ...(typeOnly.length ? { typeOnly } : {}) };
  };
}
