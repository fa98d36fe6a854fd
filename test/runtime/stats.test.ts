import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Registry } from "prom-client";
import { Cache } from "../../src/runtime/cache.js";
import { enableMetrics, METRIC_NAMES, setMetricsSource } from "../../src/runtime/metrics.js";
import { parseSnapshot, LATENCY_BUCKETS_MS } from "../../src/stats/snapshot.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cache: Cache;
let dir: string;
beforeEach(async () => {
  cache = new Cache({ redisUrl: null });
  dir = await mkdtemp(join(tmpdir(), "optimigrate-stats-"));
});
afterEach(async () => {
  await cache.close();
  await rm(dir, { recursive: true, force: true });
});

async function traffic(c: Cache) {
  for (let i = 0; i < 10; i++) await c.cached("user", [i % 2], { ttl: 300 }, async () => (await sleep(2), i));
  await Promise.allSettled([1, 2, 3].map(() => c.cached("report", [], { ttl: 3600 }, async () => (await sleep(3), Promise.reject(new Error("x"))))));
}

describe("stats", () => {
  it("counts hits, misses, loads, errors and dedupes per prefix, with derived figures", async () => {
    await traffic(cache);
    const s = cache.getStats();
    expect(s.prefixes.user).toMatchObject({ hits: 8, misses: 2, loads: 2, errors: 0, dedupes: 0, ttl: 300, hitRate: 0.8, callsSaved: 8 });
    expect(s.prefixes.report).toMatchObject({ hits: 0, misses: 1, loads: 1, errors: 1, dedupes: 2, ttl: 3600, hitRate: 0, callsSaved: 2 });
    expect(s.totals).toMatchObject({ hits: 8, misses: 3, loads: 3, errors: 1, dedupes: 2, callsSaved: 10 });
    expect(s.totals.hitRate).toBeCloseTo(8 / 11);
    expect(s.redis).toEqual({ configured: false });
  });

  it("measures load and hit latency (avg, p95, histogram)", async () => {
    await traffic(cache);
    const u = cache.getStats().prefixes.user!;
    expect(u.loadLatency.count).toBe(2);
    expect(u.loadLatency.avgMs).toBeGreaterThanOrEqual(1.5);
    expect(u.loadLatency.p95Ms).toBeGreaterThanOrEqual(2);
    expect(u.hitLatency.count).toBe(8);
    expect(u.hitLatency.avgMs).toBeLessThan(u.loadLatency.avgMs);
    expect(u.hitLatency.buckets).toHaveLength(LATENCY_BUCKETS_MS.length + 1);
    expect(u.hitLatency.buckets.reduce((a, b) => a + b, 0)).toBe(8);
  });

  it("resetStats starts a new period", async () => {
    await traffic(cache);
    const before = cache.getStats().since;
    await sleep(2);
    cache.resetStats();
    const s = cache.getStats();
    expect(s.totals).toMatchObject({ hits: 0, misses: 0, loads: 0, errors: 0, dedupes: 0 });
    expect(s.since > before).toBe(true);
    // ttl in use is kept: it describes configuration, not traffic.
    expect(s.prefixes.user!.ttl).toBe(300);
  });

  it("writes a snapshot file atomically in the format report reads", async () => {
    await traffic(cache);
    const file = join(dir, "stats.json");
    await Promise.all([cache.writeStatsSnapshot(file), cache.writeStatsSnapshot(file), cache.writeStatsSnapshot(file)]);
    const snap = parseSnapshot(JSON.parse(await readFile(file, "utf8")), file);
    expect(snap.format).toBe("optimigrate-stats");
    expect(snap.prefixes.user).toMatchObject({ hits: 8, misses: 2, loads: 2, ttl: 300 });
    expect(snap.prefixes.user).not.toHaveProperty("hitRate");
    expect(await readdir(dir)).toEqual(["stats.json"]);
  });

  it("fails clearly and leaves no temporary file when the directory does not exist", async () => {
    await expect(cache.writeStatsSnapshot(join(dir, "missing", "stats.json"))).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("calls onStats listeners on an interval until stopped", async () => {
    const seen: number[] = [];
    const stop = cache.onStats((s) => seen.push(s.totals.hits), 10);
    await traffic(cache);
    await sleep(35);
    stop();
    const n = seen.length;
    expect(n).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(8);
    await sleep(30);
    expect(seen.length).toBe(n);
  });

  it("writes snapshots on a schedule with statsFile, and on close", async () => {
    const file = join(dir, "scheduled.json");
    const c = new Cache({ redisUrl: null, statsFile: file, statsIntervalMs: 10 });
    await traffic(c);
    await c.close();
    expect(parseSnapshot(JSON.parse(await readFile(file, "utf8")), file).prefixes.user!.hits).toBe(8);
  });
});

describe("Prometheus metrics", () => {
  it("exposes hit rate, calls saved and latency per prefix, computed when scraped", async () => {
    const registry = new Registry();
    setMetricsSource(() => cache.getStats().prefixes);
    expect(await enableMetrics(registry)).toBe("on");
    await traffic(cache);
    const text = await registry.metrics();
    expect(text).toContain(`${METRIC_NAMES.hitRate}{prefix="user"} 0.8`);
    expect(text).toContain(`${METRIC_NAMES.callsSaved}{prefix="user"} 8`);
    expect(text).toContain(`${METRIC_NAMES.callsSaved}{prefix="report"} 2`);
    expect(text).toMatch(new RegExp(`${METRIC_NAMES.latency}_bucket\\{prefix="user",kind="hit",le="\\+Inf"\\} 8`));
    expect(text).toMatch(new RegExp(`${METRIC_NAMES.latency}_count\\{prefix="user",kind="load"\\} 2`));
    // The counter keeps growing across scrapes and never goes back after resetStats.
    await cache.cached("user", [0], { ttl: 300 }, async () => 0);
    expect(await registry.metrics()).toContain(`${METRIC_NAMES.callsSaved}{prefix="user"} 9`);
    cache.resetStats();
    await cache.cached("user", [0], { ttl: 300 }, async () => 0);
    expect(await registry.metrics()).toContain(`${METRIC_NAMES.callsSaved}{prefix="user"} 10`);
    // Calls that ran uncached, per prefix (every prefix is exported, at 0 until it has one).
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await cache.cached("rows", [0], { ttl: 300 }, async () => new (class Row {})());
    warn.mockRestore();
    const withUncacheable = await registry.metrics();
    expect(withUncacheable).toContain(`${METRIC_NAMES.uncacheable}{prefix="rows"} 1`);
    expect(withUncacheable).toContain(`${METRIC_NAMES.uncacheable}{prefix="user"} 0`);
    // Registering twice in one registry is harmless.
    expect(await enableMetrics(registry)).toBe("on");
  });
});
