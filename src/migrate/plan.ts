// Plans a migration: per file, run the selected codemods one after another on the text, collecting
// edits and skips. Nothing is written here. One small in-memory ts-morph project is reused file by
// file, so a large repo never becomes one big Project.
import { readFile } from "node:fs/promises";
import { Project, ts } from "ts-morph";
import { classifierFor } from "../analysis/external-calls.js";
import { buildCatalog } from "../detect/catalog-index.js";
import { detectFile } from "../detect/detect-file.js";
import type { Catalog } from "../detect/evaluate.js";
import { discoverFiles, displayPath } from "../scan/discover.js";
import { MAX_FILE_BYTES } from "../scan/analyze-file.js";
import { applyEdits, parseErrors, type Codemod, type CodemodOptions, type Edit, type Skip } from "./codemod.js";

export interface FilePlan {
  /** Absolute path. */
  file: string;
  /** Relative to the root, `/` separators. */
  path: string;
  /** The file as read (BOM included). */
  original: string;
  /** The new text (BOM and line endings kept); undefined when nothing changes. */
  updated?: string;
  edits: Edit[];
  skips: Skip[];
  /** Why the file was left alone: it could not be read or parsed. */
  error?: string;
}

export interface MigrationPlan {
  root: string;
  scanned: number;
  files: FilePlan[];
}

export interface PlanOptions extends CodemodOptions {
  codemods: readonly Codemod[];
  /** Extra client modules from the config (`libraries`). */
  libraries?: Record<string, "api" | "db">;
  /** Keeps only the edits this returns true for (interactive mode). */
  accept?: (edit: Edit, path: string) => boolean;
}

export interface TextPlan {
  updated?: string;
  edits: Edit[];
  skips: Skip[];
  error?: string;
}

let sharedProject: Project | undefined;
function project(): Project {
  sharedProject ??= new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.Latest },
  });
  return sharedProject;
}

const catalogs = new Map<string, Catalog>();
function catalogFor(libraries: Record<string, "api" | "db"> = {}): Catalog {
  const key = JSON.stringify(libraries);
  let catalog = catalogs.get(key);
  if (!catalog) catalogs.set(key, (catalog = buildCatalog(libraries)));
  return catalog;
}

const BOM = "\uFEFF";

function sourceFor(fileName: string, text: string) {
  return project().createSourceFile(fileName, text, { overwrite: true, scriptKind: /\.m?js$|\.cjs$/i.test(fileName) ? ts.ScriptKind.JSX : undefined });
}

/**
 * Runs the codemods on one file's text. Pure apart from the shared in-memory project: the building
 * block `migrate`, `tune --apply` and other codemods share.
 */
export function planText(fileName: string, raw: string, options: PlanOptions, path = fileName): TextPlan {
  const bom = raw.startsWith(BOM);
  const original = bom ? raw.slice(1) : raw;
  const codemods = options.codemods;
  const edits: Edit[] = [];
  const skips: Skip[] = [];
  const baseline = parseErrors(fileName, original);
  if (baseline > 0) {
    const sf = ts.createSourceFile(fileName, original, ts.ScriptTarget.Latest, true);
    const first = ((sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [])[0];
    const where = first ? sf.getLineAndCharacterOfPosition(first.start) : undefined;
    const message = first ? ts.flattenDiagnosticMessageText(first.messageText, " ") : "syntax error";
    return { edits, skips, error: `syntax error${where ? ` at ${where.line + 1}:${where.character + 1}` : ""}: ${message}` };
  }
  if (!codemods.some((c) => !c.quickCheck || c.quickCheck(original))) return { edits, skips };
  let text = original;
  for (const codemod of codemods) {
    if (codemod.quickCheck && !codemod.quickCheck(text)) continue;
    const sf = sourceFor(fileName, text);
    try {
      const detection = detectFile(sf.compilerNode, { fileLabel: path, catalog: catalogFor(options.libraries) });
      const result = codemod.transform(sf, { ...options, classifyCall: options.classifyCall ?? classifierFor(detection.externalCalls) });
      skips.push(...result.skips);
      const accepted: Edit[] = [];
      for (const edit of [...result.edits].sort((a, b) => a.start - b.start)) {
        if (options.accept && !options.accept(edit, path)) continue;
        const overlaps = accepted.some((a) => edit.start < a.end && a.start < edit.end);
        if (overlaps) continue;
        accepted.push(edit);
      }
      if (accepted.length) {
        text = applyEdits(text, accepted);
        edits.push(...accepted);
      }
    } finally {
      project().removeSourceFile(sf);
    }
  }
  if (text === original) return { edits: [], skips };
  if (parseErrors(fileName, text) > 0) return { edits: [], skips, error: "the rewrite would not parse; the file was left as it is" };
  return { updated: (bom ? BOM : "") + text, edits, skips };
}

function looksMinified(text: string): boolean {
  if (text.length < 20_000) return false;
  return text.split("\n", 50).some((line) => line.length > 5_000);
}

export interface PlanMigrationOptions extends PlanOptions {
  root: string;
  paths: string[];
  include?: string[];
  exclude?: string[];
  onProgress?: (done: number, total: number) => void;
}

export async function planMigration(options: PlanMigrationOptions): Promise<MigrationPlan> {
  const files = await discoverFiles({ root: options.root, paths: options.paths, include: options.include, exclude: options.exclude });
  const plans: FilePlan[] = [];
  let done = 0;
  for (const file of files) {
    const path = displayPath(options.root, file);
    let raw: string;
    try {
      const buffer = await readFile(file);
      if (buffer.length > MAX_FILE_BYTES) continue;
      raw = buffer.toString("utf8");
    } catch (error) {
      plans.push({ file, path, original: "", edits: [], skips: [], error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    if (looksMinified(raw)) continue;
    const planned = planText(file, raw, options, path);
    if (planned.updated !== undefined || planned.skips.length || planned.error) plans.push({ file, path, original: raw, ...planned });
    options.onProgress?.(++done, files.length);
  }
  return { root: options.root, scanned: files.length, files: plans };
}
