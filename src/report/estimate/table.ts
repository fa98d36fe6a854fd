// The estimate for a terminal: assumptions, daily savings, per-site and per-loop tables, what-if, criteria.
import type { ChalkInstance } from "chalk";
import type { Estimate } from "../../estimate/estimate.js";
import type { FigureSource } from "../../estimate/profile.js";
import { formatCount, formatDuration, formatPct, formatUsd } from "../format.js";
import { makeTable } from "../make-table.js";

const SOURCE_LABEL: Record<FigureSource, string> = {
  measured: "measured",
  "measured-total": "measured (all prefixes)",
  override: "config override",
  flag: "given",
  config: "config",
  default: "assumed",
  split: "share of total",
  derived: "derived",
  none: "not assigned",
};

export function sourceLabel(source: FigureSource): string {
  return SOURCE_LABEL[source];
}

/** A loop's first reason, and how many more there are. */
export function firstReason(reasons: readonly string[] | undefined): string {
  if (!reasons?.length) return "judged unsafe to batch";
  return reasons.length > 1 ? `${reasons[0]} (+${reasons.length - 1} more)` : reasons[0]!;
}

function where(file: string, line: number): string {
  return `${file}:${line}`;
}

export function renderEstimateTable(e: Estimate, color: ChalkInstance): string {
  const a = e.assumptions;
  const t = e.totals;
  const out: string[] = [];
  out.push(color.bold("Savings estimate (per day)"));
  out.push(
    `Assumptions: ${formatCount(a.callsPerDay)} calls/day (${sourceLabel(a.sources.callsPerDay)}), ${formatDuration(a.latencyMs)}/call (${sourceLabel(a.sources.latencyMs)}), ` +
      `${formatPct(a.hitRate)} hit rate (${sourceLabel(a.sources.hitRate)}), ${formatUsd(a.costPerCall)}/call (${sourceLabel(a.sources.costPerCall)}), ` +
      `batches of ${a.batchSize}, loops of ${a.loopSize} iterations${a.overrides ? `, ${a.overrides} config override${a.overrides === 1 ? "" : "s"}` : ""}`,
  );
  out.push("");
  out.push(
    `${color.green.bold(formatCount(t.callsSaved))} of ${formatCount(t.callsPerDay)} calls saved, ` +
      `${color.green.bold(formatDuration(t.timeSavedMs))} of waiting saved, ` +
      `${color.green.bold(formatUsd(t.costSavedUsd))} saved of ${formatUsd(t.costPerDayUsd)}; ` +
      `batching saves ${color.green.bold(formatDuration(t.batchTimeSavedMs))}`,
  );

  if (e.sites.length > 0) {
    const table = makeTable(color, ["Site", "Function", "Kind", "Calls/day", "Hit rate", "Latency", "Calls saved", "Time saved", "$ saved"], [
      "left", "left", "left", "right", "right", "right", "right", "right", "right",
    ]);
    for (const s of e.sites) {
      const measured = (src: FigureSource) => (src === "measured" ? color.cyan("*") : "");
      const row = [
        where(s.file, s.line),
        s.function ?? "",
        `${s.kind}${s.library ? ` (${s.library})` : ""}`,
        formatCount(s.callsPerDay) + measured(s.figures.callsPerDay),
        s.cacheable ? formatPct(s.hitRate) + measured(s.figures.hitRate) : "–",
        formatDuration(s.latencyMs) + measured(s.figures.latencyMs),
        s.cacheable ? formatCount(s.callsSaved) : color.dim(s.reason),
        s.cacheable ? formatDuration(s.timeSavedMs) : "",
        s.cacheable ? formatUsd(s.costSavedUsd) : "",
      ];
      table.push(s.cacheable ? row : row.map((c) => color.dim(c)));
    }
    out.push("", color.bold(`Call sites (${t.sites.cacheable} cacheable, ${t.sites.notCacheable} not)`), table.toString());
    if (e.sites.some((s) => Object.values(s.figures).includes("measured"))) out.push(color.cyan("* measured by the runtime (--stats)"));
  }

  if (e.loops.length > 0) {
    const table = makeTable(color, ["Loop", "Function", "Kind", "Iterations", "Sequential", "Batched", "Saved/run", "Runs/day", "Saved/day"], [
      "left", "left", "left", "right", "right", "right", "right", "right", "right",
    ]);
    for (const l of e.loops) {
      const row = [
        where(l.file, l.line),
        l.function ?? "",
        `${l.loopKind}${l.safety ? ` (${l.safety})` : ""}`,
        formatCount(l.iterations),
        formatDuration(l.sequentialMs),
        formatDuration(l.batchedMs),
        formatDuration(l.savedMs),
        formatCount(l.runsPerDay),
        l.batchable ? formatDuration(l.timeSavedMsPerDay) : "not counted",
      ];
      table.push(l.batchable ? row : row.map((c) => color.dim(c)));
    }
    out.push("", color.bold(`Sequential awaits (${t.sites.batchableLoops} of ${t.sites.loops} batchable)`), table.toString());
    const left = e.loops.filter((l) => !l.batchable);
    if (left.length) {
      out.push(color.dim("Not counted (the first reason; all of them in --json):"));
      for (const l of left) out.push(color.dim(`  ${where(l.file, l.line)}: ${firstReason(l.reasons)}`));
    }
  }

  const whatIf = makeTable(color, ["Hit rate", "Calls saved", "Time saved", "$ saved", "API-call reduction", "Cost reduction"], [
    "right", "right", "right", "right", "right", "right",
  ]);
  for (const w of e.whatIf) {
    whatIf.push([formatPct(w.hitRate, 0), formatCount(w.callsSaved), formatDuration(w.timeSavedMs), formatUsd(w.costSavedUsd), formatPct(w.apiCallReduction), formatPct(w.costReduction)]);
  }
  out.push("", color.bold("What if the hit rate were…"), whatIf.toString());

  out.push("", color.bold("Success criteria"));
  for (const c of e.criteria) {
    const mark = c.met === true ? color.green("✓ met    ") : c.met === false ? color.red("✗ not met") : color.yellow("? unknown");
    out.push(`  ${mark}  ${c.name}: expected ${formatPct(c.expected)}${c.note ? color.dim(` (${c.note})`) : ""}`);
  }
  if (a.notes.length > 0) {
    out.push("", color.bold("Notes"));
    for (const note of a.notes) out.push(color.dim(`  - ${note}`));
  }
  return out.join("\n");
}
