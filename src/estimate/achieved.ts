// What the runtime measured, in the guide's weekly-report terms: per prefix and total savings, criteria, estimate vs achieved.
import type { LatencySummary, PrefixStats, StatsSnapshot } from "../stats/snapshot.js";
import { percentileFromBuckets } from "../stats/snapshot.js";
import { fraction, MS_PER_HOUR, round } from "./arithmetic.js";
import { judge, judgeErrorRate, type CriterionVerdict } from "./criteria.js";
import { measuredPeriod, prefixCandidates, type MeasuredPeriod } from "./measured.js";
import { DEFAULTS } from "./profile.js";

export type LatencySource = "measured" | "flag" | "default";
/** Where a prefix's cost per call came from: its function's call sites in the estimate, the flag, or the default. */
export type CostSource = "estimate" | "flag" | "default" | "mixed";

export interface LatencyFigures {
  avgMs: number | null;
  p95Ms: number | null;
}

export interface AchievedRow {
  /** hits + misses: every call of a cached function. */
  requests: number;
  hits: number;
  misses: number;
  /** Real calls made. */
  loads: number;
  errors: number;
  /** Misses that joined a load already in flight instead of making their own call. */
  dedupes: number;
  /**
   * Calls the runtime did not cache because their arguments or result are not plain data (class instances,
   * functions…); counted in misses too. 0 for stats of runtimes that did not count them.
   */
  uncacheable: number;
  hitRate: number | null;
  /** What callers waited, hits and loads together. */
  latency: LatencyFigures;
  loadLatency: LatencyFigures;
  hitLatency: LatencyFigures;
  /** hits + dedupes: calls the cache answered without a real call. */
  callsSaved: number;
  /** Dollars one real call of this prefix costs (a cached function's calls together). */
  costPerCall: number;
  costSource: CostSource;
  /** What the requests would have cost with no cache: requests x cost per call. */
  costWithoutCacheUsd: number;
  costSavedUsd: number;
  timeSavedMs: number;
  hoursSaved: number;
  /** The latency per saved call used for time saved, and where it came from. */
  latencyPerCallMs: number;
  latencySource: LatencySource;
  /** errors / requests. */
  errorRate: number | null;
  /** avg load latency / avg hit latency. */
  cachedSpeedup: number | null;
}

export interface AchievedPrefix extends AchievedRow {
  prefix: string;
  ttl: number | null;
}

export interface Comparison {
  metric: string;
  unit: "fraction" | "calls" | "ms" | "usd";
  estimated: number | null;
  achieved: number | null;
  /** achieved / estimated. */
  ratio: number | null;
}

export interface PrefixComparison {
  prefix: string;
  function: string;
  estimatedHitRate: number;
  achievedHitRate: number | null;
}

export interface WeeklyReport {
  source: string;
  period: MeasuredPeriod;
  assumptions: { costPerCall: number; latencyMs: number; latencySource: "flag" | "default" | "measured" };
  prefixes: AchievedPrefix[];
  total: AchievedRow;
  /** Totals per day of the measured period, or null when its length is unknown. */
  perDay: { requests: number; callsSaved: number; costSavedUsd: number; timeSavedMs: number } | null;
  criteria: (CriterionVerdict & { measured: number | null })[];
  comparison?: { estimate: string; totals: Comparison[]; prefixes: PrefixComparison[] };
  notes: string[];
}

export interface WeeklyOptions {
  costPerCall?: number;
  /** Per prefix cost per call (from an estimate's call sites); wins over costPerCall. */
  costPerPrefix?: Readonly<Record<string, number>>;
  /** Forces one latency per saved call instead of the measured load latency. */
  latencyMs?: number;
  baselineErrorRate?: number;
}

function mergeLatency(a: LatencySummary, b: LatencySummary): LatencyFigures {
  const count = a.count + b.count;
  const buckets = a.buckets.map((n, i) => n + (b.buckets[i] ?? 0));
  return { avgMs: count ? (a.sumMs + b.sumMs) / count : null, p95Ms: count ? percentileFromBuckets(buckets, 0.95) : null };
}

function figures(l: LatencySummary): LatencyFigures {
  return { avgMs: l.count ? l.sumMs / l.count : null, p95Ms: l.count ? percentileFromBuckets(l.buckets, 0.95) : null };
}

