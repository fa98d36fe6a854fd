// `optimigrate estimate`: what caching and batching would save per day, from an assessment and a traffic profile.
import { InvalidArgumentError, type Command } from "commander";
import { EXIT, UsageError } from "../errors.js";
import type { Assessment } from "../findings.js";
import { parseAssessment } from "../estimate/assessment.js";
import { estimateConfigOf } from "../estimate/config.js";
import { estimateSavings, type Estimate } from "../estimate/estimate.js";
import { measureSnapshot, type Measured } from "../estimate/measured.js";
import { resolveProfile, SPREADS, type GlobalFigure, type Spread } from "../estimate/profile.js";
import { readStatsFiles } from "../stats/read.js";
import { detectTerminal, progress } from "../terminal.js";
import { TOOL } from "../version.js";
import { ESTIMATE_FORMATS, estimateReporters } from "../report/estimate/index.js";
import { collect, numberOption, outputColor, readJsonFile } from "./options.js";
import { chooseFormat, emit } from "./output.js";
import { addScanOptions, scanContext, type ScanContext, type ScanFlags, scanTarget } from "./common-options.js";

export interface EstimateOptions extends ScanFlags {
  from?: string;
  callsPerDay?: number;
  latencyMs?: number;
  hitRate?: number;
  costPerCall?: number;
  batchSize?: number;
  loopSize?: number;
  spread?: Spread;
  stats?: string[];
  format?: string;
  json?: boolean;
  output?: string;
}

/** The `estimate --json` document: DESIGN §3's shape, plus where its input came from. */
export type EstimateDocument = { tool: { name: string; version: string }; input: EstimateInput } & Estimate;

export interface EstimateInput {
  /** The assessment file, or the root that was assessed. */
  assessment: string;
  findings: number;
  stats?: { source: string; since: string; until: string; days: number | null; prefixes: number };
}

