// `optimigrate tune`: TTL recommendations per cache prefix from runtime stats (the guide's TTL optimizer).
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { TUNE_FORMATS, tuneReporters } from "../report/tune/index.js";
import { DEFAULT_RULES, type TuneRules } from "../tune/recommend.js";
import { tune, type TuneResult } from "../tune/tune.js";
import { TOOL } from "../version.js";
import { numberOption, outputColor } from "./options.js";
import { chooseFormat, emit } from "./output.js";
import { addStatsSourceOptions, loadStats, type StatsSourceOptions } from "./stats-input.js";

export interface TuneOptions extends StatsSourceOptions {
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

export async function runTune(options: TuneOptions): Promise<TuneDocument> {
  const rules = rulesFrom(options);
  const snapshot = await loadStats(options);
  return { tool: { name: TOOL.name, version: TOOL.version }, ...tune(snapshot, rules) };
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
    .option("--format <format>", `output format: ${TUNE_FORMATS.join(", ")} (default table)`)
    .option("--json", "same as --format json")
    .option("-o, --output <file>", "write the output to a file instead of stdout")
    .addHelpText(
      "after",
      `
Examples:
  $ optimigrate tune --stats stats.json
  $ optimigrate tune --redis redis://localhost:6379 --json`,
    )
    .action(async (options: TuneOptions) => {
      const format = chooseFormat(options, TUNE_FORMATS, "table");
      const document = await runTune(options);
      await emit(tuneReporters[format](document, outputColor(options.output)), options.output);
    });
}
