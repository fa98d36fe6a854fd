// The tune result: TTL recommendations for every measured prefix, with the rules used and a count per action.
import type { StatsSnapshot } from "../stats/snapshot.js";
import { measuredPeriod, type MeasuredPeriod } from "../estimate/measured.js";
import { recommendTtls, type TtlAction, type TtlRecommendation, type TuneRules } from "./recommend.js";

export interface TuneResult {
  source: string;
  period: MeasuredPeriod;
  rules: TuneRules;
  recommendations: TtlRecommendation[];
  summary: Record<TtlAction, number>;
}

export function tune(snapshot: StatsSnapshot, rules: TuneRules): TuneResult {
  const recommendations = recommendTtls(snapshot, rules);
  const summary: Record<TtlAction, number> = { increase: 0, decrease: 0, keep: 0, "insufficient-data": 0, "no-ttl": 0 };
  for (const r of recommendations) summary[r.action]++;
  return { source: snapshot.source ?? "stats", period: measuredPeriod(snapshot), rules, recommendations, summary };
}
