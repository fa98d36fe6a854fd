// The guide's TTL optimizer as a pure rule: hit rate > 0.9 -> TTL x1.5, < 0.3 -> TTL x0.5, otherwise keep; with reasons.
import type { StatsSnapshot } from "../stats/snapshot.js";
import { round } from "../estimate/arithmetic.js";

export type TtlAction = "increase" | "decrease" | "keep" | "insufficient-data" | "no-ttl";

export interface TtlRecommendation {
  prefix: string;
  /** Requests the cache could answer: hits + misses, less the calls that ran uncached (not plain data). */
  requests: number;
  hitRate: number | null;
  /** TTL in seconds the runtime last used for this prefix. */
  ttl: number | null;
  action: TtlAction;
  /** The TTL to use; equals ttl for "keep", null when there is nothing to recommend. */
  recommendedTtl: number | null;
  factor: number | null;
  reason: string;
}

export interface TuneRules {
  /** Fewer requests than this and the hit rate is noise: no recommendation. */
  minRequests: number;
  highHitRate: number;
  lowHitRate: number;
  increaseFactor: number;
  decreaseFactor: number;
  /** Bounds of a recommended TTL in seconds (repeated tuning must not grow a TTL without end). */
  minTtl: number;
  maxTtl: number;
}

export const DEFAULT_RULES: TuneRules = {
  minRequests: 100,
  highHitRate: 0.9,
  lowHitRate: 0.3,
  increaseFactor: 1.5,
  decreaseFactor: 0.5,
  minTtl: 1,
  maxTtl: 86_400,
};

function pct(f: number): string {
  return `${round(f * 100, 1)}%`;
}

export function recommendTtl(
  prefix: string,
  stats: { hits: number; misses: number; uncacheable?: number; ttl: number | null },
  rules: TuneRules = DEFAULT_RULES,
): TtlRecommendation {
  // Calls that could not be cached (arguments or result not plain data) say nothing about the TTL: the hit rate
  // is judged over the calls the cache could have answered.
  const requests = stats.hits + stats.misses - Math.min(stats.misses, stats.uncacheable ?? 0);
  const hitRate = requests > 0 ? stats.hits / requests : null;
  const base = { prefix, requests, hitRate: hitRate === null ? null : round(hitRate, 6), ttl: stats.ttl };
  if (requests < rules.minRequests || hitRate === null) {
    return { ...base, action: "insufficient-data", recommendedTtl: null, factor: null, reason: `only ${requests} request${requests === 1 ? "" : "s"} (fewer than ${rules.minRequests}): too few to judge the hit rate` };
  }
  if (stats.ttl === null || !(stats.ttl > 0)) {
    return { ...base, action: "no-ttl", recommendedTtl: null, factor: null, reason: "the stats record no TTL for this prefix" };
  }
  const ttl = stats.ttl;
  const bounded = (value: number) => Math.min(rules.maxTtl, Math.max(rules.minTtl, Math.round(value)));
  if (hitRate > rules.highHitRate) {
    const next = bounded(ttl * rules.increaseFactor);
    if (next <= ttl) return { ...base, action: "keep", recommendedTtl: ttl, factor: 1, reason: `hit rate ${pct(hitRate)} > ${pct(rules.highHitRate)}, but the TTL is already at the maximum of ${rules.maxTtl} s` };
    const capped = next < Math.round(ttl * rules.increaseFactor) ? ` (capped at ${rules.maxTtl} s)` : "";
    return { ...base, action: "increase", recommendedTtl: next, factor: rules.increaseFactor, reason: `hit rate ${pct(hitRate)} > ${pct(rules.highHitRate)}: entries are reused, a longer TTL saves more calls (TTL x${rules.increaseFactor})${capped}` };
  }
  if (hitRate < rules.lowHitRate) {
    const next = bounded(ttl * rules.decreaseFactor);
    if (next >= ttl) return { ...base, action: "keep", recommendedTtl: ttl, factor: 1, reason: `hit rate ${pct(hitRate)} < ${pct(rules.lowHitRate)}, but the TTL is already at the minimum of ${rules.minTtl} s` };
    return { ...base, action: "decrease", recommendedTtl: next, factor: rules.decreaseFactor, reason: `hit rate ${pct(hitRate)} < ${pct(rules.lowHitRate)}: entries are rarely reused before they expire, a shorter TTL frees memory (TTL x${rules.decreaseFactor})` };
  }
  return { ...base, action: "keep", recommendedTtl: ttl, factor: 1, reason: `hit rate ${pct(hitRate)} is between ${pct(rules.lowHitRate)} and ${pct(rules.highHitRate)}: keep the TTL` };
}

export function recommendTtls(snapshot: StatsSnapshot, rules: TuneRules = DEFAULT_RULES): TtlRecommendation[] {
  return Object.keys(snapshot.prefixes)
    .sort()
    .map((prefix) => recommendTtl(prefix, snapshot.prefixes[prefix]!, rules));
}
