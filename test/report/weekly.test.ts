import { describe, expect, it } from "vitest";
import { compareWithEstimate, costsFromEstimate, parseEstimateSummary, weeklyReport } from "../../src/estimate/achieved.js";
import { bucketIndex, emptyLatency, mergeSnapshots, percentileFromBuckets, type LatencySummary, type PrefixStats, type StatsSnapshot } from "../../src/stats/snapshot.js";

function latency(parts: [count: number, ms: number][]): LatencySummary {
  const l = emptyLatency();
  for (const [count, ms] of parts) {
    l.count += count;
    l.sumMs += count * ms;
    l.buckets[bucketIndex(ms)]! += count;
  }
  l.avgMs = l.count ? l.sumMs / l.count : 0;
  l.p95Ms = percentileFromBuckets(l.buckets, 0.95);
  return l;
}

function prefix(p: Partial<PrefixStats> & { load?: [number, number][]; hit?: [number, number][] }): PrefixStats {
  return {
    hits: p.hits ?? 0,
    misses: p.misses ?? 0,
    loads: p.loads ?? p.misses ?? 0,
    errors: p.errors ?? 0,
    dedupes: p.dedupes ?? 0,
    ttl: p.ttl ?? 300,
    loadLatency: latency(p.load ?? []),
    hitLatency: latency(p.hit ?? []),
  };
}

function snapshot(prefixes: Record<string, PrefixStats>, since = "2026-11-22T00:00:00.000Z", generatedAt = "2026-11-23T00:00:00.000Z"): StatsSnapshot {
  return { format: "optimigrate-stats", version: 1, since, generatedAt, source: "test", prefixes };
}

const worked = snapshot({ user_profile: prefix({ hits: 7000, misses: 3000, load: [[3000, 100]], hit: [[7000, 1]] }) });

