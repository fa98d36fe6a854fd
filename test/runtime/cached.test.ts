import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Cache } from "../../src/runtime/cache.js";
import { disableOptimizations, enableOptimizations } from "../../src/runtime/kill-switch.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cache: Cache;
beforeEach(() => {
  cache = new Cache({ redisUrl: null });
});
afterEach(async () => {
  await cache.close();
  enableOptimizations();
  delete process.env.OPTIMIGRATE_CACHE;
  delete process.env.OPTIMIGRATE_CACHE_PERCENT;
  vi.restoreAllMocks();
});

describe("cached", () => {
  it("returns the cached value on a hit and does not call load again", async () => {
    const load = vi.fn(async () => ({ name: "Ada" }));
    const first = await cache.cached("user", [1], { ttl: 60 }, load);
    const second = await cache.cached("user", [1], { ttl: 60 }, load);
    expect(second).toEqual({ name: "Ada" });
    expect(second).toBe(first);
    expect(load).toHaveBeenCalledTimes(1);
    await cache.cached("user", [2], { ttl: 60 }, load);
    await cache.cached("user", ["1"], { ttl: 60 }, load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it("calls load once for 100 concurrent callers of one key (single flight)", async () => {
    let calls = 0;
    const load = async () => {
      calls++;
      await sleep(20);
      return { n: 42 };
    };
    const results = await Promise.all(Array.from({ length: 100 }, () => cache.cached("slow", ["k"], { ttl: 60 }, load)));
    expect(calls).toBe(1);
    expect(results.every((r) => r === results[0] && r.n === 42)).toBe(true);
    const s = cache.getStats().prefixes.slow!;
    expect(s).toMatchObject({ misses: 1, loads: 1, dedupes: 99, hits: 0, callsSaved: 99 });
  });

  it("shares a failing load among concurrent callers and never caches the error", async () => {
    let calls = 0;
    const load = async () => {
      calls++;
      await sleep(5);
      if (calls === 1) throw new Error("upstream 503");
      return "ok";
    };
    const failures = await Promise.allSettled(Array.from({ length: 10 }, () => cache.cached("flaky", [1], { ttl: 60 }, load)));
    expect(failures.every((f) => f.status === "rejected" && (f.reason as Error).message === "upstream 503")).toBe(true);
    expect(calls).toBe(1);
    await expect(cache.cached("flaky", [1], { ttl: 60 }, load)).resolves.toBe("ok");
    expect(calls).toBe(2);
    await expect(cache.cached("flaky", [1], { ttl: 60 }, load)).resolves.toBe("ok");
    expect(calls).toBe(2);
    expect(cache.getStats().prefixes.flaky).toMatchObject({ errors: 1, loads: 2, hits: 1 });
  });

  it("does not let one hung load hold a key: callers after singleFlightMaxMs start their own", async () => {
    const c = new Cache({ redisUrl: null, singleFlightMaxMs: 30 });
    const hung = c.cached("hang", [1], { ttl: 60 }, () => new Promise<string>(() => {}));
    expect(await Promise.race([hung, sleep(10).then(() => "still waiting")])).toBe("still waiting");
    await sleep(40);
    expect(await c.cached("hang", [1], { ttl: 60 }, async () => "fresh")).toBe("fresh");
    expect(await c.cached("hang", [1], { ttl: 60 }, async () => "not again")).toBe("fresh");
    await c.close();
  });

  it("turns a synchronous throw in load into a rejection", async () => {
    await expect(
      cache.cached("sync", [], { ttl: 1 }, () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
  });

  it("runs a call whose arguments cannot be a key uncached, warning once with the prefix (fail-open.test.ts has more)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await expect(cache.cached("user_profile", [() => 1], { ttl: 1 }, async () => 1)).resolves.toBe(1);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/"user_profile": argument 0 is a function/));
  });

  it("rejects bad prefixes, ttl and tags", async () => {
    await expect(cache.cached("bad prefix", [], { ttl: 1 }, async () => 1)).rejects.toThrow(/invalid cache prefix/);
    await expect(cache.cached("p*", [], { ttl: 1 }, async () => 1)).rejects.toThrow(/invalid cache prefix/);
    await expect(cache.cached("p", [], { ttl: -1 }, async () => 1)).rejects.toThrow(/ttl/);
    await expect(cache.cached("p", [], { ttl: 1, tags: [""] }, async () => 1)).rejects.toThrow(/tags/);
  });

  it("expires entries after ttl seconds", async () => {
    const load = vi.fn(async () => Date.now());
    await cache.cached("t", [], { ttl: 0.05 }, load);
    await cache.cached("t", [], { ttl: 0.05 }, load);
    expect(load).toHaveBeenCalledTimes(1);
    await sleep(80);
    await cache.cached("t", [], { ttl: 0.05 }, load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("uses defaultTtl when none is given and stores nothing with ttl 0", async () => {
    const c = new Cache({ redisUrl: null, defaultTtl: 0.05 });
    const load = vi.fn(async () => 1);
    await c.cached("d", [], undefined, load);
    await c.cached("d", [], undefined, load);
    expect(load).toHaveBeenCalledTimes(1);
    expect(c.getStats().prefixes.d!.ttl).toBe(0.05);
    await c.cached("zero", [], { ttl: 0 }, load);
    await c.cached("zero", [], { ttl: 0 }, load);
    expect(load).toHaveBeenCalledTimes(3);
    await c.close();
  });
});

describe("values handed out (copy once, freeze, share)", () => {
  it("freezes the cached copy deeply and gives every caller the same frozen object", async () => {
    const original = { user: { name: "Ada", roles: ["admin"] } };
    const first = await cache.cached("v", [], { ttl: 60 }, async () => original);
    expect(first).not.toBe(original);
    expect(Object.isFrozen(original)).toBe(false);
    expect(Object.isFrozen(first) && Object.isFrozen(first.user) && Object.isFrozen(first.user.roles)).toBe(true);
    expect(() => {
      (first.user as { name: string }).name = "Eve";
    }).toThrow(TypeError);
    expect(() => first.user.roles.push("root")).toThrow(TypeError);
    original.user.name = "changed by the loader";
    const again = await cache.cached("v", [], { ttl: 60 }, async () => original);
    expect(again).toBe(first);
    expect(again.user.name).toBe("Ada");
  });

  it("hands out a fresh copy per read when the value holds a Map, Set, Date or buffer", async () => {
    const load = async () => ({ when: new Date(0), ids: new Set([1]), byId: new Map([[1, "a"]]), bytes: new Uint8Array([1]) });
    const a = await cache.cached("m", [], { ttl: 60 }, load);
    a.ids.add(2);
    a.byId.set(2, "b");
    a.when.setTime(5);
    a.bytes[0] = 9;
    const b = await cache.cached("m", [], { ttl: 60 }, load);
    expect(b).not.toBe(a);
    expect([...b.ids]).toEqual([1]);
    expect([...b.byId.keys()]).toEqual([1]);
    expect(b.when.getTime()).toBe(0);
    expect(b.bytes[0]).toBe(1);
  });

  it("returns but does not cache a value that cannot be copied", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const value = { fn: () => 1 };
    const load = vi.fn(async () => value);
    const v = await cache.cached("fnval", [], { ttl: 60 }, load);
    expect(v).toBe(value);
    await cache.cached("fnval", [], { ttl: 60 }, load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("caches primitives, falsy ones too", async () => {
    for (const value of [0, "", false, 7n]) {
      const load = vi.fn(async () => value);
      expect(await cache.cached("p", [String(value)], { ttl: 60 }, load)).toBe(value);
      expect(await cache.cached("p", [String(value)], { ttl: 60 }, load)).toBe(value);
      expect(load).toHaveBeenCalledTimes(1);
    }
  });

  it("does not cache 'not found' (null, undefined) unless asked: a user who just signed up is found at once", async () => {
    const users = new Map<string, { id: number }>();
    const getUserByEmail = (email: string) => cache.cached("user_by_email", [email], { ttl: 300 }, async () => users.get(email) ?? null);
    expect(await getUserByEmail("a@x.io")).toBeNull();
    users.set("a@x.io", { id: 1 });
    expect(await getUserByEmail("a@x.io")).toEqual({ id: 1 });
    const load = vi.fn(async () => undefined);
    await cache.cached("u", [], { ttl: 60, cacheMissing: true }, load);
    expect(await cache.cached("u", [], { ttl: 60, cacheMissing: true }, load)).toBeUndefined();
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.getStats().prefixes.user_by_email).toMatchObject({ misses: 2, loads: 2 });
  });
});

describe("memory bound", () => {
  it("holds the entry bound under a write storm", async () => {
    const c = new Cache({ redisUrl: null, maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) {
      await c.cached("storm", [i], { ttl: 60 }, async () => ({ i }));
      expect(c.getStats().memory.entries).toBeLessThanOrEqual(100);
    }
    // The most recent keys are the ones kept.
    const load = vi.fn(async () => ({ i: -1 }));
    expect(await c.cached("storm", [9_999], { ttl: 60 }, load)).toEqual({ i: 9_999 });
    expect(load).not.toHaveBeenCalled();
    await c.close();
  });

  it("holds the byte bound under concurrent writes of large values", async () => {
    const c = new Cache({ redisUrl: null, maxMemoryMb: 1 });
    const big = "x".repeat(50_000); // ~100 KB each as UTF-16
    for (let round = 0; round < 20; round++) {
      await Promise.all(Array.from({ length: 25 }, (_, i) => c.cached("big", [round, i], { ttl: 60 }, async () => ({ big }))));
      const m = c.getStats().memory;
      expect(m.bytes).toBeLessThanOrEqual(m.maxBytes);
      expect(m.entries).toBeLessThanOrEqual(11);
    }
    await c.close();
  });
});

describe("invalidation", () => {
  async function fill(c: Cache) {
    await c.cached("user", [1], { ttl: 60, tags: ["user:1"] }, async () => "u1");
    await c.cached("user", [2], { ttl: 60, tags: ["user:2"] }, async () => "u2");
    await c.cached("orders", [1], { ttl: 60, tags: ["user:1"] }, async () => "o1");
  }
  const isCached = async (c: Cache, prefix: string, args: unknown[]) => {
    let loaded = false;
    await c.cached(prefix, args, { ttl: 60 }, async () => {
      loaded = true;
      return "fresh";
    });
    return !loaded;
  };

  it("drops one call with { prefix, args } or its key", async () => {
    await fill(cache);
    expect(await cache.invalidate({ prefix: "user", args: [1] })).toEqual({ memory: 1, redis: 0 });
    expect(await isCached(cache, "user", [1])).toBe(false);
    expect(await isCached(cache, "user", [2])).toBe(true);
    expect((await cache.invalidate('user:[2]')).memory).toBe(1);
    expect(await isCached(cache, "orders", [1])).toBe(true);
  });

  it("drops a prefix or a pattern", async () => {
    await fill(cache);
    expect((await cache.invalidate("user")).memory).toBe(2);
    expect(await isCached(cache, "orders", [1])).toBe(true);
    await fill(cache);
    expect((await cache.invalidate("*:[1]")).memory).toBe(2);
    expect(await isCached(cache, "user", [2])).toBe(true);
  });

  it("drops by tag", async () => {
    await fill(cache);
    expect((await cache.invalidateTag("user:1")).memory).toBe(2);
    expect(await isCached(cache, "user", [1])).toBe(false);
    expect(await isCached(cache, "orders", [1])).toBe(false);
    expect(await isCached(cache, "user", [2])).toBe(true);
  });

  it("clears everything", async () => {
    await fill(cache);
    expect((await cache.clearAll()).memory).toBe(3);
    expect(cache.getStats().memory.entries).toBe(0);
  });

  it("does not store the result of a load that was running when its key was invalidated", async () => {
    let release!: () => void;
    const pending = cache.cached("race", [1], { ttl: 60 }, () => new Promise<string>((r) => (release = () => r("old"))));
    await sleep(1);
    await cache.invalidate({ prefix: "race", args: [1] });
    release();
    expect(await pending).toBe("old");
    expect(await isCached(cache, "race", [1])).toBe(false);
  });
});

describe("warm", () => {
  it("loads entries ahead of calls and reports failures without throwing", async () => {
    const result = await cache.warm([
      { prefix: "hot", args: [1], ttl: 60, load: async () => "one" },
      { prefix: "hot", args: [2], ttl: 60, load: async () => "two" },
      { prefix: "hot", args: [3], ttl: 60, load: async () => Promise.reject(new Error("nope")) },
    ]);
    expect(result).toMatchObject({ warmed: 2, failed: 1, skipped: 0 });
    const load = vi.fn(async () => "cold");
    expect(await cache.cached("hot", [2], { ttl: 60 }, load)).toBe("two");
    expect(load).not.toHaveBeenCalled();
    expect(cache.getStats().prefixes.hot).toMatchObject({ hits: 1, misses: 0, loads: 3, errors: 1, ttl: 60 });
  });
});

describe("flags and kill switch", () => {
  it("OPTIMIGRATE_CACHE=off bypasses the cache at call time", async () => {
    const load = vi.fn(async () => 1);
    await cache.cached("f", [], { ttl: 60 }, load);
    process.env.OPTIMIGRATE_CACHE = "off";
    await cache.cached("f", [], { ttl: 60 }, load);
    await cache.cached("f", [], { ttl: 60 }, load);
    expect(load).toHaveBeenCalledTimes(3);
    process.env.OPTIMIGRATE_CACHE = "on";
    await cache.cached("f", [], { ttl: 60 }, load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it("OPTIMIGRATE_CACHE_PERCENT caches a deterministic share of keys", async () => {
    process.env.OPTIMIGRATE_CACHE_PERCENT = "10";
    const cachedKeys = async (c: Cache) => {
      const out: number[] = [];
      for (let i = 0; i < 1000; i++) {
        await c.cached("roll", [i], { ttl: 60 }, async () => i);
        let loaded = false;
        await c.cached("roll", [i], { ttl: 60 }, async () => ((loaded = true), i));
        if (!loaded) out.push(i);
      }
      return out;
    };
    const first = await cachedKeys(cache);
    expect(first.length).toBeGreaterThan(60);
    expect(first.length).toBeLessThan(140);
    // Another instance (another process, the same env) picks exactly the same keys.
    const other = new Cache({ redisUrl: null });
    expect(await cachedKeys(other)).toEqual(first);
    await other.close();
    // Raising the share keeps the keys already in it.
    process.env.OPTIMIGRATE_CACHE_PERCENT = "50";
    const more = await cachedKeys(new Cache({ redisUrl: null }));
    expect(first.every((k) => more.includes(k))).toBe(true);
    process.env.OPTIMIGRATE_CACHE_PERCENT = "0";
    expect(await cachedKeys(new Cache({ redisUrl: null }))).toEqual([]);
  });

  it("treats an unreadable percentage as 0 and warns once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    process.env.OPTIMIGRATE_CACHE_PERCENT = "lots";
    const load = vi.fn(async () => 1);
    await cache.cached("bad", [], { ttl: 60 }, load);
    await cache.cached("bad", [], { ttl: 60 }, load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("disableOptimizations bypasses and clears every cache and logs once at error level", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const other = new Cache({ redisUrl: null });
    const load = vi.fn(async () => 1);
    await cache.cached("k", [], { ttl: 60 }, load);
    await other.cached("k", [], { ttl: 60 }, load);
    disableOptimizations("test");
    disableOptimizations("again");
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]![0])).toMatch(/CRITICAL.*optimizations disabled \(test\)/);
    await sleep(1);
    expect(cache.getStats().memory.entries).toBe(0);
    expect(other.getStats().memory.entries).toBe(0);
    await cache.cached("k", [], { ttl: 60 }, load);
    await cache.cached("k", [], { ttl: 60 }, load);
    expect(load).toHaveBeenCalledTimes(4);
    expect(cache.getStats().optimizationsDisabled).toBe(true);
    enableOptimizations();
    await cache.cached("k", [], { ttl: 60 }, load);
    await cache.cached("k", [], { ttl: 60 }, load);
    expect(load).toHaveBeenCalledTimes(5);
    await other.close();
  });
});
