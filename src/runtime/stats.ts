// Per-prefix counters and latency histograms of one cache instance, in the shape of the stats snapshot that
// `report` and `tune` read; plus the deltas not yet added to the shared Redis counters.
import { randomBytes } from "node:crypto";
import { rename, writeFile, unlink } from "node:fs/promises";
import { dirname, basename, join } from "node:path";
import {
  bucketIndex,
  emptyLatency,
  LATENCY_BUCKETS_MS,
  percentileFromBuckets,
  type LatencySummary,
  type PrefixStats,
  type StatsSnapshot,
} from "../stats/snapshot.js";

/** A latency histogram while it is being filled (summary figures are derived when read). */
export class LatencyRecorder {
  count = 0;
  sumMs = 0;
  readonly buckets: number[] = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);

  add(ms: number): void {
    this.count++;
    this.sumMs += ms;
    this.buckets[bucketIndex(ms)]!++;
  }

  addAll(other: LatencyRecorder): void {
    this.count += other.count;
    this.sumMs += other.sumMs;
    for (let i = 0; i < this.buckets.length; i++) this.buckets[i]! += other.buckets[i]!;
  }

  clear(): void {
    this.count = 0;
    this.sumMs = 0;
    this.buckets.fill(0);
  }

  summary(): LatencySummary {
    if (this.count === 0) return emptyLatency();
    return {
      count: this.count,
      sumMs: this.sumMs,
      avgMs: this.sumMs / this.count,
      p95Ms: percentileFromBuckets(this.buckets, 0.95),
      buckets: [...this.buckets],
    };
  }
}

export class PrefixCounters {
  hits = 0;
  misses = 0;
  loads = 0;
  errors = 0;
  dedupes = 0;
  /** Calls answered by `load` without caching: arguments or result not plain data (also counted as misses). */
  uncacheable = 0;
  ttl: number | null = null;
  readonly hitLatency = new LatencyRecorder();
  readonly loadLatency = new LatencyRecorder();
  /** Deltas waiting to be added to the shared Redis counters (only when sharing is on). */
  pending: PrefixCounters | null = null;

  isEmpty(): boolean {
    return this.hits + this.misses + this.loads + this.errors + this.dedupes + this.uncacheable === 0 && this.loadLatency.count === 0;
  }

  addAll(other: PrefixCounters): void {
    this.hits += other.hits;
    this.misses += other.misses;
    this.loads += other.loads;
    this.errors += other.errors;
    this.dedupes += other.dedupes;
    this.uncacheable += other.uncacheable;
    if (other.ttl !== null) this.ttl = other.ttl;
    this.hitLatency.addAll(other.hitLatency);
    this.loadLatency.addAll(other.loadLatency);
  }

  clear(): void {
    this.hits = this.misses = this.loads = this.errors = this.dedupes = this.uncacheable = 0;
    this.hitLatency.clear();
    this.loadLatency.clear();
  }

  toPrefixStats(): PrefixStats {
    return {
      hits: this.hits,
      misses: this.misses,
      loads: this.loads,
      errors: this.errors,
      dedupes: this.dedupes,
      uncacheable: this.uncacheable,
      ttl: this.ttl,
      loadLatency: this.loadLatency.summary(),
      hitLatency: this.hitLatency.summary(),
    };
  }
}

/** One prefix in `getStats()`: the snapshot's counters plus the guide's derived figures. */
export interface PrefixReport extends PrefixStats {
  /** hits / (hits + misses); 0 before any lookup. */
  hitRate: number;
  /** Calls that did not reach `load`: hits plus callers that joined an in-flight load. */
  callsSaved: number;
}

export function derive(stats: PrefixStats): PrefixReport {
  const lookups = stats.hits + stats.misses;
  return { ...stats, hitRate: lookups ? stats.hits / lookups : 0, callsSaved: stats.hits + stats.dedupes };
}

export class StatsRecorder {
  private readonly byPrefix = new Map<string, PrefixCounters>();
  since = new Date();
  /** When set, every recorded event is also kept as a delta for the shared counters. */
  private sharing = false;