describe("weeklyReport", () => {
  it("shows calls that ran uncached, and reads snapshots that do not count them", () => {
    const r = weeklyReport(
      snapshot({
        rows: { ...prefix({ hits: 10, misses: 30, load: [[30, 50]], hit: [[10, 1]] }), uncacheable: 20 },
        user_profile: prefix({ hits: 7, misses: 3, load: [[3, 100]], hit: [[7, 1]] }),
      }),
    );
    expect(r.prefixes.map((p) => [p.prefix, p.uncacheable])).toEqual([["rows", 20], ["user_profile", 0]]);
    expect(r.total).toMatchObject({ requests: 50, misses: 33, uncacheable: 20 });
    expect(r.notes.join("\n")).toMatch(/20 calls ran uncached \(counted as misses\).*in rows/);
    const merged = mergeSnapshots([
      snapshot({ rows: { ...prefix({ misses: 2 }), uncacheable: 2 } }),
      snapshot({ rows: prefix({ misses: 1 }) }),
    ]);
    expect(merged.prefixes.rows).toMatchObject({ misses: 3, uncacheable: 2 });
  });

  it("measures the guide's worked example: 7,000 calls, $14.00, 11.7 minutes", () => {
    const r = weeklyReport(worked);
    expect(r.total).toMatchObject({
      requests: 10_000,
      hits: 7000,
      misses: 3000,
      hitRate: 0.7,
      callsSaved: 7000,
      costSavedUsd: 14,
      timeSavedMs: 700_000,
      latencyPerCallMs: 100,
      latencySource: "measured",
      cachedSpeedup: 100,
    });
    expect(r.total.hoursSaved).toBeCloseTo(700_000 / 3_600_000, 6);
    expect(r.total.latency).toEqual({ avgMs: 30.7, p95Ms: 100 });
    expect(r.total.loadLatency).toEqual({ avgMs: 100, p95Ms: 100 });
    expect(r.total.hitLatency).toEqual({ avgMs: 1, p95Ms: 1 });
    expect(r.period.days).toBe(1);
    expect(r.perDay).toEqual({ requests: 10_000, callsSaved: 7000, costSavedUsd: 14, timeSavedMs: 700_000 });
    expect(r.criteria.map((c) => [c.id, c.measured, c.met])).toEqual([
      ["hit-rate", 0.7, false],
      ["api-call-reduction", 0.7, true],
      ["cost-reduction", 0.7, true],
      ["cached-speedup", 100, true],
      ["error-rate", 0, null],
    ]);
  });

  it("uses --cost-per-call and --latency-ms instead of the defaults and the measurement", () => {
    const r = weeklyReport(worked, { costPerCall: 0.01, latencyMs: 250 });
    expect(r.total).toMatchObject({ costSavedUsd: 70, timeSavedMs: 1_750_000, latencySource: "flag" });
  });

  it("counts deduplicated misses as saved calls, adds time per prefix at each prefix's latency", () => {
    const r = weeklyReport(
      snapshot({
        fast: prefix({ hits: 900, misses: 100, loads: 90, dedupes: 10, load: [[90, 10]], hit: [[900, 0.5]] }),
        slow: prefix({ hits: 100, misses: 100, load: [[100, 1000]], hit: [[100, 1]] }),
        cold: prefix({ hits: 10, misses: 0 }),
      }),
    );
    const [cold, fast, slow] = r.prefixes;
    expect(fast).toMatchObject({ prefix: "fast", callsSaved: 910, timeSavedMs: 9100, latencySource: "measured" });
    expect(slow).toMatchObject({ prefix: "slow", callsSaved: 100, timeSavedMs: 100_000, hitRate: 0.5 });
    expect(cold).toMatchObject({ prefix: "cold", callsSaved: 10, timeSavedMs: 1000, latencySource: "default" });
    expect(r.total.timeSavedMs).toBe(9100 + 100_000 + 1000);
    expect(r.total.callsSaved).toBe(1020);
    expect(r.notes.join("\n")).toMatch(/never loaded are counted at 100 ms/);
  });

  it("judges the error rate only against a baseline", () => {
    const stats = snapshot({ p: prefix({ hits: 90, misses: 10, errors: 2, load: [[10, 10]], hit: [[90, 1]] }) });
    expect(weeklyReport(stats).criteria.at(-1)).toMatchObject({ id: "error-rate", measured: 0.02, met: null });
    expect(weeklyReport(stats, { baselineErrorRate: 0.05 }).criteria.at(-1)).toMatchObject({ measured: 0.02, met: true });
    expect(weeklyReport(stats, { baselineErrorRate: 0.01 }).criteria.at(-1)).toMatchObject({ measured: 0.02, met: false });
  });

  it("has no per-day figures when the period is unknown, and nothing to judge without requests", () => {
    const r = weeklyReport(snapshot({}, "2026-11-23T00:00:00.000Z", "2026-11-23T00:00:00.000Z"));
    expect(r.perDay).toBeNull();
    expect(r.criteria.map((c) => c.met)).toEqual([null, null, null, null, null]);
    expect(r.notes.join("\n")).toMatch(/nothing was measured yet/);
  });

  it("reports merged snapshots of several instances as one", () => {
    const a = snapshot({ p: prefix({ hits: 80, misses: 20, load: [[20, 50]], hit: [[80, 1]] }) }, "2026-11-16T00:00:00.000Z", "2026-11-23T00:00:00.000Z");
    const b = snapshot({ p: prefix({ hits: 60, misses: 40, load: [[40, 50]], hit: [[60, 1]] }), q: prefix({ hits: 1, misses: 1 }) }, "2026-11-17T00:00:00.000Z", "2026-11-23T00:00:00.000Z");
    const r = weeklyReport(mergeSnapshots([a, b]));
    expect(r.prefixes.map((p) => [p.prefix, p.requests, p.hitRate])).toEqual([
      ["p", 200, 0.7],
      ["q", 2, 0.5],
    ]);
    expect(r.period.days).toBe(7);
  });
});

