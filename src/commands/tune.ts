// `optimigrate tune`: TTL recommendations per cache prefix from runtime stats (the guide's TTL optimizer).
import type { Command } from "commander";
import { EXIT, UsageError } from "../errors.js";
import { TUNE_FORMATS, tuneReporters } from "../report/tune/index.js";
import { DEFAULT_RULES, type TuneRules } from "../tune/recommend.js";
import { tune, type TuneResult } from "../tune/tune.js";
import { TOOL } from "../version.js";
import { numberOption, outputColor } from "./options.js";
import { chooseFormat, emit } from "./output.js";
import { addStatsSourceOptions, loadStats, type StatsSourceOptions } from "./stats-input.js";
import { addScanOptions, scanContext, type ScanFlags, scanTarget } from "./common-options.js";

export interface TuneOptions extends StatsSourceOptions, ScanFlags {
  apply?: boolean;
  dryRun?: boolean;
  check?: boolean;
  allowDirty?: boolean;
  minRequests?: number;
  minTtl?: number;
  maxTtl?: number;
  format?: string;
  json?: boolean;
  output?: string;
}

export type TuneDocument = { tool: { name: string; version: string } } & TuneResult;

export function rulesFrom(options: TuneOptions): TuneRules {
  const rules: TuneRules = {
    ...DEFAULT_RULES,
    ...(options.minRequests !== undefined ? { minRequests: options.minRequests } : {}),
    ...(options.minTtl !== undefined ? { minTtl: options.minTtl } : {}),
    ...(options.maxTtl !== undefined ? { maxTtl: options.maxTtl } : {}),
  };
  if (rules.minTtl > rules.maxTtl) throw new UsageError(`--min-ttl ${rules.minTtl} is greater than --max-ttl ${rules.maxTtl}`);
  return rules;
}

export async function runTune(paths: string[], options: TuneOptions): Promise<{ document: TuneDocument; exitCode: number }> {
  const rules = rulesFrom(options);
  if (options.dryRun && options.check) throw new UsageError("--dry-run and --check do not go together: --check already writes nothing");
  const rewrite = options.apply || options.dryRun || options.check;
  if (!rewrite && paths.length) throw new UsageError("paths are only used with --apply, --dry-run or --check");
  if (!rewrite && options.allowDirty) throw new UsageError("--allow-dirty only applies with --apply");
  const snapshot = await loadStats(options);
  const document: TuneDocument = { tool: { name: TOOL.name, version: TOOL.version }, ...tune(snapshot, rules) };
  if (!rewrite) return { document, exitCode: EXIT.ok };
  const context = await scanContext(paths, options);
  // Loaded on demand: the rewrite needs the TypeScript parser, the recommendations do not.
  const { applyTtlRecommendations, pendingEdits } = await import("../tune/apply.js");
  const mode = options.check ? "check" : options.dryRun ? "dry-run" : "write";
  const apply = await applyTtlRecommendations(
    { ...scanTarget(context), mode, allowDirty: options.allowDirty ?? false },
    document.recommendations,
  );
  document.apply = apply;
  let exitCode: number = EXIT.ok;
  if (apply.failed.length) exitCode = EXIT.partial;
  if (mode === "check" && pendingEdits(apply) > 0) exitCode = EXIT.checkFailed;
  return { document, exitCode };
}

export function register(program: Command): void {
  const command = program
    .command("tune")
    .summary("TTL recommendations per cache prefix from runtime stats")
    .description(
      `Recommend a TTL per cache prefix from what the runtime measured: hit rate > ${DEFAULT_RULES.highHitRate * 100}% -> TTL x${DEFAULT_RULES.increaseFactor}, ` +
        `< ${DEFAULT_RULES.lowHitRate * 100}% -> TTL x${DEFAULT_RULES.decreaseFactor}, otherwise keep. Prefixes with fewer than --min-requests requests get no recommendation.`,
    );
  addStatsSourceOptions(command)
    .option("--min-requests <n>", `requests a prefix needs before its hit rate is trusted (default ${DEFAULT_RULES.minRequests})`, numberOption("integer"))
    .option("--min-ttl <seconds>", `smallest TTL to recommend (default ${DEFAULT_RULES.minTtl})`, numberOption("integer"))
    .option("--max-ttl <seconds>", `largest TTL to recommend (default ${DEFAULT_RULES.maxTtl})`, numberOption("integer"))
    .argument("[paths...]", "with --apply: files or directories whose cached() calls to rewrite (default .)", [])
    .option("--apply", "rewrite the ttl literals of matching cached(\"<prefix>\", …, { ttl: N }, …) calls")
    .option("--dry-run", "with --apply: print the diffs, write nothing")
    .option("--check", "with --apply: write nothing, exit 1 if a TTL would change (CI)")
    .option("--allow-dirty", "with --apply: rewrite files that have uncommitted changes")
    .option("--format <format>", `output format: ${TUNE_FORMATS.join(", ")} (default table)`)
    .option("--json", "same as --format json")
    .option("-o, --output <file>", "write the output to a file instead of stdout")
    .addHelpText(
      "after",
      `
Examples:
  $ optimigrate tune --stats stats.json
  $ optimigrate tune --redis redis://localhost:6379 --json
  $ optimigrate tune --stats stats.json --apply --dry-run src    preview the TTL rewrite
  $ optimigrate tune --stats stats.json --apply --check          exit 1 if a TTL is not what the stats recommend`,
    )
  addScanOptions(command).action(async (paths: string[], options: TuneOptions) => {
    const format = chooseFormat(options, TUNE_FORMATS, "table");
    const { document, exitCode } = await runTune(paths, options);
    await emit(tuneReporters[format](document, outputColor(options.output)), options.output);
    process.exitCode = exitCode;
  });
}