function row(stats: PrefixStats, options: WeeklyOptions, prefix?: string): AchievedRow {
  const specific = prefix !== undefined ? options.costPerPrefix?.[prefix] : undefined;
  const [costPerCall, costSource]: [number, CostSource] =
    specific !== undefined ? [specific, "estimate"] : options.costPerCall !== undefined ? [options.costPerCall, "flag"] : [DEFAULTS.costPerCall, "default"];
  const requests = stats.hits + stats.misses;
  const callsSaved = stats.hits + stats.dedupes;
  const loadLatency = figures(stats.loadLatency);
  const hitLatency = figures(stats.hitLatency);
  let latencyPerCallMs: number;
  let latencySource: LatencySource;
  if (options.latencyMs !== undefined) [latencyPerCallMs, latencySource] = [options.latencyMs, "flag"];
  else if (loadLatency.avgMs !== null) [latencyPerCallMs, latencySource] = [loadLatency.avgMs, "measured"];
  else [latencyPerCallMs, latencySource] = [DEFAULTS.latencyMs, "default"];
  const timeSavedMs = callsSaved * latencyPerCallMs;
  return {
    requests,
    hits: stats.hits,
    misses: stats.misses,
    loads: stats.loads,
    errors: stats.errors,
    dedupes: stats.dedupes,
    uncacheable: stats.uncacheable ?? 0,
    hitRate: fraction(stats.hits, requests),
    latency: mergeLatency(stats.hitLatency, stats.loadLatency),
    loadLatency,
    hitLatency,
    callsSaved,
    costPerCall,
    costSource,
    costWithoutCacheUsd: requests * costPerCall,
    costSavedUsd: callsSaved * costPerCall,
    timeSavedMs,
    hoursSaved: timeSavedMs / MS_PER_HOUR,
    latencyPerCallMs,
    latencySource,
    errorRate: fraction(stats.errors, requests),
    cachedSpeedup: loadLatency.avgMs !== null && hitLatency.avgMs !== null && hitLatency.avgMs > 0 ? loadLatency.avgMs / hitLatency.avgMs : null,
  };
}

function sumRows(rows: readonly AchievedRow[], all: readonly PrefixStats[], options: WeeklyOptions): AchievedRow {
  const zero: LatencySummary = { count: 0, sumMs: 0, avgMs: 0, p95Ms: 0, buckets: [] };
  const addLatency = (a: LatencySummary, b: LatencySummary): LatencySummary => {
    const len = Math.max(a.buckets.length, b.buckets.length);
    return { count: a.count + b.count, sumMs: a.sumMs + b.sumMs, avgMs: 0, p95Ms: 0, buckets: Array.from({ length: len }, (_, i) => (a.buckets[i] ?? 0) + (b.buckets[i] ?? 0)) };
  };
  const merged: PrefixStats = all.reduce<PrefixStats>(
    (acc, p) => ({
      hits: acc.hits + p.hits,
      misses: acc.misses + p.misses,
      loads: acc.loads + p.loads,
      errors: acc.errors + p.errors,
      dedupes: acc.dedupes + p.dedupes,
      uncacheable: (acc.uncacheable ?? 0) + (p.uncacheable ?? 0),
      ttl: null,
      loadLatency: addLatency(acc.loadLatency, p.loadLatency),
      hitLatency: addLatency(acc.hitLatency, p.hitLatency),
    }),
    { hits: 0, misses: 0, loads: 0, errors: 0, dedupes: 0, uncacheable: 0, ttl: null, loadLatency: zero, hitLatency: zero },
  );
  const total = row(merged, options);
  // Money and time add up per prefix (each at its own cost and latency), not at an average of them.
  total.costSavedUsd = rows.reduce((s, r) => s + r.costSavedUsd, 0);
  total.costWithoutCacheUsd = rows.reduce((s, r) => s + r.costWithoutCacheUsd, 0);
  total.costPerCall = total.requests ? total.costWithoutCacheUsd / total.requests : total.costPerCall;
  const costSources = new Set(rows.map((r) => r.costSource));
  total.costSource = costSources.size === 1 ? [...costSources][0]! : costSources.size > 1 ? "mixed" : total.costSource;
  total.timeSavedMs = rows.reduce((s, r) => s + r.timeSavedMs, 0);
  total.hoursSaved = total.timeSavedMs / MS_PER_HOUR;
  total.latencyPerCallMs = total.callsSaved ? total.timeSavedMs / total.callsSaved : total.latencyPerCallMs;
  const sources = new Set(rows.map((r) => r.latencySource));
  total.latencySource = sources.size === 1 ? [...sources][0]! : sources.has("measured") ? "measured" : total.latencySource;
  return total;
}

