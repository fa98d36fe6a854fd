// The shared second tier on Redis (ioredis, imported only when a Redis URL is configured). A Redis that is down
// or slow never stalls or fails a call: no offline queue, a short timeout on every command, a circuit breaker,
// and every failure reported as a miss; ioredis reconnects in the background.
import { serialize, deserialize } from "node:v8";
import type { Redis as RedisClient, RedisOptions } from "ioredis";
import { COUNTER_FIELDS, latencyFields, statsHashKey, statsPrefixSetKey } from "../stats/redis-layout.js";
import { LATENCY_BUCKETS_MS } from "../stats/snapshot.js";
import { CircuitBreaker, type CircuitState } from "./circuit-breaker.js";
import { patternToRedisMatch } from "./invalidation-pattern.js";
import type { PrefixCounters } from "./stats.js";

export interface RedisTierOptions {
  url: string;
  namespace: string;
  /** Per-command timeout (ms). */
  timeoutMs: number;
  circuitFailureThreshold: number;
  circuitResetMs: number;
  /** Longest pause between reconnection attempts (ms). */
  reconnectMaxMs: number;
  /** Told about invalidations published by other instances. */
  onRemoteInvalidation: (message: InvalidationMessage) => void;
}

export type InvalidationMessage =
  | { op: "key"; arg: string }
  | { op: "pattern"; arg: string }
  | { op: "tag"; arg: string }
  | { op: "all"; arg?: undefined };

/** What a lookup found. "skipped": Redis was not asked (circuit open, not connected); "error": it failed. */
export type RedisLookup =
  | { kind: "hit"; value: unknown; expiresAt: number; tags: string[] | undefined }
  | { kind: "miss" }
  | { kind: "skipped" }
  | { kind: "error" };

/**
 * Version of the entry encoding. 2: the value is plain data as cached-value.ts copies it (a Buffer stays a
 * Buffer). Entries without it were written by runtimes that stored structured clones, where a Buffer had become
 * a Uint8Array: they are misses, and are overwritten by the next load.
 */
export const ENTRY_FORMAT = 2;

export interface EncodedEntry {
  /** Encoding version, ENTRY_FORMAT. */
  f: number;
  /** The value (v8.serialize: Buffers, typed arrays, Map, Set, Date, RegExp, bigint… round-trip). */
  v: unknown;
  /** Absolute expiry, epoch ms. */
  e: number;
  /** The full logical key, kept when the Redis key is a hash of it. */
  k?: string;
  t?: string[];
}

export interface RedisStatus {
  configured: true;
  connection: string;
  circuit: CircuitState;
  consecutiveFailures: number;
  errors: number;
  skipped: number;
  lastError: string | null;
}

