// Reads, parses and runs the detectors on one file. Used in-process and inside worker threads.
import { readFileSync } from "node:fs";
import type { Finding } from "../findings.js";
import type { ts } from "ts-morph";
import type { Catalog, LocalModuleTest, PortableValue } from "../detect/evaluate.js";
import { detectFile } from "../detect/detect-file.js";
import { summarizeExports, type ExportsSummary } from "../detect/exports-summary.js";
import { displayPath } from "./discover.js";
import { createImportResolver, type ImportResolverFactory } from "../analysis/import-resolver.js";
import { prismaModelsOf, writtenTables, type WrittenTable } from "../analysis/data-tables.js";
import type { PrismaRelations } from "../analysis/prisma-schema.js";
import { classifierFor, fallbackWrites } from "../analysis/external-calls.js";
import { changedResultsByName } from "../analysis/cache-result-changed.js";
import { pollingCallsByName } from "../analysis/cache-polled.js";
import { readsAfterWriteByName } from "../analysis/cache-read-after-write.js";
import { matchesCacheable } from "../analysis/cache-settings.js";
import { ownString } from "../own-string.js";

// one resolver (and its cache of parsed helper files) per catalog, that is per run and worker
const importResolvers = new WeakMap<Catalog, ImportResolverFactory>();
function importResolverFor(catalog: Catalog, resolveModule: ModuleResolver | undefined): ImportResolverFactory {
  let factory = importResolvers.get(catalog);
  if (!factory) importResolvers.set(catalog, (factory = createImportResolver(catalog, 200, resolveModule)));
  return factory;
}

/** The project file an import names (aliases, workspace packages): src/scan/local-modules.ts createLocalResolver. */
export type ModuleResolver = (fromFile: string, specifier: string) => string | undefined;
import { parseSource } from "./parse.js";
import { findCandidates, type CacheWrapSettings } from "../analysis/cacheability.js";

/** What one file should know about its local imports: [specifier, export name, value]. */
export type ImportedValues = [string, string, PortableValue][];

export interface FileTask {
  file: string;
  imports?: ImportedValues;
  /** false: skip the safety verdicts of sequential-await findings (migrate's pre-pass only needs the exports). */
  verdicts?: boolean;
  /** Cacheable names and TTL rules (config `cacheWrap`). */
  cacheWrap?: CacheWrapSettings;
  /** Nothing in the file's text or imports can lead to a finding (src/scan/quiet-text.ts): it is not parsed. */
  quiet?: boolean;
  /**
   * Collect the calls of cacheable names whose awaited result the file changes (`changedResults`); default: when
   * the verdicts are asked for. migrate's pre-pass asks for them alone.
   */
  resultChanges?: boolean;
}

export type FileOutcome =
  | {
      file: string;
      status: "scanned";
      findings: Finding[];
      exports: ExportsSummary;
      /** Local imports ([specifier, name]) whose values this analysis did not know. */
      unresolvedImports: [string, string][];
      /** Tables the file writes, with the line of the first write (src/analysis/data-tables.ts). */
      writtenTables: WrittenTable[];
      /** For cache-wrap findings (by index in `findings`): the tables their function reads. */
      readTables: [number, string[]][];
      /** For cache-wrap findings (by index in `findings`) of a function with a read: the function's name. */
      cacheFunctions: [number, string][];
      /** Per cacheable name a call is made by, where the file first changes such a call's awaited result: [name, line, code]. */
      changedResults: [string, number, string][];
      /** Per cacheable name a call is made by, where the file first polls such a call (a loop that pauses, setInterval): [name, line, code]. */
      polledCalls: [string, number, string][];
      /** Per cacheable name a call is made by, where the file first makes such a call wanting a newer answer (after a write about the same thing, asked again): [name, line, why]. */
      readsAfterWrite: [string, number, string][];
      /** migrate's pre-pass: the file declares a function with a cacheable name (one cache-wrap would look at). */
      cacheCandidates?: true;
      /** The Prisma models (lower-case) the file's Prisma calls work on; absent: none. */
      prismaModels?: string[];
    }
  | { file: string; status: "skipped"; reason: string }
  | { file: string; status: "failed"; message: string };

