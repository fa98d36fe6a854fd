// What a runtime stats snapshot measured, per cache prefix and in total, in the terms an estimate or report uses.
import type { PrefixStats, StatsSnapshot } from "../stats/snapshot.js";
import { MS_PER_DAY } from "./arithmetic.js";

export interface PrefixMeasure {
  prefix: string;
  /** Requests that went through the cache: hits + misses. */
  requests: number;
  hits: number;
  misses: number;
  /** Real calls made (loads); fewer than misses when concurrent misses shared one load. */
  loads: number;
  errors: number;
  dedupes: number;
  /** hits / requests, or null with no requests. */
  hitRate: number | null;
  /** Average latency of a real call (load), or null when nothing was loaded. */
  loadLatencyMs: number | null;
  loadP95Ms: number | null;
  hitLatencyMs: number | null;
  hitP95Ms: number | null;
  /** Requests per day over the measured period, or null when the period is unknown or empty. */
  requestsPerDay: number | null;
  ttl: number | null;
}

export interface MeasuredPeriod {
  since: string;
  until: string;
  /** Length in days, or null when the timestamps do not give a positive period. */
  days: number | null;
}

export function measuredPeriod(snapshot: Pick<StatsSnapshot, "since" | "generatedAt">): MeasuredPeriod {
  const start = Date.parse(snapshot.since);
  const end = Date.parse(snapshot.generatedAt);
  const days = Number.isFinite(start) && Number.isFinite(end) && end > start ? (end - start) / MS_PER_DAY : null;
  return { since: snapshot.since, until: snapshot.generatedAt, days };
}

export function measurePrefix(prefix: string, stats: PrefixStats, days: number | null): PrefixMeasure {
  const requests = stats.hits + stats.misses;
  return {
    prefix,
    requests,
    hits: stats.hits,
    misses: stats.misses,
    loads: stats.loads,
    errors: stats.errors,
    dedupes: stats.dedupes,
    hitRate: requests > 0 ? stats.hits / requests : null,
    loadLatencyMs: stats.loadLatency.count > 0 ? stats.loadLatency.sumMs / stats.loadLatency.count : null,
    loadP95Ms: stats.loadLatency.count > 0 ? stats.loadLatency.p95Ms : null,
    hitLatencyMs: stats.hitLatency.count > 0 ? stats.hitLatency.sumMs / stats.hitLatency.count : null,
    hitP95Ms: stats.hitLatency.count > 0 ? stats.hitLatency.p95Ms : null,
    requestsPerDay: days ? requests / days : null,
    ttl: stats.ttl,
  };
}

export interface Measured {
  period: MeasuredPeriod;
  prefixes: Map<string, PrefixMeasure>;
  total: Omit<PrefixMeasure, "prefix" | "ttl" | "loadP95Ms" | "hitP95Ms">;
}

export function measureSnapshot(snapshot: StatsSnapshot): Measured {
  const period = measuredPeriod(snapshot);
  const prefixes = new Map<string, PrefixMeasure>();
  const names = Object.keys(snapshot.prefixes).sort();
  let hits = 0, misses = 0, loads = 0, errors = 0, dedupes = 0, loadCount = 0, loadSum = 0, hitCount = 0, hitSum = 0;
  for (const name of names) {
    const stats = snapshot.prefixes[name]!;
    prefixes.set(name, measurePrefix(name, stats, period.days));
    hits += stats.hits;
    misses += stats.misses;
    loads += stats.loads;
    errors += stats.errors;
    dedupes += stats.dedupes;
    loadCount += stats.loadLatency.count;
    loadSum += stats.loadLatency.sumMs;
    hitCount += stats.hitLatency.count;
    hitSum += stats.hitLatency.sumMs;
  }
  const requests = hits + misses;
  return {
    period,
    prefixes,
    total: {
      requests,
      hits,
      misses,
      loads,
      errors,
      dedupes,
      hitRate: requests > 0 ? hits / requests : null,
      loadLatencyMs: loadCount > 0 ? loadSum / loadCount : null,
      hitLatencyMs: hitCount > 0 ? hitSum / hitCount : null,
      requestsPerDay: period.days ? requests / period.days : null,
    },
  };
}

const CACHEABLE_VERBS = ["get", "fetch", "calculate", "analyze", "generate"];

function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
}

/**
 * The cache prefixes a function's calls would be counted under, most likely first: the cache-wrap
 * codemod names a prefix after the function without its verb (`getUserProfile` -> `user_profile`).
 */
export function prefixCandidates(functionName: string | undefined): string[] {
  if (!functionName) return [];
  const bare = functionName.slice(functionName.lastIndexOf(".") + 1);
  const candidates: string[] = [];
  for (const verb of CACHEABLE_VERBS) {
    if (bare.startsWith(verb) && bare.length > verb.length && /[A-Z_]/.test(bare[verb.length]!)) {
      candidates.push(snakeCase(bare.slice(verb.length)));
    }
  }
  candidates.push(snakeCase(bare), bare);
  return [...new Set(candidates.filter((c) => c !== ""))];
}

/** The measured prefix a function's sites belong to, if the stats have one. */
export function prefixForFunction(functionName: string | undefined, measured: Measured | undefined): PrefixMeasure | undefined {
  if (!measured) return undefined;
  for (const candidate of prefixCandidates(functionName)) {
    const found = measured.prefixes.get(candidate);
    if (found) return found;
  }
  return undefined;
}
