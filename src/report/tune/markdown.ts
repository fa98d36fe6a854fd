// TTL recommendations as markdown.
import type { TuneResult } from "../../tune/tune.js";
import { formatCount, formatPct, mdTable } from "../format.js";
import { ACTION_LABEL, formatTtl } from "./table.js";

export function renderTuneMarkdown(r: TuneResult): string {
  const out = ["## TTL recommendations", "", `- Stats: ${r.source}`];
  out.push(`- Rule: hit rate > ${formatPct(r.rules.highHitRate)} → TTL x${r.rules.increaseFactor}, < ${formatPct(r.rules.lowHitRate)} → TTL x${r.rules.decreaseFactor}, otherwise keep; at least ${formatCount(r.rules.minRequests)} requests per prefix`, "");
  out.push(
    mdTable(
      ["Prefix", "Requests", "Hit rate", "TTL", "Recommended", "Action", "Reason"],
      r.recommendations.map((rec) => [`\`${rec.prefix}\``, formatCount(rec.requests), formatPct(rec.hitRate), formatTtl(rec.ttl), formatTtl(rec.recommendedTtl), ACTION_LABEL[rec.action], rec.reason]),
      ["l", "r", "r", "r", "r", "l", "l"],
    ),
  );
  if (r.apply) {
    const a = r.apply;
    out.push("", `### TTL rewrite (${a.mode})`, "");
    const edits = a.files.flatMap((f) => f.edits.map((e) => [`\`${f.path}:${e.line}\``, `\`${e.prefix}\``, formatTtl(e.from), formatTtl(e.to)]));
    out.push(edits.length ? mdTable(["Site", "Prefix", "TTL", "New TTL"], edits, ["l", "l", "r", "r"]) : "No TTL to change.");
    if (a.skipped.length) out.push("", ...a.skipped.map((s) => `- left alone: \`${s.path}:${s.line}\` (${s.prefix}): ${s.reason}`));
    if (a.files.length && a.mode !== "write") out.push("", "```diff", ...a.files.map((f) => f.diff.trimEnd()), "```");
  }
  return out.join("\n");
}
