// One cache instance: the in-memory tier, the optional Redis tier, single flight, stats and invalidation.
// `index.ts` exposes a default instance through module-level functions; `createCache` makes independent ones.
import { assertValidPrefix, cacheKey, CacheKeyError, prefixOfKey, redisKeyFor, rolloutBucket } from "./cache-key.js";
import { readStored, storeDecoded, storeLoaded, type StoredValue } from "./cached-value.js";
import { tagValueObjects } from "./value-objects.js";
import { cachePercent, cacheFlagOn } from "./flags.js";
import { isPattern, patternToRegExp } from "./invalidation-pattern.js";
import { onOptimizationsDisabled, optimizationsDisabled } from "./kill-switch.js";
import { mapBatched } from "./map-batched.js";
import { MemoryStore } from "./memory-store.js";
import { RedisTier, type InvalidationMessage, type RedisStatus } from "./redis-store.js";
import { SingleFlight, type Flight } from "./single-flight.js";
import { derive, StatsRecorder, writeSnapshotFile, type PrefixReport } from "./stats.js";
import { DEFAULT_NAMESPACE, readSharedStats } from "../stats/redis-layout.js";
import type { StatsSnapshot } from "../stats/snapshot.js";

export interface CacheConfig {
  /** Redis URL for the shared second tier. Omitted: REDIS_URL from the environment; null: memory only. */
  redisUrl?: string | null;
  /**
   * "memory" forces memory only even when REDIS_URL is set; a `redis://`/`rediss://` URL is the same as
   * `redisUrl`; "redis" requires redisUrl or REDIS_URL.
   */
  store?: "memory" | "redis" | (string & {});
  /** Prefix of every Redis key (letters, digits, `_ . : -`). Default "optimigrate". */
  namespace?: string;
  /** TTL in seconds for calls that give none. Default 300. */
  defaultTtl?: number;
  /** Bound of the in-memory tier in (approximate) megabytes. Default 100. */
  maxMemoryMb?: number;
  /** Bound of the in-memory tier in entries. Default 10,000. */
  maxEntries?: number;
  /** Timeout of every Redis command (ms). Default 100. */
  redisTimeoutMs?: number;
  /** Consecutive Redis failures that open the circuit. Default 5. */
  circuitFailureThreshold?: number;
  /** How long the circuit stays open before one probe is let through (ms). Default 5,000. */
  circuitResetMs?: number;
  /** Longest pause between reconnection attempts (ms). Default 2,000. */
  redisReconnectMaxMs?: number;
  /** Add this instance's counters to the shared stats in Redis. Default true when Redis is configured. */
  sharedStats?: boolean;
  /** How often shared counters are pushed to Redis (ms). Default 5,000. */
  statsFlushMs?: number;
  /** Write a stats snapshot to this file every `statsIntervalMs` (and on close). */
  statsFile?: string;
  /** Default 60,000. */
  statsIntervalMs?: number;
  /** Register Prometheus metrics when prom-client is installed. Default: true for the default cache. */
  metrics?: boolean;
  /** A prom-client Registry to register into (default: prom-client's global registry). */
  metricsRegistry?: unknown;
  /**
   * Callers join a load in flight only while it is younger than this (ms), so one hung load cannot hold a key
   * forever: later callers start their own. Default 30,000.
   */
  singleFlightMaxMs?: number;
}

export interface CachedOptions {
  /** Seconds; 0 shares in-flight loads but stores nothing. Default: the configured defaultTtl. */
  ttl?: number;
  /** Tags for invalidateTag(). */
  tags?: readonly string[];
  /**
   * Store `null` and `undefined` results too (default false: "not found" is not cached, or a record created a
   * moment later, a user who just signed up, would stay invisible for the whole TTL).
   */
  cacheMissing?: boolean;
}

export interface WarmEntry<T = unknown> {
  prefix: string;
  args: unknown[];
  ttl?: number;
  tags?: readonly string[];
  load: () => Promise<T> | T;
}

export interface WarmResult {
  warmed: number;
  failed: number;
  skipped: number;
  errors: Array<{ prefix: string; error: unknown }>;
}

/** What `invalidate`, `invalidateTag` and `clearAll` removed. `redisError` is set when Redis could not be reached. */
export interface InvalidationResult {
  memory: number;
  redis: number;
  redisError?: string;
}

/** An invalidation target: an exact call, a whole prefix, or a pattern string (`*`, `?`) over `<prefix>:[<args>]`. */
export type InvalidationTarget = string | { prefix: string; args?: readonly unknown[] };

