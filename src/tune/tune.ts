// The tune result: TTL recommendations for every measured prefix, with the rules used and a count per action.
import type { StatsSnapshot } from "../stats/snapshot.js";
import { measuredPeriod, type MeasuredPeriod } from "../estimate/measured.js";
import { recommendTtls, type TtlAction, type TtlRecommendation, type TuneRules } from "./recommend.js";

/** What `--apply` did or would do (see apply.ts); here so reporters need not load the rewriter. */
export interface TuneApplySummary {
  mode: "write" | "dry-run" | "check";
  root: string;
  targets: { prefix: string; from: number | null; to: number }[];
  scanned: number;
  files: { path: string; edits: { line: number; column: number; prefix: string; from: number; to: number }[]; diff: string }[];
  skipped: { path: string; line: number; prefix: string; reason: string }[];
  unchanged: number;
  written: string[];
  failed: { path: string; message: string }[];
}

export interface TuneResult {
  source: string;
  period: MeasuredPeriod;
  rules: TuneRules;
  recommendations: TtlRecommendation[];
  summary: Record<TtlAction, number>;
  apply?: TuneApplySummary;
}

export function tune(snapshot: StatsSnapshot, rules: TuneRules): TuneResult {
  const recommendations = recommendTtls(snapshot, rules);
  const summary: Record<TtlAction, number> = { increase: 0, decrease: 0, keep: 0, "insufficient-data": 0, "no-ttl": 0 };
  for (const r of recommendations) summary[r.action]++;
  return { source: snapshot.source ?? "stats", period: measuredPeriod(snapshot), rules, recommendations, summary };
}
