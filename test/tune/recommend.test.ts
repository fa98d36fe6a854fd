import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, recommendTtl } from "../../src/tune/recommend.js";

describe("recommendTtl: the guide's TTL optimizer", () => {
  it.each([
    // hits, misses, ttl -> action, recommended TTL
    [950, 50, 300, "increase", 450],
    [910, 90, 300, "increase", 450],
    [900, 100, 300, "keep", 300], // exactly 0.9 is not > 0.9
    [600, 400, 60, "keep", 60],
    [300, 700, 60, "keep", 60], // exactly 0.3 is not < 0.3
    [299, 701, 60, "decrease", 30],
    [100, 900, 600, "decrease", 300],
    [0, 1000, 1, "keep", 1], // already at the minimum
    [10, 990, 3, "decrease", 2], // 1.5 rounds to 2
    [990, 10, 7, "increase", 11], // 10.5 rounds to 11
    [990, 10, 86_400, "keep", 86_400], // already at the maximum
    [990, 10, 80_000, "increase", 86_400], // capped
    [60, 39, 300, "insufficient-data", null], // 99 requests
    [0, 0, 300, "insufficient-data", null],
    [950, 50, null, "no-ttl", null],
  ] as const)("%d hits, %d misses, ttl %s -> %s %s", (hits, misses, ttl, action, recommended) => {
    const r = recommendTtl("p", { hits, misses, ttl }, DEFAULT_RULES);
    expect(r.action).toBe(action);
    expect(r.recommendedTtl).toBe(recommended);
    expect(r.reason.length).toBeGreaterThan(10);
  });

  it("judges the hit rate over calls the cache could answer, leaving uncacheable ones out", () => {
    // 1,000 misses of which 900 could not be cached (class instances): 450 of 550 cacheable calls hit.
    const r = recommendTtl("p", { hits: 450, misses: 1000, uncacheable: 900, ttl: 60 });
    expect(r).toMatchObject({ requests: 550, action: "keep" });
    expect(r.hitRate).toBeCloseTo(450 / 550);
    expect(recommendTtl("p", { hits: 50, misses: 900, uncacheable: 900, ttl: 60 }).action).toBe("insufficient-data");
  });

  it("explains itself", () => {
    expect(recommendTtl("p", { hits: 95, misses: 5, ttl: 300 }).reason).toMatch(/hit rate 95% > 90%.*TTL x1.5/);
    expect(recommendTtl("p", { hits: 20, misses: 80, ttl: 300 }).reason).toMatch(/hit rate 20% < 30%.*TTL x0.5/);
    expect(recommendTtl("p", { hits: 5, misses: 5, ttl: 300 }).reason).toMatch(/only 10 requests \(fewer than 100\)/);
    expect(recommendTtl("p", { hits: 990, misses: 10, ttl: 80_000 }).reason).toMatch(/capped at 86400 s/);
  });

  it("honours a smaller minimum sample", () => {
    expect(recommendTtl("p", { hits: 19, misses: 1, ttl: 100 }, { ...DEFAULT_RULES, minRequests: 20 }).action).toBe("increase");
  });
});