export interface RuntimeStats {
  since: string;
  generatedAt: string;
  prefixes: Record<string, PrefixReport>;
  totals: Omit<PrefixReport, "ttl" | "loadLatency" | "hitLatency">;
  memory: { entries: number; bytes: number; maxBytes: number };
  redis: RedisStatus | { configured: false };
  optimizationsDisabled: boolean;
}

const NAMESPACE_RE = /^[A-Za-z0-9_.:-]{1,100}$/;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`optimigrate: configureCache: ${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}

function redisUrlOf(config: CacheConfig): string | null {
  const { store } = config;
  if (store === "memory") return null;
  if (store !== undefined && store !== "redis") {
    if (!/^rediss?:\/\//.test(store)) {
      throw new RangeError(`optimigrate: configureCache: store must be "memory", "redis" or a redis:// URL, got ${JSON.stringify(store)}`);
    }
    return store;
  }
  const url = config.redisUrl === undefined ? process.env.REDIS_URL || null : config.redisUrl;
  if (store === "redis" && !url) throw new RangeError(`optimigrate: configureCache: store "redis" needs redisUrl or REDIS_URL`);
  return url;
}

/**
 * Why the arguments cannot be a key (the call then runs uncached), or null when the error is a programming
 * mistake to report (args that is not an array). Anything the arguments themselves throw while being read (a
 * getter, a Proxy trap, nesting too deep) is a reason to run uncached too, never a failed call.
 */
function uncacheableArgs(error: unknown, args: unknown): string | null {
  if (!Array.isArray(args)) return null;
  if (error instanceof CacheKeyError && error.detail !== undefined) return error.detail;
  return `the arguments could not be read (${error instanceof Error ? error.message : String(error)})`;
}

function callLoad<T>(load: () => Promise<T> | T): Promise<T> {
  try {
    return Promise.resolve(load());
  } catch (error) {
    return Promise.reject(error);
  }
}

export class Cache {
  readonly namespace: string;
  readonly defaultTtl: number;
  readonly ready: Promise<void>;
  private readonly singleFlightMaxMs: number;
  private readonly memory: MemoryStore;
  private readonly flights = new SingleFlight<StoredValue>();
  private readonly stats = new StatsRecorder();
  private readonly redis: RedisTier | null;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly pendingWrites = new Set<Promise<unknown>>();
  private readonly unhookKillSwitch: () => void;
  private readonly statsFile: string | undefined;
  /** Prefixes already warned about, per cause: "key:<prefix>", "value:<prefix>". */
  private readonly warned = new Set<string>();
  /** Prefixes whose function has returned something that is not plain data: from then on they run uncached. */
  private readonly passThroughPrefixes = new Set<string>();
  private closed = false;

  constructor(config: CacheConfig = {}) {
    this.namespace = config.namespace ?? DEFAULT_NAMESPACE;
    if (!NAMESPACE_RE.test(this.namespace)) {
      throw new RangeError(`optimigrate: configureCache: namespace ${JSON.stringify(this.namespace)} may only use letters, digits and _ . : -`);
    }
    this.defaultTtl = positive("defaultTtl", config.defaultTtl, 300);
    this.singleFlightMaxMs = positive("singleFlightMaxMs", config.singleFlightMaxMs, 30_000);
    this.memory = new MemoryStore({
      maxEntries: Math.max(1, Math.floor(positive("maxEntries", config.maxEntries, 10_000))),
      maxMemoryMb: positive("maxMemoryMb", config.maxMemoryMb, 100),
    });
    const url = redisUrlOf(config);
    // Every option is checked before anything is opened, so a bad one leaves no connection or timer behind.
    const statsFlushMs = positive("statsFlushMs", config.statsFlushMs, 5_000);
    const statsIntervalMs = positive("statsIntervalMs", config.statsIntervalMs, 60_000);
    const redisOptions = {
      timeoutMs: positive("redisTimeoutMs", config.redisTimeoutMs, 100),
      circuitFailureThreshold: Math.floor(positive("circuitFailureThreshold", config.circuitFailureThreshold, 5)),
      circuitResetMs: positive("circuitResetMs", config.circuitResetMs, 5_000),
      reconnectMaxMs: positive("redisReconnectMaxMs", config.redisReconnectMaxMs, 2_000),
    };
    this.redis = url
      ? new RedisTier({
          url,
          namespace: this.namespace,
          ...redisOptions,
          onRemoteInvalidation: (message) => this.applyRemoteInvalidation(message),
        })
      : null;
    this.ready = this.redis ? this.redis.ready : Promise.resolve();
    if (this.redis && config.sharedStats !== false) {
      this.stats.enableSharing();
      this.every(statsFlushMs, () => this.flushSharedStats());
    }
    this.statsFile = config.statsFile;
    if (this.statsFile) {
      const file = this.statsFile;
      this.every(statsIntervalMs, () => this.writeStatsSnapshot(file).catch(() => {}));
    }
    this.unhookKillSwitch = onOptimizationsDisabled(this);
  }

