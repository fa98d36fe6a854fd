// Plans a migration: per file, run the selected codemods one after another on the text, collecting
// edits and skips. Nothing is written here. One small in-memory ts-morph project is reused file by
// file, so a large repo never becomes one big Project.
import { resolve } from "node:path";
import { readFile } from "node:fs/promises";
import { Project, ts } from "ts-morph";
import { classifierFor } from "../analysis/external-calls.js";
import { createImportResolver, type ImportResolverFactory } from "../analysis/import-resolver.js";
import { createTypeInfo, type TypeAnswers, type TypeInfoFactory } from "./type-info.js";
import { buildCatalog } from "../detect/catalog-index.js";
import { detectFile, type FileDetection } from "../detect/detect-file.js";
import type { Catalog, EvaluatorOptions, PortableValue } from "../detect/evaluate.js";
import { discoverFiles, displayPath } from "../scan/discover.js";
import { MAX_FILE_BYTES } from "../scan/analyze-file.js";
import { applyEdits, firstLine, parseErrors, withFileSemicolons, type Codemod, type CodemodOptions, type Edit, type Skip } from "./codemod.js";
import { importStyle } from "./imports.js";
import { reason } from "../analysis/reasons.js";
import { analyzeProjectFiles } from "../scan/project-analysis.js";
import { callPollers, readersAfterWrite, resultChangers } from "../scan/assess.js";
import type { ReadAfterWriteSite } from "../analysis/site-elsewhere.js";
import { loadPrismaRelations } from "../scan/prisma-schema-files.js";
import type { PrismaRelations } from "../analysis/prisma-schema.js";
import { tableWriters } from "../scan/table-writers.js";
import { isTestFile } from "../test-files.js";
import type { CacheWrapSettings, TableWriter } from "../analysis/cacheability.js";
import type { ResultChangeSite } from "../analysis/cache-result-changed.js";
import type { PollingSite } from "../analysis/cache-polled.js";
import { importScan, type BundleVerdict } from "../scan/client-importers.js";
import { createLocalResolver, loadPathAliases, localModuleTests, type PathAliases } from "../scan/local-modules.js";
import type { ImportedValues } from "../scan/analyze-file.js";
import { existingPrefixes } from "./cache-prefixes.js";

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
  /** Test files left alone (no --include-tests). */
  testsLeftOut?: number;
}

