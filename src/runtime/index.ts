// optimigrate/runtime: what migrated code calls — cached(), mapBatched(), rollout flags, kill switch, stats.
// Public API only. The functions below act on a default cache created on first use (REDIS_URL honoured) and
// replaced by configureCache(); createCache() makes independent instances.
import { Cache, type CacheConfig, type CachedOptions, type InvalidationResult, type InvalidationTarget, type RuntimeStats, type WarmEntry, type WarmResult } from "./cache.js";
import { enableMetrics, setMetricsSource } from "./metrics.js";
import type { StatsSnapshot } from "../stats/snapshot.js";

export { mapBatched, DEFAULT_BATCH_SIZE, type MapBatchedOptions } from "./map-batched.js";
export { disableOptimizations, enableOptimizations, optimizationsDisabled } from "./kill-switch.js";
export { cacheFlagOn, cachePercent, batchingFlagOn } from "./flags.js";
export { cacheKey, CacheKeyError } from "./cache-key.js";
export { metricsState, METRIC_NAMES, type MetricsState } from "./metrics.js";
export { readSharedStats } from "../stats/redis-layout.js";
export type { PrefixReport } from "./stats.js";
export type { RedisStatus } from "./redis-store.js";
export type { StatsSnapshot, PrefixStats, LatencySummary } from "../stats/snapshot.js";
export { Cache };
export type { CacheConfig, CachedOptions, InvalidationResult, InvalidationTarget, RuntimeStats, WarmEntry, WarmResult };

let current: Cache | null = null;

function useMetrics(cache: Cache, config: CacheConfig): void {
  setMetricsSource(() => cache.getStats().prefixes);
  if (config.metrics !== false) void enableMetrics(config.metricsRegistry);
}

function defaultCache(): Cache {
  if (current === null) {
    current = new Cache({});
    useMetrics(current, {});
  }
  return current;
}

/**
 * Replaces the default cache (the previous one is flushed and closed in the background). Resolves when the
 * Redis connection, if any, has been tried; it never rejects — a Redis that is down only means memory-only
 * caching until it answers.
 */
export function configureCache(config: CacheConfig = {}): Promise<void> {
  const previous = current;
  current = new Cache(config);
  useMetrics(current, config);
  if (previous) void previous.close().catch(() => {});
  return current.ready;
}

/** An independent cache (own memory tier, stats and Redis connection); no metrics unless `metrics: true`. */
export function createCache(config: CacheConfig = {}): Cache {
  const cache = new Cache(config);
  if (config.metrics === true) useMetrics(cache, config);
  return cache;
}

/** The cached value of `load()` for (prefix, args); see DESIGN §5. */
export function cached<T>(prefix: string, args: readonly unknown[], opts: CachedOptions | undefined, load: () => Promise<T> | T): Promise<T> {
  return (current ?? defaultCache()).cached(prefix, args, opts, load);
}

export function invalidate(target: InvalidationTarget): Promise<InvalidationResult> {
  return defaultCache().invalidate(target);
}

export function invalidateTag(tag: string): Promise<InvalidationResult> {
  return defaultCache().invalidateTag(tag);
}

export function clearAll(): Promise<InvalidationResult> {
  return defaultCache().clearAll();
}

export function warm(entries: Iterable<WarmEntry>, opts?: { concurrency?: number }): Promise<WarmResult> {
  return defaultCache().warm(entries, opts);
}

export function getStats(): RuntimeStats {
  return defaultCache().getStats();
}

export function resetStats(): void {
  defaultCache().resetStats();
}

export function statsSnapshot(): StatsSnapshot {
  return defaultCache().statsSnapshot();
}

/** Writes the stats snapshot (the file `report --stats` reads) atomically: temporary file, then rename. */
export function writeStatsSnapshot(file: string): Promise<void> {
  return defaultCache().writeStatsSnapshot(file);
}

export function onStats(listener: (stats: RuntimeStats) => void, intervalMs?: number): () => void {
  return defaultCache().onStats(listener, intervalMs);
}

/** Shared counters of every instance in the namespace (Redis only). */
export function getSharedStats(): Promise<StatsSnapshot | null> {
  return defaultCache().sharedStats();
}

/** Waits for background Redis writes and pushes shared counters. */
export function flushCache(): Promise<void> {
  return current ? current.flush() : Promise.resolve();
}

/** Flushes and closes the default cache (Redis connections included); the next call starts a fresh one. */
export async function closeCache(): Promise<void> {
  const previous = current;
  current = null;
  await previous?.close();
}