  /** Called by disableOptimizations(): empties memory now, and Redis in the background. */
  clearForKillSwitch(): void {
    void this.clearAll().catch(() => {});
  }

  private every(ms: number, fn: () => unknown): void {
    const timer = setInterval(fn, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /**
   * The cached value for (prefix, args), or `load()` once for all concurrent callers, stored for `ttl` seconds.
   * A memory hit does no Redis work and allocates nothing but the key.
   */
  cached<T>(prefix: string, args: readonly unknown[], opts: CachedOptions | undefined, load: () => Promise<T> | T): Promise<T> {
    if (optimizationsDisabled() || !cacheFlagOn()) return callLoad(load);
    let key: string;
    try {
      key = cacheKey(prefix, args);
    } catch (error) {
      // Arguments that cannot be a key (functions, class instances, cycles…): the call runs uncached.
      const detail = uncacheableArgs(error, args);
      return detail === null ? Promise.reject(error) : this.uncached(prefix, detail, load);
    }
    const percent = cachePercent();
    if (percent < 100 && rolloutBucket(key) >= percent) return callLoad(load);
    // Once a call of this prefix returned class instances, its plain results (an empty list) are not served either:
    // caching only the empty answers would keep "nothing yet" alive after the rows exist.
    if (this.passThroughPrefixes.has(prefix)) {
      this.stats.uncacheable(prefix, false);
      return this.timedLoad(prefix, load);
    }
    const start = performance.now();
    const stored = this.memory.get(key);
    if (stored !== undefined) {
      this.stats.hit(prefix, performance.now() - start);
      return Promise.resolve((stored.cloneOnRead ? readStored(stored) : stored.value) as T);
    }
    return this.miss(prefix, key, opts, load, start, true).then(readStored) as Promise<T>;
  }

  /**
   * Fail open: a call whose arguments cannot be a key runs `load` and gets its result untouched, counted as
   * uncacheable (and as a miss), with one warning per prefix.
   */
  private uncached<T>(prefix: string, detail: string, load: () => Promise<T> | T): Promise<T> {
    try {
      assertValidPrefix(prefix);
    } catch (error) {
      return Promise.reject(error);
    }
    this.warnOnce(`key:${prefix}`, `[optimigrate] not caching "${prefix}": ${detail} (only plain data can be a key); these calls run uncached`);
    this.stats.uncacheable(prefix, false);
    return this.timedLoad(prefix, load);
  }

  /** Runs `load` as an uncached call: counted as a load, with its latency and failure. */
  private timedLoad<T>(prefix: string, load: () => Promise<T> | T): Promise<T> {
    const loadStart = performance.now();
    return callLoad(load).then(
      (value) => {
        this.stats.load(prefix, performance.now() - loadStart, false);
        return value;
      },
      (error: unknown) => {
        this.stats.load(prefix, performance.now() - loadStart, true);
        throw error;
      },
    );
  }

  private warnOnce(id: string, message: string): void {
    if (this.warned.has(id)) return;
    this.warned.add(id);
    console.warn(message);
  }

  /** The flight's outcome for (prefix, key): a stored value, or a pass-through one (not plain data, not stored). */
  private miss(
    prefix: string,
    key: string,
    opts: CachedOptions | undefined,
    load: () => unknown,
    start: number,
    lookup: boolean,
  ): Promise<StoredValue> {
    const joined = this.flights.get(key);
    if (joined !== undefined && start - joined.startedAt < this.singleFlightMaxMs) {
      return joined.promise.then((stored) => {
        if (!stored.passThrough) {
          this.stats.dedupe(prefix);
          return stored;
        }
        // The loader's result could not be copied, so it is not shared: this caller runs its own load and gets
        // its own result, as it would without the cache.
        this.stats.uncacheable(prefix, false);
        return this.timedLoad(prefix, load).then((value): StoredValue => ({ value, cloneOnRead: false, size: 0, passThrough: true }));
      }, (error: unknown) => {
        // A shared failure: this caller made no call of its own.
        this.stats.dedupe(prefix);
        throw error;
      });
    }
    let ttl: number;
    let tags: readonly string[] | undefined;
    try {
      assertValidPrefix(prefix);
      ttl = opts?.ttl ?? this.defaultTtl;
      if (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl < 0) {
        throw new RangeError(`optimigrate: cached("${prefix}"): ttl must be a number of seconds >= 0, got ${String(ttl)}`);
      }
      tags = opts?.tags;
      if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== "string" || t.length === 0))) {
        throw new TypeError(`optimigrate: cached("${prefix}"): tags must be an array of non-empty strings`);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    const storeMissing = opts?.cacheMissing === true;
    const flight = this.flights.start(key, tags, (f) => this.fill(prefix, key, ttl, tags, load, start, f, lookup, storeMissing));
    return flight.promise;
  }

  private async fill(
    prefix: string,
    key: string,
    ttl: number,
    tags: readonly string[] | undefined,
    load: () => unknown,
    start: number,
    flight: Flight<StoredValue>,
    lookup: boolean,
    storeMissing: boolean,
  ): Promise<StoredValue> {
    const redis = this.redis;
    const location = redis ? redisKeyFor(this.namespace, prefix, key) : null;
    if (redis && location && lookup) {
      const found = await redis.get(location.redisKey, key, location.hashed);
      // An entry that does not decode to plain data (written by something else) is a miss and is overwritten.
      const stored = found.kind === "hit" ? storeDecoded(found.value) : null;
      if (found.kind === "hit" && stored && !stored.passThrough) {
        if (!flight.stale) this.memory.set(key, stored, found.expiresAt - Date.now(), found.tags);
        this.stats.hit(prefix, performance.now() - start);
        return stored;
      }
      // A failed lookup is a miss for the caller and an error in the stats.
      if (found.kind === "error") this.stats.error(prefix);
    }
    if (lookup) this.stats.miss(prefix, ttl);
    else this.stats.ttl(prefix, ttl);
    const loadStart = performance.now();
    let value: unknown;
    try {
      value = await load();
    } catch (error) {
      this.stats.load(prefix, performance.now() - loadStart, true);
      throw error;
    }
    this.stats.load(prefix, performance.now() - loadStart, false);
    const stored = storeLoaded(value);
    if (stored.passThrough) {
      // Fail open: the caller gets the loader's own result, untouched; nothing is stored, and the prefix runs
      // uncached from now on in this process (its stored entries are no longer looked up).
      if (lookup) this.stats.uncacheable(prefix, true);
      if (!this.passThroughPrefixes.has(prefix)) {
        this.passThroughPrefixes.add(prefix);
        // what the prefix stored before (its empty answers) goes too, here, in Redis and in the other instances
        this.track(this.invalidatePattern(`${prefix}:*`).catch(() => undefined));
      }
      this.warnOnce(
        `value:${prefix}`,
        `[optimigrate] not caching "${prefix}": ${stored.reason} (only plain data is cached); these calls run uncached`,
      );
      return stored;
    }
    if ((value !== null && value !== undefined) || storeMissing) this.store(prefix, key, location, stored, ttl, tags, flight);
    return stored;
  }

  private store(prefix: string, key: string, location: ReturnType<typeof redisKeyFor> | null, stored: StoredValue, ttl: number, tags: readonly string[] | undefined, flight: Flight<StoredValue>): void {
    const redis = this.redis;
    // a load that was in flight when its prefix turned out to return class instances stores nothing either
    if (ttl > 0 && !flight.stale && !optimizationsDisabled() && !this.closed && !this.passThroughPrefixes.has(prefix)) {
      this.memory.set(key, stored, ttl * 1000, tags);
      if (redis && location) {
        this.track(
          redis.set(location.redisKey, key, location.hashed, stored.valueObjects ? tagValueObjects(stored.value) : stored.value, ttl * 1000, tags).then((outcome) => {
            if (outcome === "error") this.stats.error(prefix);
          }),
        );
      }
    }
  }

  private track(work: Promise<unknown>): void {
    this.pendingWrites.add(work);
    void work.finally(() => this.pendingWrites.delete(work));
  }

  /** Loads the given keys now and stores them (refreshing what is cached); failures are reported, not thrown. */
  async warm(entries: Iterable<WarmEntry>, opts: { concurrency?: number } = {}): Promise<WarmResult> {
    const result: WarmResult = { warmed: 0, failed: 0, skipped: 0, errors: [] };
    const list = [...entries];
    if (optimizationsDisabled() || !cacheFlagOn()) {
      result.skipped = list.length;
      return result;
    }
    await mapBatched(
      list,
      async (entry) => {
        try {
          let key: string;
          try {
            key = cacheKey(entry.prefix, entry.args);
          } catch (error) {
            const detail = uncacheableArgs(error, entry.args);
            if (detail === null) throw error;
            assertValidPrefix(entry.prefix);
            this.warnOnce(`key:${entry.prefix}`, `[optimigrate] not caching "${entry.prefix}": ${detail} (only plain data can be a key); these calls run uncached`);
            result.skipped++;
            return;
          }
          const percent = cachePercent();
          if ((percent < 100 && rolloutBucket(key) >= percent) || this.passThroughPrefixes.has(entry.prefix)) {
            result.skipped++;
            return;
          }
          const stored = await this.miss(entry.prefix, key, { ttl: entry.ttl, tags: entry.tags }, entry.load, performance.now(), false);
          if (stored.passThrough) result.skipped++;
          else result.warmed++;
        } catch (error) {
          result.failed++;
          result.errors.push({ prefix: entry.prefix, error });
        }
      },
      { concurrency: opts.concurrency ?? 10 },
    );
    return result;
  }

  /** Drops one call's entry (`{ prefix, args }`), a whole prefix (`{ prefix }` or `"prefix"`), or a pattern. */
  async invalidate(target: InvalidationTarget): Promise<InvalidationResult> {
    if (typeof target === "object" && target !== null) {
      assertValidPrefix(target.prefix);
      if (target.args === undefined) return this.invalidatePattern(`${target.prefix}:*`);
      let key: string;
      try {
        key = cacheKey(target.prefix, target.args);
      } catch (error) {
        // Arguments that cannot be a key were never cached: nothing to drop.
        if (uncacheableArgs(error, target.args) !== null) return { memory: 0, redis: 0 };
        throw error;
      }
      return this.invalidateKey(key);
    }
    if (typeof target !== "string" || target.length === 0) {
      throw new TypeError("optimigrate: invalidate expects { prefix, args }, a prefix, a key or a pattern");
    }
    if (isPattern(target)) return this.invalidatePattern(target);
    if (!target.includes(":[")) return this.invalidatePattern(`${target}:*`);
    return this.invalidateKey(target);
  }

  private async invalidateKey(key: string): Promise<InvalidationResult> {
    this.flights.markStale((k) => k === key);
    const result: InvalidationResult = { memory: this.memory.delete(key) ? 1 : 0, redis: 0 };
    if (this.redis) {
      const { redisKey } = redisKeyFor(this.namespace, prefixOfKey(key), key);
      await this.onRedis(result, () => this.redis!.deleteKey(redisKey), { op: "key", arg: key });
    }
    return result;
  }

  private async invalidatePattern(pattern: string): Promise<InvalidationResult> {
    const re = patternToRegExp(pattern);
    this.flights.markStale((k) => re.test(k));
    const result: InvalidationResult = { memory: this.memory.deleteMatching(pattern), redis: 0 };
    if (this.redis) await this.onRedis(result, () => this.redis!.deleteMatching(pattern), { op: "pattern", arg: pattern });
    return result;
  }

  /** Drops every entry stored with `tags` containing `tag`. */
  async invalidateTag(tag: string): Promise<InvalidationResult> {
    if (typeof tag !== "string" || tag.length === 0) throw new TypeError("optimigrate: invalidateTag expects a non-empty tag");
    this.flights.markStale((_k, flight) => flight.tags?.includes(tag) ?? false);
    const result: InvalidationResult = { memory: this.memory.deleteTag(tag), redis: 0 };
    if (this.redis) await this.onRedis(result, () => this.redis!.deleteTag(tag), { op: "tag", arg: tag });
    return result;
  }

  /** Empties the cache: memory, loads in flight (their results are not stored) and this namespace in Redis. */
  async clearAll(): Promise<InvalidationResult> {
    this.flights.markStale(() => true);
    const result: InvalidationResult = { memory: this.memory.size, redis: 0 };
    this.memory.clear();
    if (this.redis) await this.onRedis(result, () => this.redis!.clearNamespace(), { op: "all" });
    return result;
  }

  /** Runs a Redis invalidation and tells the other instances; a Redis failure is reported in the result, never thrown. */
  private async onRedis(result: InvalidationResult, op: () => Promise<number>, message: InvalidationMessage): Promise<void> {
    try {
      result.redis = await op();
    } catch (error) {
      result.redisError = error instanceof Error ? error.message : String(error);
      console.warn(`[optimigrate] Redis invalidation (${message.op} ${message.arg ?? ""}) failed: ${result.redisError}`);
    }
    await this.redis!.publish(message);
  }

  private applyRemoteInvalidation(message: InvalidationMessage): void {
    switch (message.op) {
      case "key":
        this.flights.markStale((k) => k === message.arg);
        this.memory.delete(message.arg);
        break;
      case "pattern": {
        const re = patternToRegExp(message.arg);
        this.flights.markStale((k) => re.test(k));
        this.memory.deleteMatching(message.arg);
        break;
      }
      case "tag":
        this.flights.markStale((_k, flight) => flight.tags?.includes(message.arg) ?? false);
        this.memory.deleteTag(message.arg);
        break;
      case "all":
        this.flights.markStale(() => true);
        this.memory.clear();
        break;
    }
  }

  getStats(): RuntimeStats {
    const snap = this.stats.snapshot();
    const prefixes: Record<string, PrefixReport> = {};
    const totals = { hits: 0, misses: 0, loads: 0, errors: 0, dedupes: 0, uncacheable: 0, hitRate: 0, callsSaved: 0 };
    for (const [name, p] of Object.entries(snap.prefixes)) {
      prefixes[name] = derive(p);
      totals.hits += p.hits;
      totals.misses += p.misses;
      totals.loads += p.loads;
      totals.errors += p.errors;
      totals.dedupes += p.dedupes;
      totals.uncacheable += p.uncacheable ?? 0;
    }
    totals.hitRate = totals.hits + totals.misses ? totals.hits / (totals.hits + totals.misses) : 0;
    totals.callsSaved = totals.hits + totals.dedupes;
    return {
      since: snap.since,
      generatedAt: snap.generatedAt,
      prefixes,
      totals,
      memory: { entries: this.memory.size, bytes: this.memory.bytes, maxBytes: this.memory.maxBytes },
      redis: this.redis ? this.redis.status() : { configured: false },
      optimizationsDisabled: optimizationsDisabled(),
    };
  }

  /** This instance's stats in the snapshot format that `report`/`tune` read. */
  statsSnapshot(): StatsSnapshot {
    return this.stats.snapshot(`pid:${process.pid}`);
  }

  resetStats(): void {
    this.stats.reset();
  }

  writeStatsSnapshot(file: string): Promise<void> {
    return writeSnapshotFile(file, this.statsSnapshot());
  }

  /** Calls `listener` with the stats every `intervalMs` (default 60 s); returns a function that stops it. */
  onStats(listener: (stats: RuntimeStats) => void, intervalMs = 60_000): () => void {
    const timer = setInterval(() => {
      try {
        listener(this.getStats());
      } catch (error) {
        console.warn(`[optimigrate] onStats listener threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, intervalMs);
    timer.unref();
    this.timers.push(timer);
    return () => clearInterval(timer);
  }

  private async flushSharedStats(): Promise<boolean> {
    if (!this.redis) return true;
    const deltas = this.stats.takePending();
    const ok = await this.redis.flushStats(deltas, this.stats.since);
    if (!ok) this.stats.restorePending(deltas);
    return ok;
  }

  /** The shared counters of every instance in this namespace (null without Redis or while it is unreachable). */
  async sharedStats(): Promise<StatsSnapshot | null> {
    await this.flush();
    const client = this.redis?.connectedClient;
    if (!client) return null;
    try {
      return await readSharedStats(client, this.namespace);
    } catch {
      return null;
    }
  }

  /** Waits for background Redis writes and pushes the shared counters (call before shutting down). */
  async flush(): Promise<void> {
    while (this.pendingWrites.size > 0) await Promise.allSettled([...this.pendingWrites]);
    await this.flushSharedStats();
  }

  /** Flushes, stops timers and closes Redis connections. The instance must not be used afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    for (const timer of this.timers) clearInterval(timer);
    this.unhookKillSwitch();
    if (this.statsFile) await this.writeStatsSnapshot(this.statsFile).catch(() => {});
    await this.flush().catch(() => {});
    this.closed = true;
    await this.redis?.close();
  }
}
