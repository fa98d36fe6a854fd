import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/findings.js";
import { cacheability, estimateSavings } from "../../src/estimate/estimate.js";
import { checkEstimateConfig, overridesFor, resolveProfile, type EstimateConfig } from "../../src/estimate/profile.js";
import { measureSnapshot, prefixCandidates } from "../../src/estimate/measured.js";
import { emptyLatency, type StatsSnapshot } from "../../src/stats/snapshot.js";

function site(partial: Partial<Finding> & Pick<Finding, "kind" | "file" | "line">): Finding {
  return { column: 3, endLine: partial.line, endColumn: 30, code: "await call()", ...partial };
}

const read = (file: string, line: number, extra: Partial<Finding> = {}) =>
  site({ kind: "api-call", file, line, library: "axios", operation: "read", function: "getUser", ...extra });

function profile(flags: Parameters<typeof resolveProfile>[0]["flags"] = {}, config?: EstimateConfig) {
  return resolveProfile({ flags, config });
}

describe("cacheability", () => {
  it.each<[Partial<Finding>, boolean, RegExp]>([
    [{ kind: "api-call", operation: "read", library: "axios" }, true, /^read$/],
    [{ kind: "db-query", operation: "read", library: "prisma" }, true, /^read$/],
    [{ kind: "api-call", operation: "write", library: "axios" }, false, /write/],
    [{ kind: "db-query", operation: "unknown", library: "pg" }, false, /unknown/],
    [{ kind: "api-call", library: "got" }, false, /unknown/],
    [{ kind: "api-call", operation: "unknown", library: "openai" }, true, /LLM/],
    [{ kind: "api-call", operation: "read", library: "@anthropic-ai/sdk" }, true, /LLM/],
    [{ kind: "api-call", operation: "write", library: "openai" }, false, /write/],
    [{ kind: "sequential-await" }, false, /batching/],
    [{ kind: "db-query", operation: "read", library: "knex", codemod: "cache-wrap", safety: "unsafe", reasons: ["reads the clock or randomness (`now()`)"] }, false, /^cache-wrap refuses it: reads the clock/],
    [{ kind: "db-query", operation: "read", library: "knex", codemod: "cache-wrap", safety: "review", reasons: ["its class or module also writes"] }, true, /^read$/],
  ])("%o -> cacheable %s", (finding, cacheable, reason) => {
    const verdict = cacheability(finding as Finding);
    expect(verdict.cacheable).toBe(cacheable);
    expect(verdict.reason).toMatch(reason);
  });
});

