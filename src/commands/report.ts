// `optimigrate report`: the guide's weekly report from what the runtime measured, and how it compares with the estimate.
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { compareWithEstimate, costsFromEstimate, parseEstimateSummary, weeklyReport, type EstimateSummary, type WeeklyReport } from "../estimate/achieved.js";
import { WEEKLY_FORMATS, weeklyReporters } from "../report/weekly/index.js";
import { TOOL } from "../version.js";
import { numberOption, outputColor, readJsonFile } from "./options.js";
import { chooseFormat, emit } from "./output.js";
import { addStatsSourceOptions, loadStats, type StatsSourceOptions } from "./stats-input.js";

export interface ReportOptions extends StatsSourceOptions {
  costPerCall?: number;
  latencyMs?: number;
  baselineErrorRate?: number;
  estimate?: string;
  format?: string;
  json?: boolean;
  output?: string;
}

export type ReportDocument = { tool: { name: string; version: string } } & WeeklyReport;

export async function runReport(options: ReportOptions): Promise<ReportDocument> {
  const snapshot = await loadStats(options);
  let estimate: EstimateSummary | undefined;
  if (options.estimate) {
    const value = await readJsonFile(options.estimate, "estimate");
    try {
      estimate = parseEstimateSummary(value, options.estimate);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  let report = weeklyReport(snapshot, {
    ...(options.costPerCall !== undefined ? { costPerCall: options.costPerCall } : {}),
    ...(estimate ? { costPerPrefix: costsFromEstimate(estimate, Object.keys(snapshot.prefixes)) } : {}),
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
    ...(options.baselineErrorRate !== undefined ? { baselineErrorRate: options.baselineErrorRate } : {}),
  });
  if (estimate && options.estimate) report = compareWithEstimate(report, estimate, options.estimate);
  return { tool: { name: TOOL.name, version: TOOL.version }, ...report };
}

export function register(program: Command): void {
  const command = program
    .command("report")
    .summary("weekly cache report from runtime stats: hit rates, latency, calls, dollars and hours saved")
    .description(
      "Report what the runtime measured, per cache prefix and in total: requests, hits, misses, hit rate, average and p95 latency, " +
        "calls, dollars and hours saved, and the guide's success criteria; with --estimate, estimated vs achieved.",
    );
  addStatsSourceOptions(command)
    .option("--cost-per-call <usd>", "dollars per real call (default 0.002; with --estimate, its per-site costs win where a prefix matches)", numberOption("non-negative"))
    .option("--latency-ms <ms>", "time one saved call would have taken (default: the measured load latency, else 100)", numberOption("non-negative"))
    .option("--baseline-error-rate <rate>", "error rate before the migration, to judge 'no rise in error rate'", numberOption("fraction"))
    .option("--estimate <file>", "an estimate --json output to compare with")
    .option("--format <format>", `output format: ${WEEKLY_FORMATS.join(", ")} (default table)`)
    .option("--json", "same as --format json")
    .option("-o, --output <file>", "write the output to a file instead of stdout")
    .addHelpText(
      "after",
      `
Examples:
  $ optimigrate report --stats stats.json
  $ optimigrate report --stats a.json --stats b.json --estimate estimate.json
  $ optimigrate report --redis redis://localhost:6379 --namespace optimigrate --format markdown`,
    )
    .action(async (options: ReportOptions) => {
      const format = chooseFormat(options, WEEKLY_FORMATS, "table");
      const document = await runReport(options);
      await emit(weeklyReporters[format](document, outputColor(options.output)), options.output);
    });
}
