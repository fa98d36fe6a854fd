// An assessment of a code base: discover files, analyse them (in worker threads when many),
// drop ignored findings, and summarise. Pure data out; printing is the reporters' job.
import { writtenElsewhereReason, type CacheWrapSettings } from "../analysis/cacheability.js";
import { elsewhereReasons, siteElsewhere, type ReadAfterWriteSite } from "../analysis/site-elsewhere.js";
import type { ResultChangeSite } from "../analysis/cache-result-changed.js";
import type { PollingSite } from "../analysis/cache-polled.js";
import { resolve } from "node:path";
import picomatch from "picomatch";
import { hotspotFindings, type Assessment, type AssessmentSummary, type FileProblem, type Finding, type FindingKind, type Operation } from "../findings.js";
import type { IgnoreRule } from "../config.js";
import { TOOL } from "../version.js";
import { isTestFile } from "../test-files.js";
import { tableWriters } from "./table-writers.js";
import { firstTwoFiles } from "./first-two-files.js";
import { discoverFiles } from "./discover.js";
import { analyzeProjectFiles } from "./project-analysis.js";
import { importScan, type BundleVerdict } from "./client-importers.js";
import { reason } from "../analysis/reasons.js";
import { loadPathAliases } from "./local-modules.js";
import type { FileOutcome } from "./analyze-file.js";

export interface AssessOptions {
  /** The directory findings are relative to. */
  root: string;
  paths: string[];
  include?: string[];
  exclude?: string[];
  libraries?: Record<string, "api" | "db">;
  ignore?: IgnoreRule[];
  /** Cacheable names and TTL rules (config `cacheWrap`) for the cache-wrap verdicts. */
  cacheWrap?: CacheWrapSettings;
  /** 0 = no worker threads; undefined = decide from the repo size. */
  workers?: number;
  onFilesFound?: (count: number) => void;
  onOutcome?: (outcome: FileOutcome, done: number, total: number) => void;
}

export interface AssessmentWithSkips extends Assessment {
  skippedFiles: FileProblem[];
}

function ruleMatcher(rules: IgnoreRule[]): (finding: Finding) => boolean {
  const compiled = rules.map((rule) => ({ rule, file: rule.file ? picomatch(rule.file, { dot: true }) : undefined }));
  return (finding) =>
    compiled.some(
      ({ rule, file }) =>
        (!rule.kind || rule.kind === finding.kind) &&
        (!file || file(finding.file)) &&
        (!rule.library || rule.library === finding.library) &&
        (!rule.function || rule.function === finding.function),
    );
}