describe("estimateSavings", () => {
  it("gives the guide's worked example for one cacheable site", () => {
    const e = estimateSavings([read("src/a.ts", 3)], profile({ callsPerDay: 10_000 }));
    expect(e.totals).toMatchObject({ callsPerDay: 10_000, callsSaved: 7_000, timeSavedMs: 700_000, costSavedUsd: 14, batchTimeSavedMs: 0 });
    expect(e.sites[0]).toMatchObject({ file: "src/a.ts", line: 3, kind: "api-call", function: "getUser", callsPerDay: 10_000, callsSaved: 7_000 });
    expect(e.sites[0]!.figures).toEqual({ callsPerDay: "split", hitRate: "default", latencyMs: "default", costPerCall: "default" });
    expect(e.assumptions).toMatchObject({ callsPerDay: 10_000, latencyMs: 100, hitRate: 0.7, costPerCall: 0.002, batchSize: 10, loopSize: 20 });
    expect(e.assumptions.sources.callsPerDay).toBe("flag");
    expect(e.criteria.map((c) => [c.id, c.expected, c.met])).toEqual([
      ["hit-rate", 0.7, false], // 70 % is not more than 70 %
      ["api-call-reduction", 0.7, true],
      ["cost-reduction", 0.7, true],
    ]);
  });

  it("splits calls/day evenly over cacheable reads only, and says so", () => {
    const e = estimateSavings(
      [read("src/a.ts", 1), read("src/b.ts", 1), site({ kind: "db-query", file: "src/c.ts", line: 5, operation: "write", library: "pg" }), read("src/d.ts", 9)],
      profile({ callsPerDay: 9_000 }),
    );
    expect(e.sites.map((s) => [s.file, s.callsPerDay, s.cacheable])).toEqual([
      ["src/a.ts", 3000, true],
      ["src/b.ts", 3000, true],
      ["src/c.ts", 0, false],
      ["src/d.ts", 3000, true],
    ]);
    expect(e.sites[2]!.figures.callsPerDay).toBe("none");
    expect(e.totals.callsSaved).toBe(6300);
    expect(e.totals.sites).toEqual({ cacheable: 3, notCacheable: 1, loops: 0, batchableLoops: 0 });
    expect(e.assumptions.notes.join("\n")).toMatch(/9,000 calls\/day split evenly over 3 cacheable read sites: 3,000 each/);
  });

  it("leaves out test files: their calls and loops are no production traffic", () => {
    const loop = (file: string) => site({ kind: "sequential-await", file, line: 4, loop: { kind: "for-of", line: 3 }, safety: "safe", codemod: "batch-loops" });
    const e = estimateSavings(
      [read("src/a.ts", 1), read("src/a.test.ts", 1), read("__tests__/b.ts", 2), read("test/fixtures/__mocks__/c.js", 3), loop("src/users.spec.ts"), read("src/latest/contest.ts", 4)],
      profile({ callsPerDay: 9_000 }),
    );
    expect(e.sites.map((s) => s.file)).toEqual(["src/a.ts", "src/latest/contest.ts"]);
    expect(e.loops).toEqual([]);
    expect(e.assumptions.notes).toContain("4 findings in test files are left out: tests send no production traffic");
  });

  it("with spread all, writes take a share and lower the reductions", () => {
    const e = estimateSavings(
      [read("src/a.ts", 1), site({ kind: "db-query", file: "src/c.ts", line: 5, operation: "write", library: "pg" })],
      profile({ callsPerDay: 10_000, spread: "all" }),
    );
    expect(e.totals.callsPerDay).toBe(10_000);
    expect(e.totals.cacheableCallsPerDay).toBe(5_000);
    expect(e.totals.callsSaved).toBe(3_500);
    expect(e.totals.hitRate).toBe(0.7);
    expect(e.totals.apiCallReduction).toBe(0.35);
    expect(e.criteria.find((c) => c.id === "api-call-reduction")!.met).toBe(false);
  });

  it("applies overrides in order by library, kind and file glob; later rules win", () => {
    const config: EstimateConfig = {
      overrides: [
        { library: "openai", costPerCall: 0.02, latencyMs: 1500 },
        { kind: "db-query", latencyMs: 5, costPerCall: 0 },
        { file: "src/reports/**", callsPerDay: 100, hitRate: 0.95 },
        { file: "src/reports/daily.ts", hitRate: 0.99 },
      ],
    };
    const findings = [
      site({ kind: "api-call", file: "src/ai.ts", line: 2, library: "openai", operation: "read", function: "generateSummary" }),
      site({ kind: "db-query", file: "src/db.ts", line: 4, library: "prisma", operation: "read" }),
      read("src/reports/daily.ts", 7),
      read("src/reports/weekly.ts", 7),
    ];
    const e = estimateSavings(findings, profile({ callsPerDay: 1_200 }, config));
    const [ai, db, daily, weekly] = e.sites;
    expect(ai).toMatchObject({ latencyMs: 1500, costPerCall: 0.02, callsPerDay: 500, figures: { latencyMs: "override", costPerCall: "override", callsPerDay: "split" } });
    expect(db).toMatchObject({ latencyMs: 5, costPerCall: 0, callsPerDay: 500 });
    expect(daily).toMatchObject({ callsPerDay: 100, hitRate: 0.99, figures: { callsPerDay: "override", hitRate: "override" } });
    expect(weekly).toMatchObject({ callsPerDay: 100, hitRate: 0.95 });
    // 1,200 total less 200 given per site, split over the two other sites
    expect(e.totals.callsPerDay).toBe(1_200);
    expect(ai!.costSavedUsd).toBeCloseTo(500 * 0.7 * 0.02, 9);
    expect(e.assumptions.overrides).toBe(4);
  });

  it("says when the per-site figures exceed the total", () => {
    const e = estimateSavings([read("a.ts", 1), read("b.ts", 1)], profile({ callsPerDay: 100 }, { overrides: [{ file: "a.ts", callsPerDay: 500 }] }));
    expect(e.sites.map((s) => s.callsPerDay)).toEqual([500, 0]);
    expect(e.assumptions.notes.join("\n")).toMatch(/add up to 500 calls\/day, more than the 100 given/);
  });

  it("estimates a loop: N x L sequential vs ceil(N / batch) x L batched, runs/day derived from its call's traffic", () => {
    const findings = [
      site({ kind: "sequential-await", file: "src/loop.ts", line: 12, endLine: 12, function: "getAll", loop: { kind: "for-of", line: 11 }, safety: "safe", codemod: "batch-loops" }),
      read("src/loop.ts", 12, { function: "getAll", loop: { kind: "for-of", line: 11 } }),
    ];
    const e = estimateSavings(findings, profile({ callsPerDay: 2_000 }));
    expect(e.loops).toHaveLength(1);
    expect(e.loops[0]).toMatchObject({
      file: "src/loop.ts",
      line: 11,
      loopKind: "for-of",
      iterations: 20,
      latencyMs: 100,
      batchSize: 10,
      batches: 2,
      sequentialMs: 2000,
      batchedMs: 200,
      savedMs: 1800,
      runsPerDay: 100,
      timeSavedMsPerDay: 180_000,
      batchable: true,
      figures: { iterations: "default", runsPerDay: "derived" },
    });
    expect(e.totals.batchTimeSavedMs).toBe(180_000);
  });

  it("honours --loop-size and --batch-size, counts unsafe loops as not batchable, defaults runs/day to 1", () => {
    const findings = [
      site({ kind: "sequential-await", file: "a.ts", line: 3, loop: { kind: "for", line: 2 }, safety: "safe" }),
      site({ kind: "sequential-await", file: "a.ts", line: 9, loop: { kind: "while", line: 8 }, safety: "unsafe", reasons: ["early exit: break"] }),
    ];
    const e = estimateSavings(findings, profile({ loopSize: 25, batchSize: 5, latencyMs: 40 }));
    expect(e.loops.map((l) => [l.line, l.sequentialMs, l.batchedMs, l.runsPerDay, l.timeSavedMsPerDay, l.batchable])).toEqual([
      [2, 1000, 200, 1, 800, true],
      [8, 1000, 200, 1, 0, false],
    ]);
    expect(e.totals.batchTimeSavedMs).toBe(800);
    expect(e.totals.sites.batchableLoops).toBe(1);
    expect(e.assumptions.notes.join("\n")).toMatch(/assumed to run 1 time a day/);
  });

  it("groups several awaits of one loop, and treats a waterfall as one batch", () => {
    const findings = [
      site({ kind: "sequential-await", file: "w.ts", line: 5, loop: { kind: "for-of", line: 4 } }),
      site({ kind: "sequential-await", file: "w.ts", line: 6, loop: { kind: "for-of", line: 4 } }),
      // the detector reports the awaits after the first; the first sits on the waterfall's line
      site({ kind: "sequential-await", file: "w.ts", line: 21, loop: { kind: "waterfall", line: 20 } }),
      site({ kind: "sequential-await", file: "w.ts", line: 22, loop: { kind: "waterfall", line: 20 } }),
      site({ kind: "api-call", file: "w.ts", line: 20, library: "openai", operation: "read" }),
    ];
    const e = estimateSavings(findings, profile({}, { overrides: [{ library: "openai", latencyMs: 1500 }] }));
    expect(e.loops.map((l) => [l.line, l.awaits, l.iterations, l.latencyMs, l.sequentialMs, l.batchedMs, l.savedMs])).toEqual([
      [4, 2, 20, 200, 4000, 400, 3600],
      [20, 3, 3, 1700, 1700, 1500, 200],
    ]);
    expect(e.loops[1]!.figures).toMatchObject({ latencyMs: "override", runsPerDay: "derived" });
    expect(e.loops[1]!.runsPerDay).toBe(10_000);
  });

  it.each([
    ["while", /while loops are not rewritten/],
    ["do", /do…while loops are not rewritten/],
    ["for-await", /async iterator stays sequential/],
  ] as const)("does not count a %s loop as batchable", (kind, reason) => {
    const e = estimateSavings([site({ kind: "sequential-await", file: "a.ts", line: 3, loop: { kind, line: 2 } })], profile());
    expect(e.loops[0]).toMatchObject({ batchable: false, timeSavedMsPerDay: 0 });
    expect(e.loops[0]!.reasons!.join()).toMatch(reason);
  });

  it("builds the what-if table over hit rates 0.3 … 0.9", () => {
    const e = estimateSavings([read("a.ts", 1)], profile({ callsPerDay: 10_000 }));
    expect(e.whatIf.map((w) => [w.hitRate, w.callsSaved, w.costSavedUsd])).toEqual([
      [0.3, 3000, 6],
      [0.4, 4000, 8],
      [0.5, 5000, 10],
      [0.6, 6000, 12],
      [0.7, 7000, 14],
      [0.8, 8000, 16],
      [0.9, 9000, 18],
    ]);
  });

  it("judges the criteria: met, not met, and not measurable", () => {
    const high = estimateSavings([read("a.ts", 1)], profile({ hitRate: 0.8 }));
    expect(high.criteria.map((c) => c.met)).toEqual([true, true, true]);
    const free = estimateSavings([read("a.ts", 1)], profile({ hitRate: 0.8, costPerCall: 0 }));
    expect(free.criteria[2]).toMatchObject({ id: "cost-reduction", expected: null, met: null });
    const none = estimateSavings([], profile());
    expect(none.criteria.map((c) => c.met)).toEqual([null, null, null]);
    expect(none.totals.unassignedCallsPerDay).toBe(10_000);
  });

  it("takes hit rate, latency and traffic from the stats of the site's cache prefix", () => {
    const latency = (count: number, sumMs: number) => ({ ...emptyLatency(), count, sumMs, avgMs: sumMs / count });
    const snapshot: StatsSnapshot = {
      format: "optimigrate-stats",
      version: 1,
      since: "2026-11-01T00:00:00.000Z",
      generatedAt: "2026-11-03T00:00:00.000Z",
      prefixes: {
        user_profile: { hits: 1800, misses: 200, loads: 200, errors: 0, dedupes: 0, ttl: 300, loadLatency: latency(200, 50_000), hitLatency: latency(1800, 900) },
        other: { hits: 100, misses: 900, loads: 900, errors: 0, dedupes: 0, ttl: 60, loadLatency: latency(900, 90_000), hitLatency: latency(100, 50) },
      },
    };
    const measured = measureSnapshot(snapshot);
    const p = resolveProfile({ flags: {}, measuredTotal: { hitRate: measured.total.hitRate!, latencyMs: measured.total.loadLatencyMs! } });
    const e = estimateSavings([read("a.ts", 1, { function: "getUserProfile" }), read("b.ts", 1, { function: "loadThing" })], p, measured);
    expect(e.sites[0]).toMatchObject({ prefix: "user_profile", callsPerDay: 1000, hitRate: 0.9, latencyMs: 250, figures: { callsPerDay: "measured", hitRate: "measured", latencyMs: "measured", costPerCall: "default" } });
    expect(e.sites[1]).toMatchObject({ callsPerDay: 9000, hitRate: 0.633333, figures: { callsPerDay: "split", hitRate: "measured-total", latencyMs: "measured-total" } });

    // two calls in one cached function: the function's measured latency is shared, its calls are not
    const two = estimateSavings([read("a.ts", 1, { function: "getUserProfile" }), read("a.ts", 2, { function: "getUserProfile" })], p, measured);
    expect(two.sites.map((s) => [s.callsPerDay, s.latencyMs, s.callsSaved])).toEqual([
      [1000, 125, 900],
      [1000, 125, 900],
    ]);
    expect(two.totals.timeSavedMs).toBe(900 * 250);
    expect(two.assumptions.notes.join("\n")).toMatch(/split evenly between them/);
  });
});