export interface PlanOptions extends CodemodOptions {
  codemods: readonly Codemod[];
  /** Extra client modules from the config (`libraries`). */
  libraries?: Record<string, "api" | "db">;
  /** Follows imports of the project's own functions; planMigration makes one per run. */
  importResolver?: ImportResolverFactory;
  /** Type answers from the repo's tsconfig; planMigration makes one per run when there is a tsconfig.json. */
  typeInfo?: TypeInfoFactory;
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

function parseDiagnosticsOf(sf: ts.SourceFile): ts.DiagnosticWithLocation[] {
  return (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

/**
 * Runs the codemods on one file's text. Pure apart from the shared in-memory project: the building
 * block `migrate`, `tune --apply` and other codemods share. Each text is parsed once; an edit is only
 * kept when the file still parses with it.
 */
export function planText(fileName: string, raw: string, options: PlanOptions, path = fileName, evaluator?: EvaluatorOptions): TextPlan {
  const bom = raw.startsWith(BOM);
  const original = bom ? raw.slice(1) : raw;
  const edits: Edit[] = [];
  const skips: Skip[] = [];
  let text = original;
  let sf = sourceFor(fileName, text);
  try {
    const first = parseDiagnosticsOf(sf.compilerNode)[0];
    if (first) {
      const where = sf.compilerNode.getLineAndCharacterOfPosition(first.start);
      return { edits, skips, error: `syntax error at ${where.line + 1}:${where.character + 1}: ${ts.flattenDiagnosticMessageText(first.messageText, " ")}` };
    }
    let detection: FileDetection | undefined;
    // statements the codemods write end as the file's own do (with `;` or without)
    const semicolons = importStyle(sf.compilerNode).semicolon;
    // lines of later passes are reported as lines of the file as it was read
    let toOriginal = (line: number) => line;
    let offsetToOriginal = (offset: number): number | undefined => offset;
    for (const codemod of options.codemods) {
      if (codemod.quickCheck && !codemod.quickCheck(text)) continue;
      if (sf.getFullText() !== text) {
        project().removeSourceFile(sf);
        sf = sourceFor(fileName, text);
        detection = undefined;
      }
      detection ??= detectFile(sf.compilerNode, { fileLabel: path, catalog: catalogFor(options.libraries), evaluator, verdicts: false });
      const result = codemod.transform(sf, { ...options, classifyCall: options.classifyCall ?? classifierFor(detection.externalCalls), resolveImport: options.resolveImport ?? options.importResolver?.(fileName),
        // type answers are about the file as read: positions of a changed text are mapped back to it
        ...(options.typeInfo ? typeAnswers(options.typeInfo(fileName, offsetToOriginal)) : {}),
      });
      const mapLine = toOriginal;
      skips.push(...result.skips.map((k) => ({ ...k, line: mapLine(k.line) })));
      let accepted: Edit[] = [];
      for (const edit of [...result.edits].sort((a, b) => a.start - b.start)) {
        edit.after = withFileSemicolons(edit.after, semicolons);
        if (options.accept && !options.accept(edit, path)) continue;
        if (accepted.some((a) => edit.start < a.end && a.start < edit.end)) continue;
        accepted.push(edit);
      }
      if (accepted.length === 0) continue;
      let next = applyEdits(text, accepted);
      if (parseErrors(fileName, next) > 0) {
        // never keep an edit that breaks parsing: find the ones that do, report them, keep the rest
        const broken = accepted.filter((e) => parseErrors(fileName, applyEdits(text, [e])) > 0);
        for (const e of broken) skips.push({ codemod: e.codemod, line: mapLine(e.line), code: firstLine(e.before), safety: e.safety, reasons: [reason("loop-shape", { detail: "the rewrite would not parse, so the code was left as it is" })] });
        accepted = accepted.filter((e) => !broken.includes(e));
        next = applyEdits(text, accepted);
        if (accepted.length === 0 || parseErrors(fileName, next) > 0) continue;
      }
      toOriginal = lineMapAfter(text, accepted, mapLine);
      offsetToOriginal = offsetMapAfter(accepted, offsetToOriginal);
      text = next;
      edits.push(...accepted.map((e) => ({ ...e, line: mapLine(e.line) })));
    }
  } finally {
    project().removeSourceFile(sf);
  }
  if (text === original) return { edits: [], skips };
  return { updated: (bom ? BOM : "") + text, edits, skips };
}

function typeAnswers(answers: TypeAnswers): Pick<CodemodOptions, "isArray" | "mayBeThenable" | "nonData"> {
  return { isArray: answers.isArray, mayBeThenable: answers.mayBeThenable, nonData: answers.nonData };
}

function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** Maps the offset of a character of the text after `edits` to one before them; undefined inside what an edit wrote. */
function offsetMapAfter(edits: readonly Edit[], previous: (offset: number) => number | undefined): (offset: number) => number | undefined {
  // in the order applyEdits applies them: an insertion before a replacement at the same start
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  return (offset) => {
    let delta = 0;
    for (const e of sorted) {
      const start = e.start + delta;
      if (offset < start) break;
      const end = start + e.after.length;
      if (offset < end) return undefined;
      delta += e.after.length - (e.end - e.start);
    }
    return previous(offset - delta);
  };
}

/** Maps a line of the text after `edits` to a line before them (lines inside an edit map to its first line). */
function lineMapAfter(before: string, edits: readonly Edit[], previous: (line: number) => number): (line: number) => number {
  const regions = [...edits]
    .sort((a, b) => a.start - b.start)
    .map((e) => ({ startLine: newlines(before.slice(0, e.start)) + 1, oldLines: newlines(e.before), newLines: newlines(e.after) }));
  return (line) => {
    let delta = 0;
    for (const r of regions) {
      const start = r.startLine + delta;
      if (line < start) break;
      if (line <= start + r.newLines) return previous(r.startLine);
      delta += r.newLines - r.oldLines;
    }
    return previous(line - delta);
  };
}

/**
 * What each file imports from the project's own modules (clients made in one file, used in another), as assess
 * sees it; with `cacheWrap` (cache-wrap runs), also where the run's files change results of cacheable-named calls.
 */
export async function crossFileKnowledge(
  root: string,
  files: string[],
  libraries: Record<string, "api" | "db"> = {},
  workers?: number,
  aliases: PathAliases = loadPathAliases(root, files),
  cacheWrap?: CacheWrapSettings,
): Promise<{ evaluatorFor: (file: string) => EvaluatorOptions; failed: Map<string, string>; cacheCandidates: Set<string>; tableWriters: Map<string, TableWriter[]>; resultChangers: Map<string, ResultChangeSite[]>; pollers: Map<string, PollingSite[]>; readersAfterWrite: Map<string, ReadAfterWriteSite[]>; bundled: Map<string, BundleVerdict>; prisma?: PrismaRelations }> {
  const given = new Map<string, ImportedValues>();
  const prisma = await loadPrismaRelations(root, aliases.projectTop);
  const imports = importScan(root);
  const outcomes = await analyzeProjectFiles({
    root,
    files,
    aliases,
    libraries,
    workers,
    prisma,
    onScan: imports.onScan,
    task: (task) => {
      if (task.imports) given.set(task.file, task.imports);
      // files outside the run (verdicts off already) are read for their exports alone, as in assess
      const resultChanges = cacheWrap !== undefined && task.verdicts !== false;
      return { ...task, verdicts: false, ...(resultChanges ? { resultChanges, cacheWrap } : {}) };
    },
  });
  const isLocalFor = localModuleTests(aliases);
  const failed = new Map<string, string>();
  // the files with a function cache-wrap would look at: the others need no plan of its own
  const cacheCandidates = new Set<string>();
  outcomes.forEach((outcome, i) => {
    if (outcome.status === "failed") failed.set(files[i]!, outcome.message);
    if (outcome.status === "scanned" && outcome.cacheCandidates) cacheCandidates.add(files[i]!);
  });
  const evaluatorFor = (file: string): EvaluatorOptions => {
    const map = new Map<string, Map<string, PortableValue>>();
    for (const [specifier, name, value] of given.get(file) ?? []) {
      let names = map.get(specifier);
      if (!names) map.set(specifier, (names = new Map()));
      names.set(name, value);
    }
    return { importedValues: map, isLocalModule: isLocalFor(file) };
  };
  return { evaluatorFor, failed, cacheCandidates, tableWriters: tableWriters(outcomes), resultChangers: resultChangers(outcomes), pollers: callPollers(outcomes), readersAfterWrite: readersAfterWrite(outcomes), bundled: imports.bundledFiles(), prisma };
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
  /** Worker threads for the cross-file pre-pass (0 = none; default: by repo size). */
  workers?: number;
  /** Also rewrite test files (src/test-files.ts); a test file named as a path is rewritten either way. */
  includeTests?: boolean;
}

/** A file's text for planning; a plan entry with the error when it cannot be read; undefined when too large to migrate. */
export async function readForPlan(file: string, path: string): Promise<string | FilePlan | undefined> {
  try {
    const buffer = await readFile(file);
    return buffer.length > MAX_FILE_BYTES ? undefined : buffer.toString("utf8");
  } catch (error) {
    return { file, path, original: "", edits: [], skips: [], error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}

/**
 * A new wrapper whose prefix another file uses would share that file's cache entries: the file keeps the
 * prefix when it already had it (an earlier migration) or claimed it first in this run; every other file
 * is planned again, told which prefixes are taken, and qualifies its own.
 */
async function replanPrefixConflicts(
  plans: FilePlan[],
  owners: Map<string, { existing: Set<string>; claimed: string[] }>,
  options: PlanOptions & { root: string },
  knowledge: { evaluatorFor(file: string): EvaluatorOptions | undefined } & ProjectWide,
): Promise<void> {
  // Within a file prefixes are already unique (and avoid the file's own earlier wrappers), so a file
  // appears at most once per prefix. Keeps a prefix: nobody new when a file already had it, else the first claim.
  const keeper = (o: { existing: Set<string>; claimed: string[] }) => (o.existing.size > 0 ? undefined : o.claimed[0]);
  const conflicted = new Set<string>();
  for (const o of owners.values()) for (const file of o.claimed) if (file !== keeper(o)) conflicted.add(file);
  for (const [index, plan] of plans.entries()) {
    if (!conflicted.has(plan.file)) continue;
    const takenElsewhere = new Set<string>();
    for (const [prefix, o] of owners) {
      const holder = keeper(o);
      if ([...o.existing].some((f) => f !== plan.file) || (holder !== undefined && holder !== plan.file)) takenElsewhere.add(prefix);
    }
    const raw = await readFile(plan.file, "utf8");
    const again = planText(plan.file, raw, { ...options, prefixesTakenElsewhere: takenElsewhere, ...projectWide(options, knowledge) }, plan.path, knowledge.evaluatorFor(plan.file));
    plans[index] = { file: plan.file, path: plan.path, original: again.updated !== undefined ? raw : "", ...again };
  }
}

type ProjectWide = Pick<PlanOptions, "tableWriters" | "resultChangers" | "pollers" | "readersAfterWrite" | "bundled" | "prisma">;

/** What only the whole run shows, for the cache-wrap verdicts: given in the options (tests), else from the pre-pass. */
function projectWide(options: PlanOptions, knowledge: ProjectWide): ProjectWide {
  return {
    tableWriters: options.tableWriters ?? knowledge.tableWriters,
    resultChangers: options.resultChangers ?? knowledge.resultChangers,
    pollers: options.pollers ?? knowledge.pollers,
    readersAfterWrite: options.readersAfterWrite ?? knowledge.readersAfterWrite,
    bundled: options.bundled ?? knowledge.bundled,
    prisma: options.prisma ?? knowledge.prisma,
  };
}

export async function planMigration(options: PlanMigrationOptions): Promise<MigrationPlan> {
  const files = await discoverFiles({ root: options.root, paths: options.paths, include: options.include, exclude: options.exclude });
  const aliases = loadPathAliases(options.root, files);
  const cacheWrapRuns = options.codemods.some((c) => c.name === "cache-wrap");
  const knowledge = await crossFileKnowledge(options.root, files, options.libraries, options.workers, aliases, cacheWrapRuns ? options.cacheWrap ?? {} : undefined);
  const importResolver = options.importResolver ?? createImportResolver(catalogFor(options.libraries), 200, createLocalResolver(new Set(), aliases, aliases.projectTop));
  const typeInfo = options.typeInfo ?? createTypeInfo(options.root);
  const plans: FilePlan[] = [];
  // Which files use each cache prefix: already (wrappers of an earlier run) or newly (this run's edits).
  const prefixOwners = new Map<string, { existing: Set<string>; claimed: string[] }>();
  const ownersOf = (prefix: string) => {
    let owners = prefixOwners.get(prefix);
    if (!owners) prefixOwners.set(prefix, (owners = { existing: new Set(), claimed: [] }));
    return owners;
  };
  const claim = (file: string, edits: readonly Edit[]) => {
    for (const edit of edits) if (edit.codemod === "cache-wrap") for (const prefix of existingPrefixes(edit.after)) ownersOf(prefix).claimed.push(file);
  };
  let done = 0;
  // tests send no production traffic: rewriting them only risks their order, unless asked for or named
  const named = new Set(options.paths.map((p) => resolve(options.root, p)));
  let testsLeftOut = 0;
  for (const file of files) {
    const path = displayPath(options.root, file);
    if (!options.includeTests && !named.has(file) && isTestFile(path)) {
      testsLeftOut++;
      options.onProgress?.(++done, files.length);
      continue;
    }
    const read = await readForPlan(file, path);
    if (typeof read !== "string") {
      if (read) plans.push(read);
      continue;
    }
    const raw = read;
    if (looksMinified(raw)) continue;
    for (const prefix of existingPrefixes(raw)) ownersOf(prefix).existing.add(file);
    // the pre-pass parsed every file: one with nothing for any codemod needs no second parse
    const failure = knowledge.failed.get(file);
    const mayChange = (c: Codemod) => (c.name === "cache-wrap" ? knowledge.cacheCandidates.has(file) : !c.quickCheck || c.quickCheck(raw));
    if (!failure && !options.codemods.some(mayChange)) {
      options.onProgress?.(++done, files.length);
      continue;
    }
    const planned = failure ? { edits: [], skips: [], error: failure } : planText(file, raw, { ...options, importResolver, typeInfo, ...projectWide(options, knowledge) }, path, knowledge.evaluatorFor(file));
    // the original text is kept only where it is needed (diffs, apply): memory stays flat on large repos
    claim(file, planned.edits);
    if (planned.updated !== undefined || planned.skips.length || planned.error) plans.push({ file, path, original: planned.updated !== undefined ? raw : "", ...planned });
    options.onProgress?.(++done, files.length);
  }
  await replanPrefixConflicts(plans, prefixOwners, { ...options, importResolver, typeInfo }, knowledge);
  return { root: options.root, scanned: files.length, files: plans, ...(testsLeftOut ? { testsLeftOut } : {}) };
}
