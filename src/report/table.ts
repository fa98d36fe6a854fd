// `--format table` (the default on a terminal): what a person reads after `assess` — counts by kind,
// library and operation, hotspots, the top sites, failures, and a closing line.
import Table from "cli-table3";
import type { ChalkInstance } from "chalk";
import { FINDING_KINDS, hotspotFindings, type Assessment, type FindingKind } from "../findings.js";
import { hotspotsByFile, hotspotsByFunction, libraryCounts, topSites } from "./aggregate.js";
import { snippet, testFilesNote } from "./describe.js";
import type { ReportOptions } from "./reporter.js";

const DEFAULT_LIMIT = 20;
const MIN_CODE = 40;
const MIN_LOCATION = 24;
const DEFAULT_WIDTH = 120;
const HOTSPOT_ROWS = 10;

const KIND_MEANING: Record<FindingKind, string> = {
  "api-call": "requests that leave the process",
  "db-query": "queries to a database or data store",
  "sequential-await": "awaits that wait in line",
};

function kindColor(color: ChalkInstance, kind: FindingKind): (text: string) => string {
  return kind === "api-call" ? color.cyan : kind === "db-query" ? color.magenta : color.yellow;
}

/** cli-table3 colours heads and borders itself unless told not to; every colour must come from `color`. */
function table(color: ChalkInstance, head: string[], aligns: ("left" | "right")[]): Table.Table {
  return new Table({
    head: head.map((h) => color.bold(h)),
    colAligns: aligns,
    style: { head: [], border: [], "padding-left": 1, "padding-right": 1, compact: true },
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function renderTable(assessment: Assessment, options: ReportOptions): string {
  const { color } = options;
  const { findings, files, summary } = assessment;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const out: string[] = [];
  out.push(color.bold(`optimigrate assessment of ${assessment.root}`), "");

  if (findings.length === 0) {
    out.push(color.green("No API calls, database queries or sequential awaits found."), "");
  } else {
    const kinds = table(color, ["Kind", "Findings", "What it counts"], ["left", "right", "left"]);
    for (const kind of FINDING_KINDS) {
      kinds.push([kindColor(color, kind)(kind), summary.byKind[kind] ?? 0, color.dim(KIND_MEANING[kind])]);
    }
    kinds.push([color.bold("total"), color.bold(String(findings.length)), ""]);
    out.push(kinds.toString());
    if (summary.testFindings > 0) out.push(color.dim(`  ${testFilesNote(summary.testFindings, findings.length)}`));
    out.push("");

    const libraries = libraryCounts(findings);
    if (libraries.length > 0) {
      const libs = table(color, ["Library", "Read", "Write", "Unknown", "Total"], ["left", "right", "right", "right", "right"]);
      for (const row of libraries) libs.push([row.library, row.read, row.write, row.unknown, row.total]);
      libs.push([
        color.bold("all operations"),
        summary.byOperation.read ?? 0,
        summary.byOperation.write ?? 0,
        summary.byOperation.unknown ?? 0,
        color.bold(String((summary.byOperation.read ?? 0) + (summary.byOperation.write ?? 0) + (summary.byOperation.unknown ?? 0))),
      ]);
      out.push(libs.toString(), "");
    }

    const ranked = hotspotFindings(findings);
    const byFile = hotspotsByFile(ranked);
    const files_ = table(color, ["Hotspot file", "Findings"], ["left", "right"]);
    for (const h of byFile.slice(0, HOTSPOT_ROWS)) files_.push([h.file, h.findings]);
    out.push(files_.toString());
    if (byFile.length > HOTSPOT_ROWS) out.push(color.dim(`  …${plural(byFile.length - HOTSPOT_ROWS, "more file")}`));
    out.push("");

    const byFunction = hotspotsByFunction(ranked);
    if (byFunction.length > 0) {
      const fns = table(color, ["Hotspot function", "File", "Findings"], ["left", "left", "right"]);
      for (const h of byFunction.slice(0, HOTSPOT_ROWS)) fns.push([h.function, color.dim(h.file), h.findings]);
      out.push(fns.toString());
      if (byFunction.length > HOTSPOT_ROWS) out.push(color.dim(`  …${plural(byFunction.length - HOTSPOT_ROWS, "more function")}`));
      out.push("");
    }

    const sites = topSites(findings).slice(0, limit);
    out.push(color.bold(sites.length < findings.length ? `Top sites (${sites.length} of ${findings.length})` : "Sites"));
    // library and operation share one column ("pg read"): the code, the part a reader needs, gets the room
    const siteTable = table(color, ["Kind", "Location", "Call", "Code"], ["left", "left", "left", "left"]);
    const cells = sites.map((f) => [`${f.kind}${f.safety ? ` ${f.safety}` : ""}`, `${f.file}:${f.line}`, [f.library, f.operation].filter(Boolean).join(" ")]);
    const columnWidth = (i: number) => Math.max(4, ...cells.map((row) => row[i]!.length)) + 3;
    // Deep paths keep their end (file and line) so that the code keeps at least MIN_CODE columns.
    const room = (options.width ?? DEFAULT_WIDTH) - columnWidth(0) - columnWidth(2) - 4 - 3 - MIN_CODE;
    const maxLocation = Math.max(MIN_LOCATION, room);
    for (const row of cells) {
      const location = row[1]!;
      const keep = Math.max(maxLocation, location.length - location.lastIndexOf("/"));
      if (location.length > keep) row[1] = `…${location.slice(location.length - keep + 1)}`;
    }
    // The code column gets what the other columns (3 spaces of padding and border each) leave of the width.
    const fixed = [0, 1, 2].reduce((sum, i) => sum + columnWidth(i), 0) + 4;
    const codeWidth = Math.min(80, Math.max(20, (options.width ?? DEFAULT_WIDTH) - fixed));
    sites.forEach((f, i) => {
      const safety = f.safety ? color.dim(` ${f.safety}`) : "";
      siteTable.push([kindColor(color, f.kind)(f.kind) + safety, cells[i]![1]!, cells[i]![2]!, snippet(f.code, codeWidth)]);
    });
    out.push(siteTable.toString());
    if (sites.length < findings.length) {
      out.push(color.dim(`  …${plural(findings.length - sites.length, "more site")} (use --json or --format markdown for all)`));
    }
    out.push("");
  }

  if (assessment.errors.length > 0) {
    out.push(color.red.bold(`Could not read or parse ${plural(assessment.errors.length, "file")}:`));
    for (const problem of assessment.errors) out.push(`  ${color.red(problem.file)}: ${problem.message}`);
    out.push("");
  }

  const failed = files.failed > 0 ? color.red(`${files.failed} failed`) : `${files.failed} failed`;
  out.push(
    `Scanned ${plural(files.scanned, "file")} (${files.skipped} skipped, ${failed}): ` +
      `${color.bold(plural(findings.length, "finding"))} in ${(summary.durationMs / 1000).toFixed(2)} s`,
  );
  return `${out.join("\n")}\n`;
}
