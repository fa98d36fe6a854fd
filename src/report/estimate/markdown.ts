// The estimate as GitHub-flavoured markdown (pull-request comments, wikis): the same sections as the table.
import type { Estimate } from "../../estimate/estimate.js";
import { formatCount, formatDuration, formatPct, formatUsd, mdTable } from "../format.js";
import { firstReason, sourceLabel } from "./table.js";

export function renderEstimateMarkdown(e: Estimate): string {
  const a = e.assumptions;
  const t = e.totals;
  const out: string[] = [];
  out.push("## Savings estimate (per day)", "");
  out.push(
    mdTable(
      ["Assumption", "Value", "Source"],
      [
        ["Calls per day", formatCount(a.callsPerDay), sourceLabel(a.sources.callsPerDay)],
        ["Latency per call", formatDuration(a.latencyMs), sourceLabel(a.sources.latencyMs)],
        ["Hit rate", formatPct(a.hitRate), sourceLabel(a.sources.hitRate)],
        ["Cost per call", formatUsd(a.costPerCall), sourceLabel(a.sources.costPerCall)],
        ["Batch size", String(a.batchSize), sourceLabel(a.sources.batchSize)],
        ["Loop size", String(a.loopSize), sourceLabel(a.sources.loopSize)],
        ["Calls spread over", a.spread === "all" ? "all call sites" : "cacheable read sites", a.overrides ? `${a.overrides} config overrides` : ""],
      ],
    ),
    "",
  );
  out.push(
    mdTable(
      ["Calls saved", "Time saved", "Dollars saved", "Batching time saved"],
      [[`${formatCount(t.callsSaved)} of ${formatCount(t.callsPerDay)}`, formatDuration(t.timeSavedMs), `${formatUsd(t.costSavedUsd)} of ${formatUsd(t.costPerDayUsd)}`, formatDuration(t.batchTimeSavedMs)]],
      ["r", "r", "r", "r"],
    ),
    "",
  );
  if (e.sites.length > 0) {
    out.push(`### Call sites (${t.sites.cacheable} cacheable, ${t.sites.notCacheable} not)`, "");
    out.push(
      mdTable(
        ["Site", "Function", "Kind", "Calls/day", "Hit rate", "Latency", "Calls saved", "Time saved", "$ saved"],
        e.sites.map((s) => [
          `\`${s.file}:${s.line}\``,
          s.function ? `\`${s.function}\`` : "",
          `${s.kind}${s.library ? ` (${s.library})` : ""}`,
          formatCount(s.callsPerDay),
          s.cacheable ? formatPct(s.hitRate) : "–",
          formatDuration(s.latencyMs),
          s.cacheable ? formatCount(s.callsSaved) : `not cacheable (${s.reason})`,
          s.cacheable ? formatDuration(s.timeSavedMs) : "",
          s.cacheable ? formatUsd(s.costSavedUsd) : "",
        ]),
        ["l", "l", "l", "r", "r", "r", "r", "r", "r"],
      ),
      "",
    );
  }
  if (e.loops.length > 0) {
    out.push(`### Sequential awaits (${t.sites.batchableLoops} of ${t.sites.loops} batchable)`, "");
    out.push(
      mdTable(
        ["Loop", "Function", "Kind", "Iterations", "Sequential", "Batched", "Saved/run", "Runs/day", "Saved/day"],
        e.loops.map((l) => [
          `\`${l.file}:${l.line}\``,
          l.function ? `\`${l.function}\`` : "",
          `${l.loopKind}${l.safety ? ` (${l.safety})` : ""}`,
          formatCount(l.iterations),
          formatDuration(l.sequentialMs),
          formatDuration(l.batchedMs),
          formatDuration(l.savedMs),
          formatCount(l.runsPerDay),
          l.batchable ? formatDuration(l.timeSavedMsPerDay) : `not counted: ${firstReason(l.reasons)}`,
        ]),
        ["l", "l", "l", "r", "r", "r", "r", "r", "r"],
      ),
      "",
    );
  }
  out.push("### What if the hit rate were…", "");
  out.push(
    mdTable(
      ["Hit rate", "Calls saved", "Time saved", "$ saved", "API-call reduction", "Cost reduction"],
      e.whatIf.map((w) => [formatPct(w.hitRate, 0), formatCount(w.callsSaved), formatDuration(w.timeSavedMs), formatUsd(w.costSavedUsd), formatPct(w.apiCallReduction), formatPct(w.costReduction)]),
      ["r", "r", "r", "r", "r", "r"],
    ),
    "",
  );
  out.push("### Success criteria", "");
  out.push(
    mdTable(
      ["Criterion", "Expected", "Met"],
      e.criteria.map((c) => [c.name, formatPct(c.expected), c.met === true ? "✅ yes" : c.met === false ? "❌ no" : `❔ ${c.note ?? "unknown"}`]),
    ),
  );
  if (a.notes.length > 0) out.push("", ...a.notes.map((n) => `- ${n}`));
  return out.join("\n");
}
