// The Redis tier against a real redis-server (started by test/support/redis-server.ts; these tests fail,
// never skip, when it cannot be started).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Redis } from "ioredis";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { serialize } from "node:v8";
import { ObjectId, Decimal128 } from "bson";
import { Decimal } from "decimal.js";
import { Cache, type CacheConfig } from "../../src/runtime/cache.js";
import { cacheKey, redisKeyFor } from "../../src/runtime/cache-key.js";
import { ENTRY_FORMAT } from "../../src/runtime/redis-store.js";
import { readSharedStats, statsHashKey, statsPrefixSetKey } from "../../src/stats/redis-layout.js";
import { freePort, startRedisServer, type RedisServer } from "../support/redis-server.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: RedisServer;
let admin: Redis;
const open: Cache[] = [];
let nsCounter = 0;

let startError: Error | null = null;
beforeAll(async () => {
  try {
    server = await startRedisServer();
  } catch (error) {
    // Kept and thrown by every test, so each one reports as failed (never as skipped).
    startError = error as Error;
    return;
  }
  admin = new Redis(server.url, { lazyConnect: true });
  admin.on("error", () => {}); // it reconnects by itself after the stop/restart test
  await admin.connect();
});
beforeEach(() => {
  if (startError) throw startError;
});
afterAll(async () => {
  admin?.disconnect();
  await server?.stop();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

/** Two (or more) instances sharing one namespace, as two processes would. */
async function instances(n: number, extra: CacheConfig = {}): Promise<Cache[]> {
  const namespace = `t${process.pid}n${nsCounter++}`;
  const caches = Array.from({ length: n }, () => new Cache({ redisUrl: server.url, namespace, redisTimeoutMs: 200, redisReconnectMaxMs: 200, ...extra }));
  open.push(...caches);
  await Promise.all(caches.map((c) => c.ready));
  return caches;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function scanAll(match: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await admin.scan(cursor, "MATCH", match, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys.sort();
}

describe("Redis second tier", () => {
  it("shares values between two instances, with their types intact", async () => {
    const [a, b] = await instances(2);
    let loads = 0;
    const load = async () => {
      loads++;
      return { when: new Date(1000), ids: new Set([1, 2]), big: 10n ** 30n, nested: { list: [1, "2", null] } };
    };
    const fromA = await a!.cached("profile", [7, { full: true }], { ttl: 60 }, load);
    await a!.flush();
    const fromB = await b!.cached("profile", [7, { full: true }], { ttl: 60 }, load);
    expect(loads).toBe(1);
    expect(fromB).toEqual(fromA);
    expect(fromB.when).toBeInstanceOf(Date);
    expect(fromB.ids).toBeInstanceOf(Set);
    expect(b!.getStats().prefixes.profile).toMatchObject({ hits: 1, misses: 0, loads: 0 });
    // B now has it in memory too: memory hits send nothing to Redis.
    const redisReads = async () => Number(/cmdstat_get:calls=(\d+)/.exec(await admin.info("commandstats"))?.[1] ?? 0);
    const before = await redisReads();
    expect(before).toBeGreaterThan(0);
    for (let i = 0; i < 100; i++) await b!.cached("profile", [7, { full: true }], { ttl: 60 }, load);
    expect(await redisReads()).toBe(before);
    expect(loads).toBe(1);
    // Stored with the TTL asked for.
    const { redisKey } = redisKeyFor(a!.namespace, "profile", cacheKey("profile", [7, { full: true }]));
    const pttl = await admin.pttl(redisKey);
    expect(pttl).toBeGreaterThan(50_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it("round-trips Buffers as Buffers and typed arrays as their own kind through Redis", async () => {
    const [a, b] = await instances(2);
    const load = async () => ({
      id: "asset-1",
      checksum: Buffer.from("hello"),
      thumbhash: new Uint8Array([1, 2, 3]),
      scores: new Float32Array([0.5]),
      rows: [{ bytes: Buffer.from([0xde, 0xad]) }],
    });
    await a!.cached("asset", ["asset-1"], { ttl: 60 }, load);
    await a!.flush();
    let loads = 0;
    const fromB = await b!.cached("asset", ["asset-1"], { ttl: 60 }, async () => (loads++, load()));
    expect(loads).toBe(0);
    expect(b!.getStats().prefixes.asset).toMatchObject({ hits: 1, misses: 0 });
    expect(Buffer.isBuffer(fromB.checksum)).toBe(true);
    expect(fromB.checksum.toString("base64")).toBe("aGVsbG8=");
    expect(Buffer.isBuffer(fromB.rows[0]!.bytes)).toBe(true);
    expect(fromB.rows[0]!.bytes.toString("hex")).toBe("dead");
    expect(fromB.thumbhash).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(fromB.thumbhash)).toBe(false);
    expect(fromB.scores).toBeInstanceOf(Float32Array);
    // And again from B's memory tier.
    const again = await b!.cached("asset", ["asset-1"], { ttl: 60 }, load);
    expect(Buffer.isBuffer(again.checksum)).toBe(true);
  });

  it("round-trips ObjectId, Decimal128 and Decimal through Redis as their own classes", async () => {
    const [a, b] = await instances(2);
    const id = new ObjectId();
    const load = async () => ({ _id: id, items: [{ sku: new ObjectId(), price: Decimal128.fromString("19.99") }], total: new Decimal("19.99") });
    await a!.cached("order", [id], { ttl: 60 }, load);
    await a!.flush();
    let loads = 0;
    const fromB = await b!.cached("order", [new ObjectId(id.toHexString())], { ttl: 60 }, async () => (loads++, load()));
    expect(loads).toBe(0);
    expect(b!.getStats().prefixes.order).toMatchObject({ hits: 1, misses: 0, uncacheable: 0 });
    expect(fromB._id).toBeInstanceOf(ObjectId);
    expect(fromB._id.equals(id)).toBe(true);
    expect(fromB.items[0]!.sku).toBeInstanceOf(ObjectId);
    expect(fromB.items[0]!.price).toBeInstanceOf(Decimal128);
    expect(fromB.items[0]!.price.toString()).toBe("19.99");
    expect(fromB.total).toBeInstanceOf(Decimal);
    expect(fromB.total.times(2).toString()).toBe("39.98");
  });

  it("a process that has not met a value class yet does not use entries holding it, then does", async () => {
    const entry = pathToFileURL(join(import.meta.dirname, "../../dist/src/runtime/index.js")).href;
    if (!existsSync(fileURLToPath(entry))) throw new Error("dist/src/runtime/index.js is missing: run npm run build (npm test does)");
    const namespace = `vo${process.pid}n${nsCounter++}`;
    const script = `
      const rt = await import(process.env.ENTRY);
      const { ObjectId } = await import("bson");
      await rt.configureCache({ redisUrl: process.env.URL, namespace: process.env.NS, metrics: false });
      const loaded = [];
      const out = [];
      for (const n of [1, 2]) {
        const doc = await rt.cached("doc", [n], { ttl: 60 }, async () => (loaded.push(n), { _id: new ObjectId("65f1a2b3c4d5e6f70819200" + n) }));
        out.push(doc._id instanceof ObjectId ? doc._id.toHexString() : typeof doc._id);
      }
      await rt.closeCache();
      console.log(JSON.stringify({ loaded, out }));
    `;
    const run = () =>
      new Promise<{ loaded: number[]; out: string[] }>((resolve, reject) => {
        execFile(process.execPath, ["--input-type=module", "-e", script], { cwd: join(import.meta.dirname, "../.."), env: { ...process.env, ENTRY: entry, URL: server.url, NS: namespace }, timeout: 30_000 }, (error, stdout) =>
          error ? reject(error) : resolve(JSON.parse(stdout.trim())),
        );
      });
    const first = await run();
    expect(first).toEqual({ loaded: [1, 2], out: ["65f1a2b3c4d5e6f708192001", "65f1a2b3c4d5e6f708192002"] });
    // The second process finds both in Redis, but cannot revive an ObjectId before it has seen one: the first
    // call loads (and meets the class), the second is a hit with a real ObjectId.
    const second = await run();
    expect(second).toEqual({ loaded: [1], out: ["65f1a2b3c4d5e6f708192001", "65f1a2b3c4d5e6f708192002"] });
  });

  it("treats an entry written by an older runtime (structured clones: Buffers as Uint8Array) as a miss", async () => {
    const [a] = await instances(1);
    const key = cacheKey("asset", ["old"]);
    const { redisKey } = redisKeyFor(a!.namespace, "asset", key);
    await admin.set(redisKey, serialize({ v: { checksum: new Uint8Array([104, 105]) }, e: Date.now() + 60_000 }), "PX", 60_000);
    const got = await a!.cached("asset", ["old"], { ttl: 60 }, async () => ({ checksum: Buffer.from("hi") }));
    expect(Buffer.isBuffer(got.checksum)).toBe(true);
    expect(a!.getStats().prefixes.asset).toMatchObject({ hits: 0, misses: 1, loads: 1 });
  });

  it("stores nothing for calls that fail open, and shares their count", async () => {
    const [a] = await instances(1, { statsFlushMs: 60_000 });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    class Row {
      constructor(readonly id: number) {}
    }
    const row = new Row(1);
    expect(await a!.cached("rows", [1], { ttl: 60 }, async () => row)).toBe(row);
    expect(await a!.cached("rows", [new Row(2)], { ttl: 60 }, async () => 2)).toBe(2);
    await a!.flush();
    expect(await scanAll(`${a!.namespace}:c:*`)).toEqual([]);
    expect(await admin.hgetall(statsHashKey(a!.namespace, "rows"))).toMatchObject({ uncacheable: "2", misses: "2", loads: "2" });
    expect((await readSharedStats(admin, a!.namespace)).prefixes.rows).toMatchObject({ uncacheable: 2, misses: 2 });
    expect(warn).toHaveBeenCalledTimes(2); // one for the result, one for the arguments
    warn.mockRestore();
  });

  it("stores long keys under a hash and never returns another key's value on a hash match", async () => {
    const [a, b] = await instances(2);
    const longArg = "q".repeat(500);
    await a!.cached("search", [longArg], { ttl: 60 }, async () => "right");
    await a!.flush();
    const key = cacheKey("search", [longArg]);
    const { redisKey, hashed } = redisKeyFor(a!.namespace, "search", key);
    expect(hashed).toBe(true);
    expect(await admin.exists(redisKey)).toBe(1);
    expect(await b!.cached("search", [longArg], { ttl: 60 }, async () => "reloaded")).toBe("right");

    // Forge a collision: another call's entry sitting under this call's hash.
    const otherArg = "z".repeat(500);
    const otherKey = cacheKey("search", [otherArg]);
    const target = redisKeyFor(a!.namespace, "search", otherKey).redisKey;
    await admin.set(target, serialize({ f: ENTRY_FORMAT, v: "someone else's value", e: Date.now() + 60_000, k: key }), "PX", 60_000);
    expect(await b!.cached("search", [otherArg], { ttl: 60 }, async () => "own value")).toBe("own value");
  });

  it("invalidates with SCAN + UNLINK (never KEYS), across instances' memory too", async () => {
    const [a, b] = await instances(2);
    const warmBoth = async () => {
      for (const c of [a!, b!]) {
        for (let i = 0; i < 30; i++) await c.cached("user", [i], { ttl: 60, tags: [`team:${i % 3}`] }, async () => `u${i}`);
        await c.cached("order", [1], { ttl: 60 }, async () => "o1");
        await c.flush();
      }
    };
    const loadsIn = async (c: Cache, prefix: string, ids: number[]) => {
      let n = 0;
      for (const id of ids) await c.cached(prefix, [id], { ttl: 60 }, async () => (n++, "fresh"));
      return n;
    };
    await warmBoth();
    await admin.config("RESETSTAT");
    const ns = a!.namespace;
    expect(await scanAll(`${ns}:c:user:*`)).toHaveLength(30);

    const result = await a!.invalidate("user");
    expect(result).toMatchObject({ memory: 30, redis: 30 });
    expect(await scanAll(`${ns}:c:user:*`)).toHaveLength(0);
    expect(await scanAll(`${ns}:c:order:*`)).toHaveLength(1);
    // B hears about it and drops its in-memory copies.
    await until("B to drop user entries", () => b!.getStats().memory.entries === 1);
    expect(await loadsIn(b!, "user", [0, 1, 2])).toBe(3);

    const stats = await admin.info("commandstats");
    expect(stats).toMatch(/cmdstat_scan:/);
    expect(stats).toMatch(/cmdstat_unlink:/);
    expect(stats).not.toMatch(/cmdstat_keys:/);

    await a!.clearAll();
    await b!.clearAll();
    await warmBoth();
    const byTag = await a!.invalidateTag("team:1");
    expect(byTag.redis).toBe(10);
    expect(await scanAll(`${ns}:c:user:*`)).toHaveLength(20);
    await until("B to drop tagged entries", () => b!.getStats().memory.entries === 21);
    expect(await loadsIn(b!, "user", [1, 4, 7])).toBe(3);
    expect(await loadsIn(b!, "user", [0, 2, 3])).toBe(0);

    await a!.invalidate({ prefix: "order", args: [1] });
    expect(await scanAll(`${ns}:c:order:*`)).toHaveLength(0);

    await a!.clearAll();
    expect(await scanAll(`${ns}:c:*`)).toHaveLength(0);
    expect(await scanAll(`${ns}:t:*`)).toHaveLength(0);
  });

  it("adds every instance's counters to the shared stats in the documented layout", async () => {
    const [a, b] = await instances(2, { statsFlushMs: 60_000 });
    for (const c of [a!, b!]) {
      for (let i = 0; i < 10; i++) await c.cached("price", [i % 4], { ttl: 30 }, async () => i);
      await Promise.allSettled([c.cached("broken", [], { ttl: 5 }, async () => Promise.reject(new Error("x")))]);
      await c.flush();
    }
    const ns = a!.namespace;
    expect((await admin.smembers(statsPrefixSetKey(ns))).sort()).toEqual(["broken", "price"]);
    const hash = await admin.hgetall(statsHashKey(ns, "price"));
    // A: 4 misses + 6 hits; B: 10 hits from Redis+memory (A stored the 4 values before B ran).
    expect(Number(hash.hits) + Number(hash.misses)).toBe(20);
    expect(Number(hash.misses)).toBe(4);
    expect(Number(hash.loads)).toBe(4);
    expect(hash.ttl).toBe("30");
    expect(hash.since).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Number(hash.load_count)).toBe(4);
    expect(Number(hash.hit_count)).toBe(16);
    expect(Number(hash.hit_sum_us)).toBeGreaterThan(0);
    const bucketTotal = Object.entries(hash).filter(([f]) => /^hit_b\d+$/.test(f)).reduce((n, [, v]) => n + Number(v), 0);
    expect(bucketTotal).toBe(16);
    expect(await admin.hgetall(statsHashKey(ns, "broken"))).toMatchObject({ errors: "2", loads: "2", misses: "2" });

    const snapshot = await readSharedStats(admin, ns);
    expect(snapshot.prefixes.price).toMatchObject({ hits: 16, misses: 4, loads: 4, ttl: 30 });
    expect(snapshot.prefixes.price!.hitLatency.count).toBe(16);
    expect(await a!.sharedStats()).toMatchObject({ prefixes: { price: { hits: 16 } } });
    // Flushing again adds nothing twice.
    await a!.flush();
    expect(Number((await admin.hgetall(statsHashKey(ns, "price"))).hits)).toBe(16);
  });

  it("aggregates two separate processes (the built runtime) in one namespace", async () => {
    const entry = pathToFileURL(join(import.meta.dirname, "../../dist/src/runtime/index.js")).href;
    if (!existsSync(fileURLToPath(entry))) throw new Error("dist/src/runtime/index.js is missing: run npm run build (npm test does)");
    const namespace = `procs${process.pid}n${nsCounter++}`;
    const script = `
      const rt = await import(process.env.ENTRY);
      await rt.configureCache({ redisUrl: process.env.URL, namespace: process.env.NS, metrics: false });
      let loads = 0;
      for (let i = 0; i < 20; i++) await rt.cached("catalog", [i % 5], { ttl: 60 }, async () => (loads++, { i: i % 5 }));
      await rt.closeCache();
      console.log(JSON.stringify({ loads }));
    `;
    const run = () =>
      new Promise<{ loads: number }>((resolve, reject) => {
        execFile(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, ENTRY: entry, URL: server.url, NS: namespace }, timeout: 30_000 }, (error, stdout) =>
          error ? reject(error) : resolve(JSON.parse(stdout.trim())),
        );
      });
    const first = await run();
    const second = await run();
    expect(first.loads).toBe(5);
    // The second process finds every value in Redis.
    expect(second.loads).toBe(0);
    const shared = await readSharedStats(admin, namespace);
    expect(shared.prefixes.catalog).toMatchObject({ hits: 35, misses: 5, loads: 5, errors: 0, ttl: 60 });
  });

  it("keeps answering when Redis is stopped mid-run, and uses it again when it comes back", async () => {
    const timeoutMs = 150;
    const [a, b] = await instances(2, { redisTimeoutMs: timeoutMs, circuitResetMs: 300 });
    const load = (v: string) => async () => (await sleep(5), v);
    for (let i = 0; i < 5; i++) await a!.cached("item", [i], { ttl: 60 }, load(`v${i}`));
    await a!.flush();

    await server.stop({ abrupt: true });
    const slowest = { ms: 0 };
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      // New keys: a memory miss, so each would go to Redis if the runtime let it.
      expect(await b!.cached("item", [100 + i], { ttl: 60 }, load(`n${i}`))).toBe(`n${i}`);
      expect(await a!.cached("item", [i % 5], { ttl: 60 }, load("reloaded"))).toBe(`v${i % 5}`);
      slowest.ms = Math.max(slowest.ms, performance.now() - t0);
    }
    // Generous bound: the Redis timeout plus the 5 ms load plus scheduling noise on a busy machine.
    expect(slowest.ms).toBeLessThan(timeoutMs + 1000);
    // Single flight still holds with the circuit open.
    let concurrentLoads = 0;
    const many = await Promise.all(
      Array.from({ length: 50 }, () => b!.cached("item", ["burst"], { ttl: 60 }, async () => (concurrentLoads++, await sleep(10), "one"))),
    );
    expect(concurrentLoads).toBe(1);
    expect(new Set(many)).toEqual(new Set(["one"]));
    const down = b!.getStats().redis;
    expect(down).toMatchObject({ configured: true, circuit: "open" });
    expect(down.configured && down.connection).not.toBe("ready");

    await server.restart();
    await until("the circuit to close again", () => {
      const s = a!.getStats().redis;
      return s.configured && s.circuit === "closed" && s.connection === "ready";
    });
    await until("B to reconnect", () => {
      const s = b!.getStats().redis;
      return s.configured && s.circuit === "closed" && s.connection === "ready";
    });
    // The restarted server is empty (no persistence); values written now are shared again.
    await a!.cached("after", [1], { ttl: 60 }, load("back"));
    await a!.flush();
    expect(await b!.cached("after", [1], { ttl: 60 }, load("not shared"))).toBe("back");
  });

  it("opens the circuit on a slow Redis, bounds each call by the timeout, and closes it after a probe", async () => {
    const timeoutMs = 100;
    const [a] = await instances(1, { redisTimeoutMs: timeoutMs, circuitFailureThreshold: 3, circuitResetMs: 400 });
    await a!.cached("slow", [0], { ttl: 60 }, async () => 0);
    await admin.client("PAUSE", 1500, "ALL");
    const times: number[] = [];
    for (let i = 1; i <= 8; i++) {
      const t0 = performance.now();
      expect(await a!.cached("slow", [i], { ttl: 60 }, async () => i)).toBe(i);
      times.push(performance.now() - t0);
    }
    expect(Math.max(...times)).toBeLessThan(timeoutMs + 500);
    // After 3 timeouts the circuit is open: later calls do not ask Redis at all (skipped, not failed).
    const status = a!.getStats().redis;
    expect(status).toMatchObject({ circuit: "open" });
    expect(a!.getStats().prefixes.slow!.errors).toBe(3);
    expect(status.configured && status.skipped).toBeGreaterThanOrEqual(5);
    await sleep(1600);
    await until("the probe to close the circuit", async () => {
      await a!.cached("slow", [Math.random()], { ttl: 60 }, async () => 0);
      const s = a!.getStats().redis;
      return s.configured && s.circuit === "closed";
    });
  });

  it("works memory-only, without stalling, when Redis is configured but never reachable", async () => {
    const port = await freePort();
    const c = new Cache({ redisUrl: `redis://127.0.0.1:${port}`, redisTimeoutMs: 100, redisReconnectMaxMs: 200 });
    open.push(c);
    const t0 = performance.now();
    let loads = 0;
    for (let i = 0; i < 20; i++) await c.cached("offline", [i % 2], { ttl: 60 }, async () => ++loads);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(loads).toBe(2);
    expect(c.getStats().redis).toMatchObject({ configured: true });
  });
});
