// The runtime stats snapshot: what `optimigrate/runtime` writes and `report`/`tune`/`estimate --stats` read.
// No dependencies: the runtime imports this module too.

/** Upper bounds (ms) of the latency histogram buckets; the last bucket is +Infinity. */
export const LATENCY_BUCKETS_MS = [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
] as const;

export interface LatencySummary {
  count: number;
  sumMs: number;
  avgMs: number;
  p95Ms: number;
  /** Counts per bucket of LATENCY_BUCKETS_MS, plus one overflow bucket at the end. */
  buckets: number[];
}

export interface PrefixStats {
  hits: number;
  misses: number;
  loads: number;
  errors: number;
  /** Callers that joined an in-flight load instead of starting one (single flight). */
  dedupes: number;
  /**
   * Calls answered by the function itself because their arguments or result are not plain data (class
   * instances, functions…): never cached, also counted in `misses`. Absent in snapshots of older runtimes.
   */
  uncacheable?: number;
  /** TTL in seconds most recently used for this prefix. */
  ttl: number | null;
  /** Latency of `load` (the real call). */
  loadLatency: LatencySummary;
  /** Latency of answering from the cache. */
  hitLatency: LatencySummary;
}

export interface StatsSnapshot {
  format: "optimigrate-stats";
  version: 1;
  generatedAt: string;
  /** Start of the measured period (last reset or process start). */
  since: string;
  source?: string;
  prefixes: Record<string, PrefixStats>;
}

export function emptyLatency(): LatencySummary {
  return { count: 0, sumMs: 0, avgMs: 0, p95Ms: 0, buckets: new Array(LATENCY_BUCKETS_MS.length + 1).fill(0) };
}

export function bucketIndex(ms: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) if (ms <= LATENCY_BUCKETS_MS[i]!) return i;
  return LATENCY_BUCKETS_MS.length;
}

/** p95 estimated from bucket counts: the upper bound of the bucket holding the 95th percentile. */
export function percentileFromBuckets(buckets: readonly number[], q: number): number {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  const rank = Math.ceil(total * q);
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i]!;
    if (seen >= rank) return i < LATENCY_BUCKETS_MS.length ? LATENCY_BUCKETS_MS[i]! : LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]!;
  }
  return 0;
}

function mergeLatency(a: LatencySummary, b: LatencySummary): LatencySummary {
  const count = a.count + b.count;
  const sumMs = a.sumMs + b.sumMs;
  const buckets = a.buckets.map((n, i) => n + (b.buckets[i] ?? 0));
  return { count, sumMs, avgMs: count ? sumMs / count : 0, p95Ms: percentileFromBuckets(buckets, 0.95), buckets };
}

function mergePrefix(a: PrefixStats, b: PrefixStats): PrefixStats {
  return {
    hits: a.hits + b.hits,
    misses: a.misses + b.misses,
    loads: a.loads + b.loads,
    errors: a.errors + b.errors,
    dedupes: a.dedupes + b.dedupes,
    uncacheable: (a.uncacheable ?? 0) + (b.uncacheable ?? 0),
    ttl: b.ttl ?? a.ttl,
    loadLatency: mergeLatency(a.loadLatency, b.loadLatency),
    hitLatency: mergeLatency(a.hitLatency, b.hitLatency),
  };
}

/** Several instances' snapshots as one: counters add up, latency percentiles come from the merged histogram. */
export function mergeSnapshots(snapshots: readonly StatsSnapshot[]): StatsSnapshot {
  if (snapshots.length === 0) throw new Error("no stats snapshots to merge");
  if (snapshots.length === 1) return snapshots[0]!;
  const prefixes: Record<string, PrefixStats> = {};
  for (const snap of snapshots) {
    for (const [name, stats] of Object.entries(snap.prefixes)) {
      prefixes[name] = prefixes[name] ? mergePrefix(prefixes[name]!, stats) : stats;
    }
  }
  const since = snapshots.map((s) => s.since).sort()[0]!;
  const generatedAt = snapshots.map((s) => s.generatedAt).sort().at(-1)!;
  return { format: "optimigrate-stats", version: 1, generatedAt, since, source: "merged", prefixes };
}

/** Checks a parsed JSON value is a snapshot; throws a one-line message naming what is wrong. */
export function parseSnapshot(value: unknown, origin: string): StatsSnapshot {
  const v = value as Partial<StatsSnapshot> | null;
  if (!v || typeof v !== "object" || v.format !== "optimigrate-stats") {
    throw new Error(`${origin} is not an optimigrate stats snapshot (missing "format": "optimigrate-stats")`);
  }
  if (v.version !== 1) throw new Error(`${origin}: unsupported stats snapshot version ${String(v.version)}`);
  if (!v.prefixes || typeof v.prefixes !== "object") throw new Error(`${origin}: "prefixes" must be an object`);
  for (const [name, p] of Object.entries(v.prefixes)) {
    for (const field of ["hits", "misses", "loads", "errors", "dedupes"] as const) {
      if (typeof p?.[field] !== "number" || p[field] < 0) {
        throw new Error(`${origin}: prefix "${name}" has no valid "${field}" count`);
      }
    }
    if (p.uncacheable !== undefined && (typeof p.uncacheable !== "number" || p.uncacheable < 0)) {
      throw new Error(`${origin}: prefix "${name}" has an invalid "uncacheable" count`);
    }
    for (const field of ["loadLatency", "hitLatency"] as const) {
      const l = p[field];
      if (!l || typeof l.count !== "number" || !Array.isArray(l.buckets)) {
        throw new Error(`${origin}: prefix "${name}" has no valid "${field}"`);
      }
    }
  }
  return v as StatsSnapshot;
}
