// TTL recommendations for a terminal: one row per prefix with the action and the reason.
import type { ChalkInstance } from "chalk";
import type { TuneResult } from "../../tune/tune.js";
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