  counters(prefix: string): PrefixCounters {
    let c = this.byPrefix.get(prefix);
    if (c === undefined) {
      c = new PrefixCounters();
      if (this.sharing) c.pending = new PrefixCounters();
      this.byPrefix.set(prefix, c);
    }
    return c;
  }

  enableSharing(): void {
    this.sharing = true;
    for (const c of this.byPrefix.values()) c.pending ??= new PrefixCounters();
  }

  hit(prefix: string, ms: number): void {
    const c = this.counters(prefix);
    c.hits++;
    c.hitLatency.add(ms);
    const p = c.pending;
    if (p !== null) {
      p.hits++;
      p.hitLatency.add(ms);
    }
  }

  miss(prefix: string, ttl: number): void {
    const c = this.counters(prefix);
    c.misses++;
    c.ttl = ttl;
    const p = c.pending;
    if (p !== null) {
      p.misses++;
      p.ttl = ttl;
    }
  }

  /** TTL in use, for loads that were not preceded by a lookup (warm). */
  ttl(prefix: string, ttl: number): void {
    const c = this.counters(prefix);
    c.ttl = ttl;
    if (c.pending !== null) c.pending.ttl = ttl;
  }

  load(prefix: string, ms: number, failed: boolean): void {
    const c = this.counters(prefix);
    c.loads++;
    c.loadLatency.add(ms);
    if (failed) c.errors++;
    const p = c.pending;
    if (p !== null) {
      p.loads++;
      p.loadLatency.add(ms);
      if (failed) p.errors++;
    }
  }

  /**
   * A call that could not be cached (arguments or result not plain data). `lookedUp`: the call was already
   * counted as a miss (the result was the problem); otherwise it counts as a miss here, so hits + misses stays
   * every call and the hit rate shows what the cache did not answer.
   */
  uncacheable(prefix: string, lookedUp: boolean): void {
    const c = this.counters(prefix);
    c.uncacheable++;
    if (!lookedUp) c.misses++;
    const p = c.pending;
    if (p !== null) {
      p.uncacheable++;
      if (!lookedUp) p.misses++;
    }
  }

  dedupe(prefix: string): void {
    const c = this.counters(prefix);
    c.dedupes++;
    if (c.pending !== null) c.pending.dedupes++;
  }

  error(prefix: string): void {
    const c = this.counters(prefix);
    c.errors++;
    if (c.pending !== null) c.pending.errors++;
  }

  /** Takes the deltas for the shared counters (and forgets them); `restorePending` puts them back on failure. */
  takePending(): Map<string, PrefixCounters> {
    const out = new Map<string, PrefixCounters>();
    for (const [prefix, c] of this.byPrefix) {
      const p = c.pending;
      if (p === null || p.isEmpty()) continue;
      const copy = new PrefixCounters();
      copy.addAll(p);
      copy.ttl = p.ttl ?? c.ttl;
      out.set(prefix, copy);
      p.clear();
    }
    return out;
  }

  restorePending(deltas: Map<string, PrefixCounters>): void {
    for (const [prefix, d] of deltas) this.counters(prefix).pending?.addAll(d);
  }

  /** Starts a new measured period; deltas not yet shared are kept, because those events did happen. */
  reset(): void {
    for (const c of this.byPrefix.values()) c.clear();
    this.since = new Date();
  }

  snapshot(source?: string): StatsSnapshot {
    const prefixes: Record<string, PrefixStats> = {};
    for (const [prefix, c] of this.byPrefix) prefixes[prefix] = c.toPrefixStats();
    return {
      format: "optimigrate-stats",
      version: 1,
      generatedAt: new Date().toISOString(),
      since: this.since.toISOString(),
      ...(source ? { source } : {}),
      prefixes,
    };
  }
}

/** Writes a snapshot as JSON through a temporary file and a rename, so a reader never sees half a file. */
export async function writeSnapshotFile(file: string, snapshot: StatsSnapshot): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, JSON.stringify(snapshot, null, 2) + "\n", "utf8");
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}
