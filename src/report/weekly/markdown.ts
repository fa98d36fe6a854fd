// The weekly report as markdown, for a wiki page or a scheduled issue comment.
import type { WeeklyReport } from "../../estimate/achieved.js";
import { formatCount, formatDuration, formatMsOrDash, formatPct, formatRatio, formatUsd, mdTable } from "../format.js";
import { costText, formatComparisonValue, formatCriterionValue, latencyText, periodText, ROW_HEAD, rowCells } from "./table.js";

export function renderWeeklyMarkdown(r: WeeklyReport): string {
  const out: string[] = [];
  out.push("## Cache report", "");
  out.push(`- Stats: ${r.source}`, `- Period: ${periodText(r)}`, `- Savings at ${costText(r)} and ${latencyText(r)}`, "");
  out.push(
    mdTable(
      ROW_HEAD,
      [...r.prefixes.map((p) => rowCells(`\`${p.prefix}\``, p)), rowCells("**total**", r.total)],
      ["l", "r", "r", "r", "r", "r", "r", "r", "r", "r"],
    ),
    "",
  );
  const t = r.total;
  out.push(
    `Loads ${formatCount(t.loads)}, errors ${formatCount(t.errors)} (${formatPct(t.errorRate, 2)}), deduplicated ${formatCount(t.dedupes)}${t.uncacheable ? `, uncached (not plain data) ${formatCount(t.uncacheable)}` : ""}; cached answers avg ${formatMsOrDash(t.hitLatency.avgMs)} vs real calls avg ${formatMsOrDash(t.loadLatency.avgMs)} (${formatRatio(t.cachedSpeedup)} faster).`,
  );
  if (r.perDay) {
    out.push("", `Per day: ${formatCount(r.perDay.requests)} requests, ${formatCount(r.perDay.callsSaved)} calls saved, ${formatUsd(r.perDay.costSavedUsd)} saved, ${formatDuration(r.perDay.timeSavedMs)} saved.`);
  }
  out.push("", "### Success criteria (measured)", "");
  out.push(
    mdTable(
      ["Criterion", "Measured", "Met"],
      r.criteria.map((c) => [c.name, formatCriterionValue(c.unit, c.measured), c.met === true ? "✅ yes" : c.met === false ? "❌ no" : `❔ ${c.note ?? "unknown"}`]),
    ),
  );
  if (r.comparison) {
    out.push("", `### Estimated vs achieved`, "", `Estimate: \`${r.comparison.estimate}\``, "");
    out.push(
      mdTable(
        ["Figure", "Estimated", "Achieved", "Achieved / estimated"],
        r.comparison.totals.map((c) => [c.metric, formatComparisonValue(c.unit, c.estimated), formatComparisonValue(c.unit, c.achieved), c.ratio === null ? "–" : formatPct(c.ratio, 0)]),
        ["l", "r", "r", "r"],
      ),
    );
    if (r.comparison.prefixes.length) {
      out.push("", mdTable(["Prefix", "Function", "Estimated hit rate", "Achieved hit rate"], r.comparison.prefixes.map((p) => [`\`${p.prefix}\``, `\`${p.function}\``, formatPct(p.estimatedHitRate), formatPct(p.achievedHitRate)]), ["l", "l", "r", "r"]));
    }
  }
  if (r.notes.length) out.push("", ...r.notes.map((n) => `- ${n}`));
  return out.join("\n");
}
