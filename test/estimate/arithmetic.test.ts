import { describe, expect, it } from "vitest";
import { batchSavings, cacheSavings, fraction, MS_PER_MINUTE, round } from "../../src/estimate/arithmetic.js";

describe("cacheSavings: the guide's arithmetic", () => {
  it("reproduces the worked example: 10,000 calls/day, 100 ms, 70 %, $0.002", () => {
    const saved = cacheSavings({ callsPerDay: 10_000, latencyMs: 100, hitRate: 0.7, costPerCall: 0.002 });
    expect(saved.callsSaved).toBe(7_000);
    expect(saved.timeSavedMs).toBe(700_000);
    expect(round(saved.timeSavedMs / MS_PER_MINUTE, 1)).toBe(11.7);
    expect(round(saved.costSavedUsd, 2)).toBe(14);
  });

  it.each([
    // calls/day, hit rate, latency, cost -> calls saved, ms saved, $ saved
    [0, 0.7, 100, 0.002, 0, 0, 0],
    [10_000, 0, 100, 0.002, 0, 0, 0],
    [10_000, 1, 100, 0.002, 10_000, 1_000_000, 20],
    [1_000, 0.5, 1500, 0.02, 500, 750_000, 10],
    [50_000, 0.9, 5, 0, 45_000, 225_000, 0],
    [3, 0.3, 10, 0.1, 0.9, 9, 0.09],
  ])("%d calls/day at %d hits, %d ms, $%d", (callsPerDay, hitRate, latencyMs, costPerCall, calls, ms, usd) => {
    const saved = cacheSavings({ callsPerDay, hitRate, latencyMs, costPerCall });
    expect(saved.callsSaved).toBeCloseTo(calls, 9);
    expect(saved.timeSavedMs).toBeCloseTo(ms, 6);
    expect(saved.costSavedUsd).toBeCloseTo(usd, 9);
  });
});

describe("batchSavings: N x L sequential, ceil(N / batch) x L batched", () => {
  it.each([
    // iterations, latency, batch -> batches, sequential, batched, saved
    [20, 100, 10, 2, 2000, 200, 1800],
    [21, 100, 10, 3, 2100, 300, 1800],
    [1, 100, 10, 1, 100, 100, 0],
    [0, 100, 10, 0, 0, 0, 0],
    [10, 50, 1, 10, 500, 500, 0],
    [100, 5, 25, 4, 500, 20, 480],
    [7, 100, 10, 1, 700, 100, 600],
  ])("%d iterations at %d ms in batches of %d", (iterations, latencyMs, batchSize, batches, sequentialMs, batchedMs, savedMs) => {
    const b = batchSavings({ iterations, latencyMs, batchSize });
    expect(b).toMatchObject({ batches, sequentialMs, batchedMs, savedMs });
  });

  it("reports the speedup, and 1 when nothing runs", () => {
    expect(batchSavings({ iterations: 20, latencyMs: 100, batchSize: 10 }).speedup).toBe(10);
    expect(batchSavings({ iterations: 0, latencyMs: 100, batchSize: 10 }).speedup).toBe(1);
  });
});

describe("round and fraction", () => {
  it.each([
    [0.1 + 0.2, 6, 0.3],
    [14.000000000000002, 2, 14],
    [1.005, 2, 1.01],
    [-0.0000001, 3, 0],
    [11.6666, 1, 11.7],
  ])("round(%d, %d) = %d", (value, digits, expected) => {
    expect(round(value, digits)).toBe(expected);
  });

  it("has no ratio of nothing", () => {
    expect(fraction(1, 0)).toBeNull();
    expect(fraction(7, 10)).toBe(0.7);
  });
});