async function obtainAssessment(context: ScanContext, options: EstimateOptions): Promise<{ assessment: Assessment; origin: string }> {
  if (options.from) {
    const value = await readJsonFile(options.from, "assessment");
    try {
      return { assessment: parseAssessment(value, options.from), origin: options.from };
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  // Loaded on demand: the scanner pulls in the TypeScript compiler, which --from never needs.
  const { runAssessment } = await import("../scan/assess.js");
  const spinner = progress(detectTerminal(), "Finding files…").start();
  try {
    const assessment = await runAssessment({
      ...scanTarget(context),
      ignore: context.config.ignore,
      onFilesFound: (count) => spinner.set(`Scanning ${count} files…`),
    });
    for (const problem of assessment.errors) process.stderr.write(`optimigrate: ${problem.file}: ${problem.message} (skipped)\n`);
    return { assessment, origin: assessment.root };
  } finally {
    spinner.stop();
  }
}

export async function runEstimate(paths: string[], options: EstimateOptions): Promise<{ document: EstimateDocument; exitCode: number }> {
  if (options.from && (options.include?.length || options.exclude?.length)) {
    throw new UsageError("--include and --exclude choose the files to assess; with --from the assessment is already made");
  }
  const context = await scanContext(paths, options);
  const { config } = context;
  const { assessment, origin } = await obtainAssessment(context, options);
  let measured: Measured | undefined;
  let statsInput: EstimateInput["stats"];
  if (options.stats?.length) {
    const snapshot = await readStatsFiles(options.stats);
    measured = measureSnapshot(snapshot);
    statsInput = { source: snapshot.source ?? options.stats.join(", "), ...measured.period, prefixes: measured.prefixes.size };
  }
  const flags: Partial<Record<GlobalFigure, number>> & { spread?: Spread } = {};
  for (const key of ["callsPerDay", "latencyMs", "hitRate", "costPerCall", "batchSize", "loopSize"] as const) {
    if (options[key] !== undefined) flags[key] = options[key];
  }
  if (options.spread !== undefined) flags.spread = options.spread;
  const measuredTotal: Partial<Record<"callsPerDay" | "latencyMs" | "hitRate", number>> = {};
  if (measured) {
    if (measured.total.requestsPerDay !== null) measuredTotal.callsPerDay = measured.total.requestsPerDay;
    if (measured.total.hitRate !== null) measuredTotal.hitRate = measured.total.hitRate;
    if (measured.total.loadLatencyMs !== null) measuredTotal.latencyMs = measured.total.loadLatencyMs;
  }
  const profile = resolveProfile({ flags, config: estimateConfigOf(config), measuredTotal });
  const estimate = estimateSavings(assessment.findings, profile, measured);
  if (measured && !estimate.sites.some((s) => s.prefix !== undefined)) {
    estimate.assumptions.notes.push("no call site's function matched a measured cache prefix: only the totals over all prefixes were used");
  }
  const document: EstimateDocument = {
    tool: { name: TOOL.name, version: TOOL.version },
    input: { assessment: origin, findings: assessment.findings.length, ...(statsInput ? { stats: statsInput } : {}) },
    ...estimate,
  };
  // Files that could not be parsed were reported on stderr by the assessment run; the estimate covers the rest.
  return { document, exitCode: !options.from && assessment.errors.length > 0 ? EXIT.partial : EXIT.ok };
}

export function register(program: Command): void {
  const command = program
    .command("estimate")
    .summary("put calls, time and dollars saved per day on an assessment")
    .description(
      "Estimate what caching and batching would save per day: per call site, per loop and in total, a what-if table over hit rates, " +
        "and the guide's success criteria. Calls/day are split evenly over the cacheable read sites unless config or --stats gives per-site figures.",
    )
    .argument("[paths...]", "files or directories to assess (one directory: also where optimigrate.config.json is)", [])
    .option("--from <file>", "use the findings of an assessment file (the output of assess --json) instead of running one")
    .option("--calls-per-day <n>", "calls per day, shared by the call sites (default 10000)", numberOption("non-negative"))
    .option("--latency-ms <ms>", "latency of one real call in ms (default 100)", numberOption("non-negative"))
    .option("--hit-rate <rate>", "expected cache hit rate, 0…1 or a percentage (default 0.7)", numberOption("fraction"))
    .option("--cost-per-call <usd>", "dollars per real call (default 0.002)", numberOption("non-negative"))
    .option("--batch-size <n>", "batch size of batched loops (default 10)", numberOption("integer"))
    .option("--loop-size <n>", "typical iterations of a loop (default 20)", numberOption("integer"))
    .option("--spread <how>", `how calls/day are shared: ${SPREADS.join(" or ")} sites (default cacheable)`, (v: string) => {
      if (!(SPREADS as readonly string[]).includes(v)) throw new InvalidArgumentError(`must be one of ${SPREADS.join(", ")}.`);
      return v as Spread;
    })
    .option("--stats <file>", "runtime stats snapshot: measured hit rates, latencies and traffic instead of assumptions (repeatable)", collect)
    .option("--format <format>", `output format: ${ESTIMATE_FORMATS.join(", ")} (default table)`)
    .option("--json", "same as --format json")
    .option("-o, --output <file>", "write the output to a file instead of stdout");
  addScanOptions(command)
    .addHelpText(
      "after",
      `
Examples:
  $ optimigrate estimate                                   assess . and estimate with the defaults
  $ optimigrate estimate --from assessment.json --calls-per-day 50000 --json
  $ optimigrate estimate --stats stats.json                measured hit rates, latencies and traffic
  $ optimigrate estimate --format markdown > estimate.md`,
    ).action(async (paths: string[], options: EstimateOptions) => {
      const format = chooseFormat(options, ESTIMATE_FORMATS, "table");
      const { document, exitCode } = await runEstimate(paths, options);
      await emit(estimateReporters[format](document, outputColor(options.output)), options.output);
      process.exitCode = exitCode;
    });
}