const FLOW_PRAGMA = /^\s*(\/\/|\/\*+|\*)\s*@flow\b/m;

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

/** `prisma`: the relations of the project's Prisma schema (src/scan/prisma-schema-files.ts), when it has one. */
export async function analyzeFile(task: FileTask, root: string, catalog: Catalog, isLocalModule: LocalModuleTest, resolveModule?: ModuleResolver, prisma?: PrismaRelations): Promise<FileOutcome> {
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
  if (task.quiet) {
    // not parsed: for migrate's pre-pass, a name that may declare a cacheable function is enough to plan the file
    const candidates = task.resultChanges && mayDeclareCandidate(text, task.cacheWrap?.patterns);
    return { file, status: "scanned", findings: [], exports: { values: {}, forwards: [], stars: [] }, unresolvedImports: [], writtenTables: [], readTables: [], cacheFunctions: [], changedResults: [], polledCalls: [], readsAfterWrite: [], ...(candidates ? { cacheCandidates: true as const } : {}) };
  }
  const { sourceFile, syntaxErrors } = parseSource(absPath, text);
  if (syntaxErrors.length) {
    // Flow's type annotations are no TypeScript: the file is not broken, only in a language the tool does not read
    if (FLOW_PRAGMA.test(text.slice(0, 2000))) return { file, status: "skipped", reason: "Flow type annotations (`@flow`), which the TypeScript parser does not read" };
    const more = syntaxErrors.length > 1 ? ` (and ${syntaxErrors.length - 1} more)` : "";
    return { file, status: "failed", message: `syntax error at ${syntaxErrors[0]}${more}` };
  }
  const detection = detectFile(sourceFile, {
    fileLabel: file,
    catalog,
    evaluator: { importedValues: importMap(task.imports), isLocalModule },
    verdicts: task.verdicts !== false,
    cacheWrap: task.cacheWrap,
    prisma,
    resolveImport: task.verdicts === false ? undefined : importResolverFor(catalog, resolveModule)(absPath),
  });
  const exports = summarizeExports(detection.facts, detection.evaluator);
  const unresolvedImports = [...detection.evaluator.unresolvedLocalImports].map((key) => key.split("\0") as [string, string]);
  const strings = stringTableFor(catalog);
  const writes = [...detection.externalCalls].filter(([, call]) => call.operation === "write").map(([node, call]): [ts.Node, string] => [node, call.library]);
  writes.push(...fallbackWrites(detection.facts.calls, detection.externalCalls));
  const written = writtenTables(writes, prisma).map(([table, line, via]): WrittenTable => (via === undefined ? [interned(strings, table), line] : [interned(strings, table), line, interned(strings, via)]));
  const prismaCalls = [...detection.externalCalls].flatMap(([node, call]) => (call.library === "prisma" ? [node] : []));
  const prismaModels = prismaModelsOf(prismaCalls).map((model) => interned(strings, model));
  const readTables: [number, string[]][] = [];
  const cacheFunctions: [number, string][] = [];
  detection.findings.forEach((finding, i) => {
    const verdict = detection.cacheVerdicts.get(finding);
    if (verdict?.readTables) readTables.push([i, verdict.readTables.map((t) => interned(strings, t))]);
    if (verdict?.reads) cacheFunctions.push([i, interned(strings, verdict.name)]);
  });
  const changedResults: [string, number, string][] = [];
  const polledCalls: [string, number, string][] = [];
  const readsAfterWrite: [string, number, string][] = [];
  if (task.resultChanges ?? task.verdicts !== false) {
    // a call the catalog knows goes to a library (`axios.get(url)`, `redis.get(key)`) calls no function of the project
    const projectCalls = detection.facts.calls.filter((call) => !detection.externalCalls.has(call));
    // three walks over the file's calls ask about the same names
    const answers = new Map<string, boolean>();
    const cacheable = (name: string): boolean => {
      let answer = answers.get(name);
      if (answer === undefined) answers.set(name, (answer = matchesCacheable(name, task.cacheWrap?.patterns)));
      return answer;
    };
    for (const [name, change] of changedResultsByName(projectCalls, cacheable, classifierFor(detection.externalCalls))) {
      changedResults.push([interned(strings, name), change.line, ownString(change.code)]);
    }
    for (const [name, polling] of pollingCallsByName(projectCalls, cacheable)) polledCalls.push([interned(strings, name), polling.line, ownString(polling.code)]);
    for (const [name, write] of readsAfterWriteByName(projectCalls, cacheable, classifierFor(detection.externalCalls))) readsAfterWrite.push([interned(strings, name), write.line, ownString(write.detail)]);
  }
  const candidates = task.resultChanges && findCandidates(sourceFile, task.cacheWrap?.patterns).length > 0;
  return { file, status: "scanned", findings: ownFindings(detection.findings, strings), exports: ownExports(exports, strings), unresolvedImports, writtenTables: written, readTables, cacheFunctions, changedResults, polledCalls, readsAfterWrite, ...(prismaModels.length ? { prismaModels } : {}), ...(candidates ? { cacheCandidates: true as const } : {}) };
}

