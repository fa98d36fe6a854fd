// Where the runtime keeps shared stats counters in Redis, so several instances aggregate and `report --redis`
// can read them. Pure key/field naming and conversion; the Redis client lives with its callers.
import { LATENCY_BUCKETS_MS, percentileFromBuckets, type LatencySummary, type PrefixStats, type StatsSnapshot } from "./snapshot.js";

export const DEFAULT_NAMESPACE = "optimigrate";

/** A Redis SET of every prefix that has counters. */
export function statsPrefixSetKey(namespace: string): string {
  return `${namespace}:stats:prefixes`;
}

/** A Redis HASH of one prefix's counters (fields below, all integers except `ttl` and `since`). */
export function statsHashKey(namespace: string, prefix: string): string {
  return `${namespace}:stats:p:${prefix}`;
}

export const COUNTER_FIELDS = ["hits", "misses", "loads", "errors", "dedupes", "uncacheable"] as const;
export type CounterField = (typeof COUNTER_FIELDS)[number];

/** Hash fields of a latency histogram: `<kind>_count`, `<kind>_sum_us` (microseconds), `<kind>_b<i>`. */
export function latencyFields(kind: "load" | "hit", ms: number): { count: string; sumUs: string; bucket: string } {
  let index: number = LATENCY_BUCKETS_MS.length;
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) {
    if (ms <= LATENCY_BUCKETS_MS[i]!) {
      index = i;
      break;
    }
  }
  return { count: `${kind}_count`, sumUs: `${kind}_sum_us`, bucket: `${kind}_b${index}` };
}

function latencyFromHash(hash: Record<string, string>, kind: "load" | "hit"): LatencySummary {
  const count = Number(hash[`${kind}_count`] ?? 0);
  const sumMs = Number(hash[`${kind}_sum_us`] ?? 0) / 1000;
  const buckets = Array.from({ length: LATENCY_BUCKETS_MS.length + 1 }, (_, i) => Number(hash[`${kind}_b${i}`] ?? 0));
  return { count, sumMs, avgMs: count ? sumMs / count : 0, p95Ms: percentileFromBuckets(buckets, 0.95), buckets };
}

/** One prefix's counters as read with HGETALL. */
export function prefixStatsFromHash(hash: Record<string, string>): PrefixStats {
  const ttl = hash.ttl === undefined || hash.ttl === "" ? null : Number(hash.ttl);
  return {
    hits: Number(hash.hits ?? 0),
    misses: Number(hash.misses ?? 0),
    loads: Number(hash.loads ?? 0),
    errors: Number(hash.errors ?? 0),
    dedupes: Number(hash.dedupes ?? 0),
    uncacheable: Number(hash.uncacheable ?? 0),
    ttl,
    loadLatency: latencyFromHash(hash, "load"),
    hitLatency: latencyFromHash(hash, "hit"),
  };
}

/** The two commands `readSharedStats` needs; an ioredis client fits. */
export interface SharedStatsReader {
  smembers(key: string): Promise<string[]>;
  hgetall(key: string): Promise<Record<string, string>>;
}

/** Every instance's shared counters in one namespace, as a snapshot (what `report --redis` shows). */
export async function readSharedStats(redis: SharedStatsReader, namespace: string = DEFAULT_NAMESPACE): Promise<StatsSnapshot> {
  const names = (await redis.smembers(statsPrefixSetKey(namespace))).sort();
  const hashes = await Promise.all(names.map((name) => redis.hgetall(statsHashKey(namespace, name))));
  const prefixes: Record<string, PrefixStats> = {};
  let since: string | undefined;
  names.forEach((name, i) => {
    const hash = hashes[i]!;
    if (Object.keys(hash).length === 0) return;
    prefixes[name] = prefixStatsFromHash(hash);
    if (hash.since && (since === undefined || hash.since < since)) since = hash.since;
  });
  const generatedAt = new Date().toISOString();
  return { format: "optimigrate-stats", version: 1, generatedAt, since: since ?? generatedAt, source: `redis:${namespace}`, prefixes };
}
