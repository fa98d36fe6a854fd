// `optimigrate assess`: find api-call, db-query and sequential-await sites and report them.
import type { Command } from "commander";
import { relative } from "node:path";
import { FINDING_KINDS, type Assessment, type FindingKind } from "../findings.js";
import { gitTopLevel } from "../scan/git.js";
import { EXIT, UsageError } from "../errors.js";
import { REPORTERS, REPORT_FORMATS, type ReportFormat } from "../report/index.js";
import { detectTerminal, progress } from "../terminal.js";
import { chooseFormat, emit } from "./output.js";
import { cacheWrapSettings } from "../migrate/cache-wrap-config.js";
import { collectList, outputColor } from "./options.js";
import { addScanOptions, scanContext, type ScanFlags, scanTarget } from "./common-options.js";

interface AssessFlags extends ScanFlags {
  format?: string;
  json?: boolean;
  output?: string;
  failOn?: string[];
  workers?: string;
}

function parseFailOn(values: string[] | undefined): FindingKind[] {
  const kinds: FindingKind[] = [];
  for (const value of values ?? []) {
    if (value === "any" || value === "all") kinds.push(...FINDING_KINDS);
    else if ((FINDING_KINDS as readonly string[]).includes(value)) kinds.push(value as FindingKind);
    else throw new UsageError(`--fail-on: unknown kind "${value}" (expected ${FINDING_KINDS.join(", ")} or any)`);
  }
  return kinds;
}

/**
 * Code scanning and workflow annotations place a finding by its path from the repository's top, while the
 * JSON contract keeps paths relative to the scanned root: rebase them for those two formats.
 */
async function relativeToRepository(assessment: Assessment): Promise<Assessment> {
  const top = await gitTopLevel(assessment.root);
  const prefix = top ? relative(top, assessment.root).split("\\").join("/") : "";
  if (!top || prefix === "" || prefix.startsWith("..")) return assessment;
  const rebase = (file: string) => `${prefix}/${file}`;
  return {
    ...assessment,
    root: top,
    findings: assessment.findings.map((f) => ({ ...f, file: rebase(f.file) })),
    errors: assessment.errors.map((e) => ({ ...e, file: rebase(e.file) })),
  };
}

function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new UsageError(`--workers must be an integer from 0 to 64, not "${value}"`);
  return n;
}

async function assess(paths: string[], flags: AssessFlags): Promise<number> {
  const term = detectTerminal();
  const fallback: ReportFormat = term.stdoutIsTTY || flags.output ? "table" : "json";
  const format = chooseFormat(flags, REPORT_FORMATS, flags.output?.endsWith(".sarif") ? "sarif" : fallback);
  const failOn = parseFailOn(flags.failOn);
  const workers = parseWorkers(flags.workers);
  const context = await scanContext(paths, flags);
  const spinner = progress(term, "Finding files…").start();
  // The scanner pulls in the TypeScript compiler: loaded only when a scan runs, so --help stays instant.
  const { runAssessment } = await import("../scan/assess.js");
  let assessment;
  try {
    assessment = await runAssessment({
      ...scanTarget(context),
      ignore: context.config.ignore,
      cacheWrap: cacheWrapSettings(context.config),
      workers,
      onFilesFound: (count) => spinner.set(`Scanning ${count} files…`),
      onOutcome: (_outcome, done, total) => {
        if (done % 100 === 0) spinner.set(`Scanning ${done}/${total} files…`);
      },
    });
  } finally {
    spinner.stop();
  }
  const color = outputColor(flags.output);
  const shown = format === "sarif" || format === "github" ? await relativeToRepository(assessment) : assessment;
  await emit(REPORTERS[format](shown, { color, width: process.stdout.columns }), flags.output);

  for (const problem of assessment.errors) process.stderr.write(`optimigrate: ${problem.file}: ${problem.message} (skipped)\n`);
  for (const skipped of assessment.skippedFiles) process.stderr.write(`optimigrate: ${skipped.file}: not scanned: ${skipped.message}\n`);
  if (format !== "table" || flags.output) {
    const seconds = (assessment.summary.durationMs / 1000).toFixed(2);
    process.stderr.write(
      `optimigrate: ${assessment.files.scanned} files scanned, ${assessment.findings.length} findings, ${seconds}s` +
        (flags.output ? ` -> ${flags.output}` : "") +
        "\n",
    );
  }
  const failing = assessment.findings.filter((f) => failOn.includes(f.kind)).length;
  if (failing > 0) {
    process.stderr.write(`optimigrate: ${failing} finding(s) of kind ${[...new Set(failOn)].join(", ")} (--fail-on)\n`);
    return EXIT.checkFailed;
  }
  return assessment.errors.length ? EXIT.partial : EXIT.ok;
}

export function registerAssess(program: Command): void {
  const command = program
    .command("assess")
    .description("find external API calls, database queries and sequential awaits")
    .argument("[paths...]", "files or directories to scan", [])
    .option("--format <format>", `output format: ${REPORT_FORMATS.join(", ")} (default: table on a terminal, json otherwise)`)
    .option("--json", "same as --format json")
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--fail-on <kinds>", `exit 1 when findings of these kinds exist (${FINDING_KINDS.join(", ")}, any)`, collectList)
    .option("--workers <n>", "worker threads (0 = none; default: by repo size)");
  addScanOptions(command)
    .addHelpText(
      "after",
      `
Examples:
  $ optimigrate assess
  $ optimigrate assess src --json > assessment.json
  $ optimigrate assess --format sarif --output optimigrate.sarif
  $ optimigrate assess --fail-on sequential-await`,
    )
    .action(async (paths: string[], flags: AssessFlags) => {
      process.exitCode = await assess(paths, flags);
    });
}
