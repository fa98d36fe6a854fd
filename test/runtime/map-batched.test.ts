import { afterEach, describe, expect, it, vi } from "vitest";
import { mapBatched } from "../../src/runtime/map-batched.js";
import { disableOptimizations, enableOptimizations } from "../../src/runtime/kill-switch.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An fn that records how many calls run at once. */
function probe(latency: (i: number) => number) {
  let running = 0;
  const seen = { max: 0, started: [] as number[] };
  const fn = async (item: number, index: number) => {
    seen.started.push(index);
    running++;
    seen.max = Math.max(seen.max, running);
    await sleep(latency(index));
    running--;
    return item * 10;
  };
  return { fn, seen };
}

afterEach(() => {
  enableOptimizations();
  delete process.env.OPTIMIGRATE_BATCHING;
  vi.restoreAllMocks();
});

describe("mapBatched", () => {
  it("returns results in input order whatever order calls finish in", async () => {
    const { fn } = probe((i) => (i % 3) * 7);
    const items = Array.from({ length: 25 }, (_, i) => i);
    expect(await mapBatched(items, fn, { batchSize: 4 })).toEqual(items.map((i) => i * 10));
  });

  it.each([1, 3, 10])("never runs more than width %i at once, and fills the window", async (width) => {
    const { fn, seen } = probe((i) => 1 + ((i * 7) % 5));
    await mapBatched(Array.from({ length: 40 }, (_, i) => i), fn, { concurrency: width });
    expect(seen.max).toBe(width);
  });

  it("slides: a slow item does not hold back the rest of its batch's successors", async () => {
    // Width 2: item 0 stays pending until the test releases it. Chunked, item 2 could not start before
    // item 0 finished; sliding, items 2, 3 and 4 start and finish while item 0 is still pending.
    let releaseSlow!: () => void;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const events: string[] = [];
    const run = mapBatched([0, 1, 2, 3, 4], async (i) => {
      events.push(`start ${i}`);
      if (i === 0) await slow;
      else await Promise.resolve();
      events.push(`end ${i}`);
      return i * 10;
    }, { batchSize: 2 });
    await vi.waitFor(() => expect(events).toContain("end 4"));
    expect(events).not.toContain("end 0");
    releaseSlow();
    expect(await run).toEqual([0, 10, 20, 30, 40]);
    expect(events.indexOf("start 2")).toBeLessThan(events.indexOf("end 0"));
  });

  it("rejects with the first rejection and starts nothing after it", async () => {
    const started: number[] = [];
    const error = new Error("item 3 failed");
    const result = mapBatched(Array.from({ length: 20 }, (_, i) => i), async (i) => {
      started.push(i);
      await sleep(i === 3 ? 5 : 20);
      if (i === 3) throw error;
      if (i === 4) throw new Error("later failure");
      return i;
    }, { batchSize: 5 });
    await expect(result).rejects.toBe(error);
    const count = started.length;
    expect(count).toBe(5);
    await sleep(60);
    expect(started.length).toBe(count);
  });

  it("treats a synchronous throw in fn as a rejection", async () => {
    await expect(mapBatched([1, 2], () => {
      throw new Error("sync");
    })).rejects.toThrow("sync");
  });

  it("accepts any iterable and closes a generator when it stops early", async () => {
    expect(await mapBatched(new Set([1, 2, 3]), async (x) => x + 1)).toEqual([2, 3, 4]);
    expect(await mapBatched(new Map([["a", 1]]), async ([k, v]) => `${k}${v}`)).toEqual(["a1"]);
    expect(await mapBatched("abc", async (c, i) => `${c}${i}`)).toEqual(["a0", "b1", "c2"]);
    let closed = false;
    function* gen() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    await expect(mapBatched(gen(), async (i) => {
      if (i === 2) throw new Error("stop");
      return i;
    }, { batchSize: 2 })).rejects.toThrow("stop");
    expect(closed).toBe(true);
  });

  it("pulls lazily from the iterator (never more than the window ahead)", async () => {
    let pulled = 0;
    function* gen() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield i;
      }
    }
    let maxAhead = 0;
    let done = 0;
    await mapBatched(gen(), async () => {
      maxAhead = Math.max(maxAhead, pulled - done);
      await sleep(1);
      done++;
    }, { batchSize: 3 });
    expect(maxAhead).toBeLessThanOrEqual(3);
  });

  it("rejects when the iterator throws", async () => {
    function* gen() {
      yield 1;
      throw new Error("iterator broke");
    }
    await expect(mapBatched(gen(), async (x) => x)).rejects.toThrow("iterator broke");
  });

  it("handles empty input and validates the width", async () => {
    expect(await mapBatched([], async (x) => x)).toEqual([]);
    await expect(mapBatched([1], async (x) => x, { batchSize: 0 })).rejects.toThrow(RangeError);
    await expect(mapBatched([1], async (x) => x, { concurrency: 1.5 })).rejects.toThrow(RangeError);
    await expect(mapBatched(42 as unknown as number[], async (x) => x)).rejects.toThrow(TypeError);
  });

  it("runs one at a time when OPTIMIGRATE_BATCHING=off", async () => {
    process.env.OPTIMIGRATE_BATCHING = "off";
    const { fn, seen } = probe(() => 1);
    expect(await mapBatched([1, 2, 3, 4], fn, { batchSize: 10 })).toEqual([10, 20, 30, 40]);
    expect(seen.max).toBe(1);
    expect(seen.started).toEqual([0, 1, 2, 3]);
  });

  it("runs one at a time after the kill switch", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    disableOptimizations();
    const { fn, seen } = probe(() => 1);
    await mapBatched([1, 2, 3, 4], fn, { batchSize: 10 });
    expect(seen.max).toBe(1);
  });
});