describe("estimated vs achieved", () => {
  const estimate = {
    totals: { callsPerDay: 10_000, callsSaved: 8000, timeSavedMs: 800_000, costSavedUsd: 16, batchTimeSavedMs: 0, hitRate: 0.8, apiCallReduction: 0.8, cacheableCallsPerDay: 10_000 },
    sites: [{ function: "getUserProfile", cacheable: true, hitRate: 0.8 }, { function: "createOrder", cacheable: false, hitRate: 0.7 }],
  };

  it("compares per day and per prefix, with achieved / estimated", () => {
    const r = compareWithEstimate(weeklyReport(worked), parseEstimateSummary(estimate, "est.json"), "est.json");
    expect(r.comparison!.totals.map((c) => [c.metric, c.estimated, c.achieved, c.ratio])).toEqual([
      ["hit rate", 0.8, 0.7, 0.875],
      ["API-call reduction", 0.8, 0.7, 0.875],
      ["calls per day through the cache", 10_000, 10_000, 1],
      ["calls saved per day", 8000, 7000, 0.875],
      ["time saved per day", 800_000, 700_000, 0.875],
      ["dollars saved per day", 16, 14, 0.875],
    ]);
    expect(r.comparison!.prefixes).toEqual([{ prefix: "user_profile", function: "getUserProfile", estimatedHitRate: 0.8, achievedHitRate: 0.7 }]);
  });

  it("values each prefix at its function's call sites' cost from the estimate, and judges cost reduction on dollars", () => {
    const stats = snapshot({
      summary: prefix({ hits: 800, misses: 200, load: [[200, 1500]], hit: [[800, 1]] }),
      user_profile: prefix({ hits: 100, misses: 900, load: [[900, 100]], hit: [[100, 1]] }),
      other: prefix({ hits: 50, misses: 50, load: [[50, 10]], hit: [[50, 1]] }),
    });
    const est = parseEstimateSummary(
      {
        totals: { callsSaved: 1, timeSavedMs: 1, costSavedUsd: 1 },
        sites: [
          { function: "generateSummary", cacheable: true, hitRate: 0.7, costPerCall: 0.02 },
          { function: "generateSummary", cacheable: true, hitRate: 0.7, costPerCall: 0.002 },
          { function: "getUserProfile", cacheable: true, hitRate: 0.7, costPerCall: 0.001 },
          { function: "createOrder", cacheable: false, costPerCall: 5 },
        ],
      },
      "est.json",
    );
    const costs = costsFromEstimate(est, Object.keys(stats.prefixes));
    expect(costs).toEqual({ summary: 0.022, user_profile: 0.001 });
    const r = weeklyReport(stats, { costPerPrefix: costs, costPerCall: 0.01 });
    expect(r.prefixes.map((p) => [p.prefix, p.costPerCall, p.costSource, p.costSavedUsd])).toEqual([
      ["other", 0.01, "flag", 0.5],
      ["summary", 0.022, "estimate", 17.6],
      ["user_profile", 0.001, "estimate", 0.1],
    ]);
    expect(r.total).toMatchObject({ costSource: "mixed", costSavedUsd: 18.2, costWithoutCacheUsd: 1 + 22 + 1 });
    expect(r.criteria.find((c) => c.id === "cost-reduction")).toMatchObject({ measured: 0.758333, met: true });
    expect(r.criteria.find((c) => c.id === "api-call-reduction")).toMatchObject({ measured: 0.452381, met: false });
  });

  it.each([
    [null, /is not an estimate/],
    [{ totals: {}, sites: [] }, /totals.callsSaved must be a number/],
    [{ findings: [] }, /is not an estimate/],
  ])("rejects %j", (value, message) => {
    expect(() => parseEstimateSummary(value, "x.json")).toThrow(message);
  });
});