/** The guide's weekly report over a snapshot. */
export function weeklyReport(snapshot: StatsSnapshot, options: WeeklyOptions = {}): WeeklyReport {
  const names = Object.keys(snapshot.prefixes).sort();
  const prefixes: AchievedPrefix[] = names.map((prefix) => ({ prefix, ttl: snapshot.prefixes[prefix]!.ttl, ...row(snapshot.prefixes[prefix]!, options, prefix) }));
  const total = sumRows(prefixes, names.map((n) => snapshot.prefixes[n]!), options);
  const period = measuredPeriod(snapshot);
  const perDay = period.days
    ? { requests: total.requests / period.days, callsSaved: total.callsSaved / period.days, costSavedUsd: total.costSavedUsd / period.days, timeSavedMs: total.timeSavedMs / period.days }
    : null;
  const notes: string[] = [];
  if (names.length === 0) notes.push("the stats hold no cache prefix: nothing was measured yet");
  if (!period.days) notes.push("the measured period is unknown (since = generatedAt): no per-day figures");
  if (options.latencyMs === undefined && prefixes.some((p) => p.latencySource === "default")) {
    notes.push(`prefixes that never loaded are counted at ${DEFAULTS.latencyMs} ms per saved call`);
  }
  notes.push("calls saved = hits + misses that joined a load already in flight (one per call of the cached function)");
  const uncacheable = prefixes.filter((p) => p.uncacheable > 0);
  if (uncacheable.length) {
    notes.push(
      `${total.uncacheable} call${total.uncacheable === 1 ? "" : "s"} ran uncached (counted as misses) because their arguments or result are not plain data, ` +
        `in ${uncacheable.map((p) => p.prefix).join(", ")}: the runtime's warnings say what to change`,
    );
  }
  if (prefixes.some((p) => p.costSource === "estimate")) {
    notes.push("dollars per call come from the estimate's call sites where a prefix matches a function (all its cacheable calls together), elsewhere from --cost-per-call or $0.002");
  } else {
    notes.push("at one cost per call, cost reduction equals API-call reduction");
  }

  const costPerCall = options.costPerCall ?? DEFAULTS.costPerCall;
  const apiReduction = fraction(total.callsSaved, total.requests);
  const costReduction = fraction(total.costSavedUsd, total.costWithoutCacheUsd);
  const criteria = [
    { ...judge("hit-rate", total.hitRate, "no requests measured"), measured: total.hitRate },
    { ...judge("api-call-reduction", apiReduction, "no requests measured"), measured: apiReduction },
    { ...judge("cost-reduction", costReduction, total.requests ? "every call costs $0" : "no requests measured"), measured: costReduction },
    { ...judge("cached-speedup", total.cachedSpeedup, "needs both hits and loads with latencies"), measured: total.cachedSpeedup },
    { ...judgeErrorRate(total.errorRate, options.baselineErrorRate), measured: total.errorRate },
  ];
  return roundReport({
    source: snapshot.source ?? "stats",
    period,
    assumptions: {
      costPerCall,
      latencyMs: options.latencyMs ?? DEFAULTS.latencyMs,
      latencySource: options.latencyMs !== undefined ? "flag" : prefixes.some((p) => p.latencySource === "measured") ? "measured" : "default",
    },
    prefixes,
    total,
    perDay,
    criteria,
    notes,
  });
}

/** The part of an `estimate --json` document a comparison needs. */
export interface EstimateSummary {
  totals: { callsSaved: number; timeSavedMs: number; costSavedUsd: number; hitRate?: number | null; apiCallReduction?: number | null; cacheableCallsPerDay?: number };
  sites: { function?: string; cacheable?: boolean; hitRate?: number; costPerCall?: number }[];
}

/**
 * Dollars per call of each measured prefix, from the estimate's cacheable call sites of the function
 * the prefix is named after: one cached call of the function saves all of them, so their costs add up.
 */
export function costsFromEstimate(estimate: EstimateSummary, prefixes: readonly string[]): Record<string, number> {
  const measured = new Set(prefixes);
  const costs: Record<string, number> = {};
  for (const site of estimate.sites) {
    if (!site.function || site.cacheable === false || typeof site.costPerCall !== "number") continue;
    const prefix = prefixCandidates(site.function).find((c) => measured.has(c));
    if (prefix) costs[prefix] = (costs[prefix] ?? 0) + site.costPerCall;
  }
  return costs;
}

/** Checks that a value is an estimate document; throws a one-line Error otherwise. */
export function parseEstimateSummary(value: unknown, origin: string): EstimateSummary {
  const v = value as Partial<EstimateSummary> | null;
  if (!v || typeof v !== "object" || !v.totals || typeof v.totals !== "object" || !Array.isArray(v.sites)) {
    throw new Error(`${origin} is not an estimate (expected the output of "optimigrate estimate --json")`);
  }
  for (const key of ["callsSaved", "timeSavedMs", "costSavedUsd"] as const) {
    if (typeof v.totals[key] !== "number") throw new Error(`${origin}: totals.${key} must be a number`);
  }
  return v as EstimateSummary;
}