// Adds a key to a tag's set and keeps the set alive at least as long as its longest-living member.
const TAG_ADD_SCRIPT = `redis.call('SADD', KEYS[1], ARGV[1])
local t = redis.call('PTTL', KEYS[1])
if t < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

const SCAN_COUNT = 500;

export class RedisTier {
  readonly breaker: CircuitBreaker;
  private client: RedisClient | null = null;
  private subscriber: RedisClient | null = null;
  private errors = 0;
  private skipped = 0;
  private lastError: string | null = null;
  private closed = false;
  private readonly instanceId = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  private readonly channel: string;
  /** Settles when the first connection attempt has finished (either way). */
  readonly ready: Promise<void>;

  constructor(private readonly opts: RedisTierOptions) {
    this.breaker = new CircuitBreaker(opts.circuitFailureThreshold, opts.circuitResetMs);
    this.channel = `${opts.namespace}:invalidate`;
    this.ready = this.connect();
  }

  private async connect(): Promise<void> {
    let Redis: typeof import("ioredis").Redis;
    try {
      const mod = await import("ioredis");
      Redis = mod.Redis ?? (mod.default as unknown as typeof import("ioredis").Redis);
    } catch (error) {
      this.noteError(error);
      this.breaker.open();
      console.error(`[optimigrate] Redis configured but ioredis cannot be loaded (${this.lastError}); using memory only`);
      return;
    }
    if (this.closed) return;
    const options: RedisOptions = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: this.opts.timeoutMs,
      connectTimeout: Math.max(1000, this.opts.timeoutMs * 10),
      // ioredis keeps a timer this long after disconnect() when the socket never opened, holding the process.
      disconnectTimeout: 200,
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), this.opts.reconnectMaxMs),
    };
    const client = new Redis(this.opts.url, options);
    this.client = client;
    client.on("error", (error: unknown) => this.noteError(error));
    client.on("ready", () => this.breaker.success());
    client.on("close", () => {
      if (!this.closed) this.breaker.open();
    });
    const subscriber = client.duplicate({ enableOfflineQueue: true, commandTimeout: undefined });
    this.subscriber = subscriber;
    subscriber.on("error", (error: unknown) => this.noteError(error));
    subscriber.on("message", (channel: string, raw: string) => this.onMessage(channel, raw));
    await Promise.all([
      client.connect().catch((error: unknown) => this.noteError(error)),
      subscriber
        .connect()
        .then(() => subscriber.subscribe(this.channel))
        .catch((error: unknown) => this.noteError(error)),
    ]);
  }

  private onMessage(channel: string, raw: string): void {
    if (channel !== this.channel) return;
    try {
      const message = JSON.parse(raw) as InvalidationMessage & { from: string };
      if (message.from !== this.instanceId) this.opts.onRemoteInvalidation(message);
    } catch {
      // A message we cannot read is not ours to act on.
    }
  }

  private noteError(error: unknown): void {
    this.errors++;
    this.lastError = error instanceof Error ? error.message : String(error);
  }

  /** The client if an operation may be sent now, else null (counted as skipped). */
  private usable(): RedisClient | null {
    const client = this.client;
    if (client === null || client.status !== "ready" || !this.breaker.allow()) {
      this.skipped++;
      return null;
    }
    return client;
  }

  private async run<T>(op: (client: RedisClient) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; skipped: boolean }> {
    const client = this.usable();
    if (client === null) return { ok: false, skipped: true };
    try {
      const value = await op(client);
      this.breaker.success();
      return { ok: true, value };
    } catch (error) {
      this.noteError(error);
      this.breaker.failure();
      return { ok: false, skipped: false };
    }
  }

  async get(redisKey: string, fullKey: string, hashed: boolean): Promise<RedisLookup> {
    const result = await this.run((c) => c.getBuffer(redisKey));
    if (!result.ok) return { kind: result.skipped ? "skipped" : "error" };
    const buf = result.value;
    if (buf === null) return { kind: "miss" };
    let entry: EncodedEntry;
    try {
      entry = deserialize(buf) as EncodedEntry;
    } catch (error) {
      this.noteError(error);
      return { kind: "error" };
    }
    if (entry === null || typeof entry !== "object" || entry.f !== ENTRY_FORMAT) return { kind: "miss" };
    // A hashed key is confirmed against the full key: a hash collision is a miss, never another call's value.
    if (hashed && entry.k !== fullKey) return { kind: "miss" };
    if (entry.e <= Date.now()) return { kind: "miss" };
    return { kind: "hit", value: entry.v, expiresAt: entry.e, tags: entry.t };
  }

  /** Stores a value in the background of a call; "skipped" when Redis was not asked, "error" when it failed. */
  async set(
    redisKey: string,
    fullKey: string,
    hashed: boolean,
    value: unknown,
    ttlMs: number,
    tags: readonly string[] | undefined,
  ): Promise<"ok" | "skipped" | "error"> {
    const ms = Math.max(1, Math.round(ttlMs));
    let buf: Buffer;
    try {
      const entry: EncodedEntry = { f: ENTRY_FORMAT, v: value, e: Date.now() + ms };
      if (hashed) entry.k = fullKey;
      if (tags && tags.length) entry.t = [...tags];
      buf = serialize(entry);
    } catch (error) {
      this.noteError(error);
      return "error";
    }
    const result = await this.run(async (c) => {
      const pipeline = c.pipeline().set(redisKey, buf, "PX", ms);
      for (const tag of tags ?? []) pipeline.eval(TAG_ADD_SCRIPT, 1, this.tagKey(tag), redisKey, ms);
      const replies = await pipeline.exec();
      for (const [error] of replies ?? []) if (error) throw error;
    });
    return result.ok ? "ok" : result.skipped ? "skipped" : "error";
  }

  private tagKey(tag: string): string {
    return `${this.opts.namespace}:t:${tag}`;
  }

  /** Deletes one logical key's entry. Throws when Redis cannot be reached. */
  async deleteKey(redisKey: string): Promise<number> {
    return this.mustRun((c) => c.unlink(redisKey));
  }

  /** SCAN + UNLINK over `<namespace>:c:<pattern>` (never KEYS, so Redis is not blocked). */
  async deleteMatching(pattern: string): Promise<number> {
    return this.mustRun((c) => this.scanUnlink(c, `${this.opts.namespace}:c:${patternToRedisMatch(pattern)}`));
  }

  async deleteTag(tag: string): Promise<number> {
    return this.mustRun(async (c) => {
      const tagKey = this.tagKey(tag);
      let cursor = "0";
      let n = 0;
      do {
        const [next, members] = await c.sscan(tagKey, cursor, "COUNT", SCAN_COUNT);
        cursor = next;
        if (members.length) n += await c.unlink(...members);
      } while (cursor !== "0");
      await c.unlink(tagKey);
      return n;
    });
  }

  /** Every cached entry and tag set of the namespace (shared stats are kept). */
  async clearNamespace(): Promise<number> {
    return this.mustRun(async (c) => {
      const n = await this.scanUnlink(c, `${this.opts.namespace}:c:*`);
      await this.scanUnlink(c, `${this.opts.namespace}:t:*`);
      return n;
    });
  }

  private async scanUnlink(c: RedisClient, match: string): Promise<number> {
    let cursor = "0";
    let n = 0;
    do {
      const [next, keys] = await c.scan(cursor, "MATCH", match, "COUNT", SCAN_COUNT);
      cursor = next;
      if (keys.length) n += await c.unlink(...keys);
    } while (cursor !== "0");
    return n;
  }

  private async mustRun<T>(op: (client: RedisClient) => Promise<T>): Promise<T> {
    const client = this.client;
    if (client === null || client.status !== "ready") {
      throw new Error(`Redis is not connected (${client?.status ?? "not configured"})`);
    }
    try {
      const value = await op(client);
      this.breaker.success();
      return value;
    } catch (error) {
      this.noteError(error);
      this.breaker.failure();
      throw error;
    }
  }

  /** Tells other instances to drop what they hold in memory; best effort. */
  async publish(message: InvalidationMessage): Promise<void> {
    await this.run((c) => c.publish(this.channel, JSON.stringify({ ...message, from: this.instanceId })));
  }

  /** Adds counter deltas to the shared stats hashes; false when Redis could not take them (caller keeps them). */
  async flushStats(deltas: Map<string, PrefixCounters>, since: Date): Promise<boolean> {
    if (deltas.size === 0) return true;
    const ns = this.opts.namespace;
    const result = await this.run(async (c) => {
      const pipeline = c.pipeline();
      for (const [prefix, d] of deltas) {
        const key = statsHashKey(ns, prefix);
        pipeline.sadd(statsPrefixSetKey(ns), prefix);
        for (const field of COUNTER_FIELDS) if (d[field]) pipeline.hincrby(key, field, d[field]);
        for (const kind of ["load", "hit"] as const) {
          const lat = kind === "load" ? d.loadLatency : d.hitLatency;
          if (lat.count === 0) continue;
          const { count, sumUs } = latencyFields(kind, 0);
          pipeline.hincrby(key, count, lat.count);
          pipeline.hincrby(key, sumUs, Math.round(lat.sumMs * 1000));
          lat.buckets.forEach((n, i) => {
            // latencyFields names the bucket holding a given latency; ask it with the bucket's own bound.
            if (n) pipeline.hincrby(key, latencyFields(kind, LATENCY_BUCKETS_MS[i] ?? Infinity).bucket, n);
          });
        }
        if (d.ttl !== null) pipeline.hset(key, "ttl", String(d.ttl));
        pipeline.hsetnx(key, "since", since.toISOString());
      }
      const replies = await pipeline.exec();
      for (const [error] of replies ?? []) if (error) throw error;
    });
    return result.ok;
  }

  /** The connected client, for reading shared stats (null while not connected). */
  get connectedClient(): RedisClient | null {
    return this.client?.status === "ready" ? this.client : null;
  }

  status(): RedisStatus {
    return {
      configured: true,
      connection: this.client?.status ?? "loading",
      circuit: this.breaker.state,
      consecutiveFailures: this.breaker.consecutiveFailures,
      errors: this.errors,
      skipped: this.skipped,
      lastError: this.lastError,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.ready;
    for (const c of [this.subscriber, this.client]) {
      if (!c) continue;
      if (c.status === "ready") await c.quit().catch(() => c.disconnect());
      else c.disconnect();
    }
  }
}
