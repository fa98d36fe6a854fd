// TTL recommendations for a terminal: one row per prefix with the action and the reason.
import type { ChalkInstance } from "chalk";
import type { TuneApplySummary, TuneResult } from "../../tune/tune.js";
import type { TtlAction } from "../../tune/recommend.js";
import { formatCount, formatPct } from "../format.js";
import { makeTable } from "../make-table.js";

export function formatTtl(seconds: number | null): string {
  return seconds === null ? "–" : `${formatCount(seconds)} s`;
}

export const ACTION_LABEL: Record<TtlAction, string> = {
  increase: "increase",
  decrease: "decrease",
  keep: "keep",
  "insufficient-data": "too few requests",
  "no-ttl": "no TTL known",
};

export function renderTuneTable(r: TuneResult, color: ChalkInstance): string {
  const paint: Record<TtlAction, (s: string) => string> = {
    increase: color.green,
    decrease: color.yellow,
    keep: (s) => s,
    "insufficient-data": color.dim,
    "no-ttl": color.dim,
  };
  const out: string[] = [color.bold("TTL recommendations"), `Stats: ${r.source}`];
  out.push(
    `Rule: hit rate > ${formatPct(r.rules.highHitRate)} -> TTL x${r.rules.increaseFactor}, < ${formatPct(r.rules.lowHitRate)} -> TTL x${r.rules.decreaseFactor}, otherwise keep; ` +
      `at least ${formatCount(r.rules.minRequests)} requests per prefix; TTL between ${r.rules.minTtl} and ${formatCount(r.rules.maxTtl)} s`,
  );
  const table = makeTable(color, ["Prefix", "Requests", "Hit rate", "TTL", "Recommended", "Action", "Reason"], ["left", "right", "right", "right", "right", "left", "left"]);
  for (const rec of r.recommendations) {
    const p = paint[rec.action];
    table.push([rec.prefix, formatCount(rec.requests), formatPct(rec.hitRate), formatTtl(rec.ttl), p(formatTtl(rec.recommendedTtl)), p(ACTION_LABEL[rec.action]), color.dim(rec.reason)]);
  }
  out.push("", r.recommendations.length ? table.toString() : color.dim("(the stats hold no cache prefix)"));
  const s = r.summary;
  out.push(`${s.increase} to increase, ${s.decrease} to decrease, ${s.keep} to keep, ${s["insufficient-data"] + s["no-ttl"]} without a recommendation`);
  return out.join("\n");
}

const MODE_TITLE = { write: "TTL rewrite", "dry-run": "TTL rewrite (dry run: nothing written)", check: "TTL rewrite (check: nothing written)" } as const;

/** The --apply part: what changed (or would), what was left and why. */
export function renderApplyTable(a: TuneApplySummary, color: ChalkInstance): string {
  const out: string[] = [color.bold(MODE_TITLE[a.mode])];
  if (a.targets.length === 0) {
    out.push(color.dim("No prefix has a TTL to change: nothing to rewrite."));
    return out.join("\n");
  }
  out.push(`Prefixes to change: ${a.targets.map((t) => `${t.prefix} ${formatTtl(t.from)} -> ${formatTtl(t.to)}`).join(", ")}`);
  const edits = a.files.flatMap((f) => f.edits.map((e) => ({ path: f.path, ...e })));
  if (edits.length) {
    const table = makeTable(color, ["Site", "Prefix", "TTL", "New TTL"], ["left", "left", "right", "right"]);
    for (const e of edits) table.push([`${e.path}:${e.line}`, e.prefix, formatTtl(e.from), color.green(formatTtl(e.to))]);
    out.push(table.toString());
  }
  if (a.skipped.length) {
    out.push(color.bold("Left alone"));
    for (const s of a.skipped) out.push(`  ${s.path}:${s.line} ${s.prefix}: ${color.dim(s.reason)}`);
  }
  for (const f of a.failed) out.push(color.red(`  ${f.path}: ${f.message}`));
  const n = edits.length;
  const files = a.files.length;
  const what = `${n} TTL${n === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}`;
  const unchanged = a.unchanged ? `, ${a.unchanged} already at the recommended TTL` : "";
  if (a.mode === "write") out.push(`${a.written.length ? `${what} rewritten` : "nothing rewritten"}${unchanged}; ${a.scanned} files scanned`);
  else if (a.mode === "check") out.push(n ? color.yellow(`${what} would change (--check fails)${unchanged}`) : `no TTL would change${unchanged}`);
  else out.push(`${n ? `${what} would change` : "no TTL would change"}${unchanged}; ${a.scanned} files scanned`);
  return out.join("\n");
}