// An outcome outlives its file, so it must not hold on to the file's text (src/own-string.ts): strings that leave
// the file are copied, and the repetitive ones (reasons, function names, libraries, specifiers) are interned per run.

type StringTable = Map<string, string>;
const stringTables = new WeakMap<Catalog, StringTable>();
function stringTableFor(catalog: Catalog): StringTable {
  let table = stringTables.get(catalog);
  if (!table) stringTables.set(catalog, (table = new Map()));
  return table;
}

function interned(table: StringTable, s: string): string {
  let own = table.get(s);
  if (own === undefined) {
    own = ownString(s);
    table.set(own, own);
  }
  return own;
}

function ownFindings(findings: Finding[], table: StringTable): Finding[] {
  for (const f of findings) {
    f.code = ownString(f.code);
    if (f.function !== undefined) f.function = interned(table, f.function);
    if (f.library !== undefined) f.library = interned(table, f.library);
    if (f.codemod !== undefined) f.codemod = interned(table, f.codemod);
    // reason lists are shared by the findings of one loop: interned in place
    if (f.reasons) for (let i = 0; i < f.reasons.length; i++) f.reasons[i] = interned(table, f.reasons[i]!);
  }
  return findings;
}

function ownExports(summary: ExportsSummary, table: StringTable): ExportsSummary {
  const values: ExportsSummary["values"] = {};
  for (const [name, value] of Object.entries(summary.values)) {
    values[interned(table, name)] = { entry: interned(table, value.entry), module: interned(table, value.module), role: interned(table, value.role), op: value.op };
  }
  return {
    values,
    forwards: summary.forwards.map((f) => ({ name: interned(table, f.name), specifier: interned(table, f.specifier), imported: interned(table, f.imported) })),
    stars: summary.stars.map((s) => interned(table, s)),
  };
}

/** Does the text name, before `(` or `=`, anything a cacheable function could be called (`getUser(`, `fetchPlans =`)? */
function mayDeclareCandidate(text: string, patterns: readonly string[] | undefined): boolean {
  const seen = new Set<string>();
  for (const m of text.matchAll(/([A-Za-z_$][\w$]*)\s*[=(]/g)) {
    const name = m[1]!;
    if (seen.has(name)) continue;
    seen.add(name);
    if (matchesCacheable(name, patterns)) return true;
  }
  return false;
}