describe("the estimate config section", () => {
  it.each<[unknown, RegExp | undefined]>([
    [{ callsPerDay: 5000, overrides: [{ library: "openai", costPerCall: 0.02, latencyMs: 1500 }, { kind: "db-query", latencyMs: 5, costPerCall: 0 }] }, undefined],
    [{ spread: "all", loopSize: 50, batchSize: 25 }, undefined],
    [[], /must be an object/],
    [{ hitRate: 1.5 }, /estimate.hitRate must be between 0 and 1/],
    [{ batchSize: 2.5 }, /estimate.batchSize must be a whole number/],
    [{ latencyMs: -1 }, /must not be negative/],
    [{ spread: "some" }, /estimate.spread must be one of cacheable, all/],
    [{ callPerDay: 1 }, /unknown key "callPerDay"/],
    [{ overrides: {} }, /overrides must be an array/],
    [{ overrides: [{ costPerCall: 1 }] }, /overrides\[0\] matches every site/],
    [{ overrides: [{ library: "pg" }] }, /overrides\[0\] sets no figure/],
    [{ overrides: [{ kind: "graphql", latencyMs: 1 }] }, /overrides\[0\].kind must be one of/],
    [{ overrides: [{ library: "pg", latency: 1 }] }, /overrides\[0\] has unknown key "latency"/],
    [{ overrides: [{ library: "pg", hitRate: "high" }] }, /overrides\[0\].hitRate must be a number/],
  ])("%j -> %s", (value, problem) => {
    const result = checkEstimateConfig(value);
    if (problem) expect(result).toMatch(problem);
    else expect(result).toBeUndefined();
  });

  it("resolves flag over config over default, and names the source", () => {
    const p = resolveProfile({ flags: { hitRate: 0.5 }, config: { hitRate: 0.6, latencyMs: 20 } });
    expect(p.hitRate).toEqual({ value: 0.5, source: "flag" });
    expect(p.latencyMs).toEqual({ value: 20, source: "config" });
    expect(p.costPerCall).toEqual({ value: 0.002, source: "default" });
  });

  it("matches overrides on the bare method name too", () => {
    const f = read("src/x.ts", 1, { function: "UserService.getUser" });
    expect(overridesFor([{ function: "getUser", latencyMs: 7 }], f)).toEqual({ latencyMs: 7 });
    expect(overridesFor([{ function: "getUsers", latencyMs: 7 }], f)).toEqual({});
  });
});