export function summarize(findings: Finding[], durationMs: number): AssessmentSummary {
  const byKind: Record<FindingKind, number> = { "api-call": 0, "db-query": 0, "sequential-await": 0 };
  const byOperation: Record<Operation, number> = { read: 0, write: 0, unknown: 0 };
  const byLibrary: Record<string, number> = {};
  const hot = new Map<string, { file: string; function?: string; findings: number }>();
  let testFindings = 0;
  for (const f of findings) {
    byKind[f.kind]++;
    if (f.operation) byOperation[f.operation]++;
    if (f.library) byLibrary[f.library] = (byLibrary[f.library] ?? 0) + 1;
    if (f.test) testFindings++;
  }
  for (const f of hotspotFindings(findings)) {
    const key = `${f.file}\0${f.function ?? ""}`;
    const spot = hot.get(key) ?? { file: f.file, ...(f.function ? { function: f.function } : {}), findings: 0 };
    spot.findings++;
    hot.set(key, spot);
  }
  const hotspots = [...hot.values()]
    .sort((a, b) => b.findings - a.findings || a.file.localeCompare(b.file) || (a.function ?? "").localeCompare(b.function ?? ""))
    .slice(0, 20);
  const sortedLibraries = Object.fromEntries(Object.entries(byLibrary).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  return { byKind, byLibrary: sortedLibraries, byOperation, hotspots, testFindings, durationMs: Math.round(durationMs) };
}

/** Where the result of a call by each cacheable name is first changed, over the whole run. */
export function resultChangers(outcomes: readonly FileOutcome[]): Map<string, ResultChangeSite[]> {
  return callSites(outcomes, (o) => o.changedResults);
}

/** Where a call by each cacheable name is first polled (a loop that pauses, setInterval), over the whole run. */
export function callPollers(outcomes: readonly FileOutcome[]): Map<string, PollingSite[]> {
  return callSites(outcomes, (o) => o.polledCalls);
}

/** Where a call by each cacheable name is first made wanting a newer answer (after a write about the same thing), over the whole run. */
export function readersAfterWrite(outcomes: readonly FileOutcome[]): Map<string, ReadAfterWriteSite[]> {
  const sites = callSites(outcomes, (o) => o.readsAfterWrite);
  return new Map([...sites].map(([name, list]) => [name, list.map(({ file, line, code }) => ({ file, line, detail: code }))]));
}

type ScannedOutcome = Extract<FileOutcome, { status: "scanned" }>;

function callSites(outcomes: readonly FileOutcome[], sitesOf: (outcome: ScannedOutcome) => [string, number, string][]): Map<string, { file: string; line: number; code: string }[]> {
  return firstTwoFiles(outcomes.flatMap((o) => (o.status === "scanned" ? sitesOf(o).map(([name, line, code]) => ({ key: name, site: { file: o.file, line, code }, test: isTestFile(o.file) })) : [])));
}

/**
 * A cache-wrap verdict read a table that another file writes, or another file changes or polls the result of a call
 * by the function's name: known only once every file is analysed, so applied here (migrate asks the same of its
 * pre-pass: src/migrate/plan.ts).
 */
const CLIENT_CODE_PREFIX = reason("cache-client-code", { detail: "" }).message.split("(")[0]!;

function applyProjectWideChecks(outcomes: FileOutcome[], bundled: ReadonlyMap<string, BundleVerdict>): void {
  const writers = tableWriters(outcomes);
  const changers = resultChangers(outcomes);
  const pollers = callPollers(outcomes);
  const readers = readersAfterWrite(outcomes);
  for (const outcome of outcomes) {
    if (outcome.status !== "scanned") continue;
    const bundle = bundled.get(outcome.file);
    for (const [index] of bundle ? outcome.cacheFunctions : []) {
      const finding = outcome.findings[index]!;
      // the file's own front-end code (a fetch of the page's own `/api`) says so already, as the codemod's verdict does
      if (finding.reasons?.some((r) => r.startsWith(CLIENT_CODE_PREFIX))) continue;
      finding.reasons = [...(finding.reasons ?? []), reason(bundle!.id, { detail: bundle!.detail }).message];
      finding.safety = "unsafe";
    }
    for (const [index, tables] of outcome.readTables) {
      const finding = outcome.findings[index]!;
      for (const table of tables) {
        const writer = siteElsewhere(writers, table, outcome.file);
        if (!writer) continue;
        finding.reasons = [...(finding.reasons ?? []), writtenElsewhereReason(table, writer).message];
        if (finding.safety === "safe") finding.safety = "review";
        break;
      }
    }
    for (const [index, name] of outcome.cacheFunctions) {
      const first = elsewhereReasons(name, { polled: siteElsewhere(pollers, name, outcome.file), changed: siteElsewhere(changers, name, outcome.file), readAfterWrite: siteElsewhere(readers, name, outcome.file) });
      if (first.length === 0) continue;
      const finding = outcome.findings[index]!;
      // first, in the order the codemod's verdict lists them (src/analysis/cacheability.ts)
      finding.reasons = [...first.map((r) => r.message), ...(finding.reasons ?? [])];
      finding.safety = "unsafe";
    }
  }
}

export async function runAssessment(options: AssessOptions): Promise<AssessmentWithSkips> {
  const started = performance.now();
  const root = resolve(options.root);
  const files = await discoverFiles({ root, paths: options.paths, include: options.include, exclude: options.exclude });
  options.onFilesFound?.(files.length);
  const aliases = loadPathAliases(root, files);
  const imports = importScan(root);
  const outcomes = await analyzeProjectFiles({
    root,
    files,
    aliases,
    onScan: imports.onScan,
    libraries: options.libraries ?? {},
    workers: options.workers,
    task: options.cacheWrap ? (task) => ({ ...task, cacheWrap: options.cacheWrap }) : undefined,
    onOutcome: options.onOutcome,
  });
  applyProjectWideChecks(outcomes, imports.bundledFiles());
  const ignored = ruleMatcher(options.ignore ?? []);
  const findings: Finding[] = [];
  const errors: FileProblem[] = [];
  const skippedFiles: FileProblem[] = [];
  let scanned = 0;
  for (const outcome of outcomes) {
    if (outcome.status === "scanned") {
      scanned++;
      const test = isTestFile(outcome.file);
      for (const finding of outcome.findings) {
        if (ignored(finding)) continue;
        if (test) finding.test = true;
        findings.push(finding);
      }
    } else if (outcome.status === "failed") {
      errors.push({ file: outcome.file, message: outcome.message });
    } else {
      skippedFiles.push({ file: outcome.file, message: outcome.reason });
    }
  }
  return {
    tool: { name: TOOL.name, version: TOOL.version },
    root,
    files: { scanned, skipped: skippedFiles.length, failed: errors.length },
    findings,
    summary: summarize(findings, performance.now() - started),
    errors,
    skippedFiles,
  };
}
