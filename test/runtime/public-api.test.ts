// The module-level API that migrated code imports from optimigrate/runtime (DESIGN §5).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as runtime from "../../src/runtime/index.js";
import { parseSnapshot } from "../../src/stats/snapshot.js";

afterEach(async () => {
  await runtime.closeCache();
  runtime.enableOptimizations();
  delete process.env.REDIS_URL;
  vi.restoreAllMocks();
});

describe("optimigrate/runtime public API", () => {
  it("exports the contract of DESIGN §5", () => {
    for (const name of [
      "cached", "mapBatched", "configureCache", "invalidate", "invalidateTag", "clearAll", "warm",
      "getStats", "resetStats", "disableOptimizations", "writeStatsSnapshot", "onStats",
    ]) {
      expect(typeof (runtime as Record<string, unknown>)[name], name).toBe("function");
    }
  });

  it("runs a default cache without any configuration", async () => {
    const load = vi.fn(async () => ({ ok: true }));
    await runtime.cached("p", [1], { ttl: 60 }, load);
    await runtime.cached("p", [1], { ttl: 60 }, load);
    expect(load).toHaveBeenCalledTimes(1);
    expect(runtime.getStats().prefixes.p).toMatchObject({ hits: 1, misses: 1 });
    expect(runtime.getStats().redis).toEqual({ configured: false });
  });

  it("configureCache replaces the default cache and validates its options", async () => {
    await runtime.cached("p", [1], { ttl: 60 }, async () => "old");
    await runtime.configureCache({ defaultTtl: 10, maxMemoryMb: 5, namespace: "app", store: "memory" });
    expect(await runtime.cached("p", [1], undefined, async () => "new")).toBe("new");
    expect(runtime.getStats().prefixes.p!.ttl).toBe(10);
    expect(runtime.getStats().memory.maxBytes).toBe(5 * 1024 * 1024);
    expect(() => runtime.configureCache({ maxMemoryMb: -1 })).toThrow(/maxMemoryMb/);
    expect(() => runtime.configureCache({ namespace: "a b" })).toThrow(/namespace/);
    expect(() => runtime.configureCache({ store: "postgres://x" })).toThrow(/store/);
    expect(() => runtime.configureCache({ store: "redis", redisUrl: null })).toThrow(/REDIS_URL/);
  });

  it("takes a Redis URL from REDIS_URL or store, and none with store: memory", async () => {
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    await runtime.configureCache({ redisTimeoutMs: 20 });
    expect(runtime.getStats().redis).toMatchObject({ configured: true });
    await runtime.configureCache({ store: "memory" });
    expect(runtime.getStats().redis).toEqual({ configured: false });
    await runtime.configureCache({ store: "redis://127.0.0.1:1", redisTimeoutMs: 20 });
    expect(runtime.getStats().redis).toMatchObject({ configured: true });
    // Unreachable Redis: calls still work.
    expect(await runtime.cached("r", [1], { ttl: 5 }, async () => 7)).toBe(7);
  });

  it("invalidates, warms, resets and writes snapshots through the default cache", async () => {
    const dir = await mkdtemp(join(tmpdir(), "optimigrate-api-"));
    try {
      await runtime.warm([{ prefix: "w", args: [1], ttl: 60, load: async () => "warm" }]);
      expect(await runtime.cached("w", [1], { ttl: 60 }, async () => "cold")).toBe("warm");
      expect((await runtime.invalidate("w")).memory).toBe(1);
      await runtime.cached("t", [1], { ttl: 60, tags: ["x"] }, async () => 1);
      expect((await runtime.invalidateTag("x")).memory).toBe(1);
      await runtime.cached("t", [2], { ttl: 60 }, async () => 2);
      expect((await runtime.clearAll()).memory).toBe(1);
      const file = join(dir, "stats.json");
      await runtime.writeStatsSnapshot(file);
      const snap = parseSnapshot(JSON.parse(await readFile(file, "utf8")), file);
      expect(snap.prefixes.w).toMatchObject({ hits: 1, loads: 1 });
      runtime.resetStats();
      expect(runtime.getStats().totals.hits).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("the kill switch reaches the default cache and mapBatched", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const load = vi.fn(async () => 1);
    await runtime.cached("k", [], { ttl: 60 }, load);
    runtime.disableOptimizations();
    expect(runtime.optimizationsDisabled()).toBe(true);
    await runtime.cached("k", [], { ttl: 60 }, load);
    expect(load).toHaveBeenCalledTimes(2);
    let running = 0;
    let max = 0;
    await runtime.mapBatched([1, 2, 3], async () => {
      max = Math.max(max, ++running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
    });
    expect(max).toBe(1);
  });
});