describe("helpers", () => {
  it.each([
    ["getUserProfile", ["user_profile", "get_user_profile", "getUserProfile"]],
    ["UserService.fetchOrders", ["orders", "fetch_orders", "fetchOrders"]],
    ["generate", ["generate"]],
    ["getaway", ["getaway"]],
    ["analyzeHTTPLogs", ["http_logs", "analyze_http_logs", "analyzeHTTPLogs"]],
  ])("prefix candidates of %s", (name, expected) => {
    expect(prefixCandidates(name)).toEqual(expected);
  });

  it.each([
    ["src/reports/daily.ts", "src/reports/**", true],
    ["src/reports/a/b.ts", "src/reports/**", true],
    ["src/report.ts", "src/reports/**", false],
    ["src/a/b.ts", "**/*.ts", true],
    ["b.ts", "**/*.ts", true],
    ["src/a/b.test.ts", "**/*.test.ts", true],
    ["src/a/b.test.ts", "*.test.ts", false],
    ["src/a/b.ts", "src/*.ts", false],
    ["src/a.mts", "src/*.{ts,mts}", true],
  ])("%s matches %s: %s", (path, glob, expected) => {
    expect(overridesFor([{ file: glob, latencyMs: 1 }], read(path, 1)).latencyMs !== undefined).toBe(expected);
  });
});
