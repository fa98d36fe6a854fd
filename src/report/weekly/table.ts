// The weekly report for a terminal: per prefix and total, the criteria as measured, estimated vs achieved.
import type { ChalkInstance } from "chalk";
import type { AchievedRow, Comparison, WeeklyReport } from "../../estimate/achieved.js";
import { formatCount, formatDuration, formatMsOrDash, formatPct, formatRatio, formatUsd } from "../format.js";
import { makeTable } from "../make-table.js";

export function formatCriterionValue(unit: "fraction" | "times", value: number | null): string {
  return unit === "times" ? formatRatio(value) : formatPct(value);
}

export function formatComparisonValue(unit: Comparison["unit"], value: number | null): string {
  if (value === null) return "–";
  switch (unit) {
    case "fraction":
      return formatPct(value);
    case "calls":
      return formatCount(value);
    case "ms":
      return formatDuration(value);
    case "usd":
      return formatUsd(value);
  }
}

export function costText(r: WeeklyReport): string {
  const flat = formatUsd(r.assumptions.costPerCall);
  if (r.total.costSource === "estimate") return "the estimate's cost per call of each prefix";
  if (r.total.costSource === "mixed") return `the estimate's cost per call where a prefix matches, else ${flat}`;
  return `${flat} per call`;
}

export function latencyText(r: WeeklyReport): string {
  const a = r.assumptions;
  if (a.latencySource === "flag") return `${formatDuration(a.latencyMs)} per saved call`;
  if (a.latencySource === "measured") return "the measured load latency per saved call";
  return `${formatDuration(a.latencyMs)} per saved call (assumed)`;
}

export function periodText(r: WeeklyReport): string {
  return r.period.days ? `${r.period.since} to ${r.period.until} (${formatCount(r.period.days)} day${r.period.days === 1 ? "" : "s"})` : `until ${r.period.until} (period unknown)`;
}

export function rowCells(name: string, r: AchievedRow): string[] {
  return [
    name,
    formatCount(r.requests),
    formatCount(r.hits),
    formatCount(r.misses),
    formatPct(r.hitRate),
    formatMsOrDash(r.latency.avgMs),
    formatMsOrDash(r.latency.p95Ms),
    formatCount(r.callsSaved),
    formatUsd(r.costSavedUsd),
    (r.hoursSaved).toFixed(2),
  ];
}

export const ROW_HEAD = ["Prefix", "Requests", "Hits", "Misses", "Hit rate", "Avg latency", "p95 latency", "Calls saved", "$ saved", "Hours saved"];

export function renderWeeklyTable(r: WeeklyReport, color: ChalkInstance): string {
  const out: string[] = [];
  out.push(color.bold("Cache report"));
  out.push(`Stats: ${r.source}`);
  out.push(`Period: ${periodText(r)}`);
  out.push(`Savings at ${costText(r)} and ${latencyText(r)}`);
  const table = makeTable(color, ROW_HEAD, ["left", "right", "right", "right", "right", "right", "right", "right", "right", "right"]);
  for (const p of r.prefixes) table.push(rowCells(p.prefix, p));
  table.push(rowCells("total", r.total).map((c) => color.bold(c)));
  out.push("", table.toString());
  const t = r.total;
  out.push(
    `Loads ${formatCount(t.loads)}, errors ${formatCount(t.errors)} (${formatPct(t.errorRate, 2)}), deduplicated ${formatCount(t.dedupes)}${t.uncacheable ? `, uncached (not plain data) ${formatCount(t.uncacheable)}` : ""}; ` +
      `cached answers avg ${formatMsOrDash(t.hitLatency.avgMs)} vs real calls avg ${formatMsOrDash(t.loadLatency.avgMs)} (${formatRatio(t.cachedSpeedup)} faster)`,
  );
  if (r.perDay) {
    out.push(
      `Per day: ${formatCount(r.perDay.requests)} requests, ${color.green.bold(formatCount(r.perDay.callsSaved))} calls saved, ` +
        `${color.green.bold(formatUsd(r.perDay.costSavedUsd))} saved, ${color.green.bold(formatDuration(r.perDay.timeSavedMs))} saved`,
    );
  }
  out.push("", color.bold("Success criteria (measured)"));
  for (const c of r.criteria) {
    const mark = c.met === true ? color.green("✓ met    ") : c.met === false ? color.red("✗ not met") : color.yellow("? unknown");
    out.push(`  ${mark}  ${c.name}: measured ${formatCriterionValue(c.unit, c.measured)}${c.note ? color.dim(` (${c.note})`) : ""}`);
  }
  if (r.comparison) {
    const cmp = makeTable(color, ["Figure", "Estimated", "Achieved", "Achieved / estimated"], ["left", "right", "right", "right"]);
    for (const row of r.comparison.totals) {
      const ratio = row.ratio === null ? "–" : formatPct(row.ratio, 0);
      cmp.push([row.metric, formatComparisonValue(row.unit, row.estimated), formatComparisonValue(row.unit, row.achieved), row.ratio !== null && row.ratio < 1 ? color.yellow(ratio) : ratio]);
    }
    out.push("", color.bold(`Estimated (${r.comparison.estimate}) vs achieved`), cmp.toString());
    if (r.comparison.prefixes.length) {
      const per = makeTable(color, ["Prefix", "Function", "Estimated hit rate", "Achieved hit rate"], ["left", "left", "right", "right"]);
      for (const p of r.comparison.prefixes) per.push([p.prefix, p.function, formatPct(p.estimatedHitRate), formatPct(p.achievedHitRate)]);
      out.push(per.toString());
    }
  }
  if (r.notes.length) {
    out.push("", color.bold("Notes"));
    for (const n of r.notes) out.push(color.dim(`  - ${n}`));
  }
  return out.join("\n");
}