/** Estimated (per day) next to achieved (per day of the measured period). */
export function compareWithEstimate(report: WeeklyReport, estimate: EstimateSummary, origin: string): WeeklyReport {
  const e = estimate.totals;
  const cmp = (metric: string, unit: Comparison["unit"], estimated: number | null | undefined, achieved: number | null): Comparison => {
    const est = estimated ?? null;
    return { metric, unit, estimated: est, achieved, ratio: est !== null && achieved !== null && est > 0 ? round(achieved / est, 4) : null };
  };
  const d = report.perDay;
  const cacheable = estimate.sites.filter((s) => s.cacheable !== false && s.hitRate !== undefined);
  const estimatedHitRate = e.hitRate ?? (cacheable.length ? cacheable.reduce((a, s) => a + (s.hitRate ?? 0), 0) / cacheable.length : null);
  const totals = [
    cmp("hit rate", "fraction", estimatedHitRate, report.total.hitRate),
    cmp("API-call reduction", "fraction", e.apiCallReduction, fraction(report.total.callsSaved, report.total.requests)),
    cmp("calls per day through the cache", "calls", e.cacheableCallsPerDay, d ? d.requests : null),
    cmp("calls saved per day", "calls", e.callsSaved, d ? d.callsSaved : null),
    cmp("time saved per day", "ms", e.timeSavedMs, d ? d.timeSavedMs : null),
    cmp("dollars saved per day", "usd", e.costSavedUsd, d ? d.costSavedUsd : null),
  ];
  const measuredNames = new Set(report.prefixes.map((p) => p.prefix));
  const byPrefix = new Map<string, PrefixComparison>();
  for (const site of estimate.sites) {
    if (!site.function || site.cacheable === false || site.hitRate === undefined) continue;
    const prefix = prefixCandidates(site.function).find((c) => measuredNames.has(c));
    if (!prefix || byPrefix.has(prefix)) continue;
    const achieved = report.prefixes.find((p) => p.prefix === prefix)!;
    byPrefix.set(prefix, { prefix, function: site.function, estimatedHitRate: site.hitRate, achievedHitRate: achieved.hitRate });
  }
  return { ...report, comparison: { estimate: origin, totals: roundComparisons(totals), prefixes: [...byPrefix.values()] } };
}

function roundComparisons(rows: Comparison[]): Comparison[] {
  const digits = { fraction: 6, calls: 3, ms: 3, usd: 6 } as const;
  return rows.map((r) => ({
    ...r,
    estimated: r.estimated === null ? null : round(r.estimated, digits[r.unit]),
    achieved: r.achieved === null ? null : round(r.achieved, digits[r.unit]),
  }));
}

function roundRow<T extends AchievedRow>(r: T): T {
  const lat = (l: LatencyFigures): LatencyFigures => ({ avgMs: l.avgMs === null ? null : round(l.avgMs, 3), p95Ms: l.p95Ms });
  return {
    ...r,
    hitRate: r.hitRate === null ? null : round(r.hitRate, 6),
    latency: lat(r.latency),
    loadLatency: lat(r.loadLatency),
    hitLatency: lat(r.hitLatency),
    costPerCall: round(r.costPerCall, 6),
    costWithoutCacheUsd: round(r.costWithoutCacheUsd, 6),
    costSavedUsd: round(r.costSavedUsd, 6),
    timeSavedMs: round(r.timeSavedMs, 3),
    hoursSaved: round(r.hoursSaved, 6),
    latencyPerCallMs: round(r.latencyPerCallMs, 3),
    errorRate: r.errorRate === null ? null : round(r.errorRate, 6),
    cachedSpeedup: r.cachedSpeedup === null ? null : round(r.cachedSpeedup, 3),
  };
}

function roundReport(r: WeeklyReport): WeeklyReport {
  return {
    ...r,
    period: { ...r.period, days: r.period.days === null ? null : round(r.period.days, 6) },
    prefixes: r.prefixes.map(roundRow),
    total: roundRow(r.total),
    perDay: r.perDay && {
      requests: round(r.perDay.requests, 3),
      callsSaved: round(r.perDay.callsSaved, 3),
      costSavedUsd: round(r.perDay.costSavedUsd, 6),
      timeSavedMs: round(r.perDay.timeSavedMs, 3),
    },
    criteria: r.criteria.map((c) => ({ ...c, measured: c.measured === null ? null : round(c.measured, 6) })),
  };
}
