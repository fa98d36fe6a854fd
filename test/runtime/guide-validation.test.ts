// The optimization guide's own validation (phase 3): 1,000 calls with 80 % repetition must give a hit rate
// above 70 %, cut API calls by more than half, and answer cached calls more than 10x faster than the load.
import { afterAll, describe, expect, it } from "vitest";
import { Cache } from "../../src/runtime/cache.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fixed pseudo-random sequence so the run is the same every time. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const cache = new Cache({ redisUrl: null });
afterAll(() => cache.close());

describe("guide validation", () => {
  it("1,000 calls with 80% repetition: hit rate > 70%, API calls -50%, cached > 10x faster than a 20 ms load", async () => {
    const random = lcg(42);
    let apiCalls = 0;
    const fetchProduct = (id: number) =>
      cache.cached("product", [id, { locale: "en", fields: ["name", "price"] }], { ttl: 300 }, async () => {
        apiCalls++;
        await sleep(20);
        return { id, name: `product ${id}`, price: id * 3 };
      });

    const seen: number[] = [];
    const hitMs: number[] = [];
    const missMs: number[] = [];
    for (let call = 0; call < 1000; call++) {
      const repeat = seen.length > 0 && random() < 0.8;
      const id = repeat ? seen[Math.floor(random() * seen.length)]! : seen.push(10_000 + call) && 10_000 + call;
      const before = apiCalls;
      const t0 = performance.now();
      const product = await fetchProduct(id);
      (apiCalls > before ? missMs : hitMs).push(performance.now() - t0);
      expect(product.id).toBe(id);
    }

    const stats = cache.getStats().prefixes.product!;
    const reduction = 1 - apiCalls / 1000;
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const speedup = avg(missMs) / avg(hitMs);
    console.log(
      `guide validation: hit rate ${(stats.hitRate * 100).toFixed(1)}%, API calls ${apiCalls}/1000 (-${(reduction * 100).toFixed(1)}%), ` +
        `cached ${avg(hitMs).toFixed(4)} ms vs load ${avg(missMs).toFixed(2)} ms (${speedup.toFixed(0)}x)`,
    );
    expect(stats.hits + stats.misses).toBe(1000);
    expect(stats.loads).toBe(apiCalls);
    expect(stats.hitRate).toBeGreaterThan(0.7);
    expect(reduction).toBeGreaterThan(0.5);
    expect(speedup).toBeGreaterThan(10);
    // The runtime's own measurements say the same.
    expect(stats.loadLatency.avgMs / stats.hitLatency.avgMs).toBeGreaterThan(10);
  });
});
