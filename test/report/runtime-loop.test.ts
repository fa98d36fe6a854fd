// The loop closed: the real runtime serves the guide's validation workload (1000 queries, 80 % repetition)
// on two instances sharing a real redis-server; report and tune then read what it measured, from the
// snapshot files and from the shared counters, and must agree.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCache, type Cache } from "../../src/runtime/index.js";
import { parseJsonOutput, runCli } from "../support/run-cli.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";

interface Row {
  requests: number;
  hits: number;
  misses: number;
  loads: number;
  hitRate: number | null;
  callsSaved: number;
  cachedSpeedup: number | null;
}
interface ReportDoc {
  prefixes: (Row & { prefix: string; ttl: number | null })[];
  total: Row;
  criteria: { id: string; measured: number | null; met: boolean | null }[];
}

/** A small deterministic PRNG, so the workload is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `total` queries over `distinct` keys: each key once first, then repeats drawn at random. */
function workload(total: number, distinct: number, seed: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: total }, (_, i) => (i < distinct ? i : Math.floor(random() * distinct)));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: RedisServer;
let scratch: string;
let a: Cache;
let b: Cache;
let loadsA = 0;
let loadsB = 0;

beforeAll(async () => {
  server = await startRedisServer();
  scratch = await mkdtemp(join(tmpdir(), "optimigrate-loop-"));
  const config = { redisUrl: server.url, namespace: "loop", metrics: false, statsFlushMs: 60_000 };
  a = createCache(config);
  b = createCache(config);
  await Promise.all([a.ready, b.ready]);
  // Instance A: the guide's validation, 1000 queries with 80 % repetition.
  for (const id of workload(1000, 200, 1)) {
    await a.cached("user_profile", [id], { ttl: 300 }, async () => {
      loadsA++;
      await sleep(3);
      return { id, name: `user ${id}` };
    });
  }
  // Instance B: a search whose queries rarely repeat.
  for (const q of workload(300, 270, 2)) {
    await b.cached("search_results", [`q${q}`], { ttl: 600 }, async () => {
      loadsB++;
      await sleep(2);
      return [q];
    });
  }
  await a.writeStatsSnapshot(join(scratch, "a.json"));
  await b.writeStatsSnapshot(join(scratch, "b.json"));
  await Promise.all([a.flush(), b.flush()]);
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await server?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("runtime -> report / tune", () => {
  it("the guide's validation: hit rate > 70 %, API-call reduction > 50 %, cached > 10x faster", async () => {
    expect(loadsA).toBe(200);
    const result = await runCli(["report", "--stats", join(scratch, "a.json"), "--json"]);
    expect(result.code).toBe(0);
    const doc = parseJsonOutput<ReportDoc>(result);
    expect(doc.prefixes).toHaveLength(1);
    expect(doc.prefixes[0]).toMatchObject({ prefix: "user_profile", requests: 1000, hits: 800, misses: 200, loads: 200, hitRate: 0.8, callsSaved: 800, ttl: 300 });
    const met = Object.fromEntries(doc.criteria.map((c) => [c.id, c.met]));
    expect(met).toMatchObject({ "hit-rate": true, "api-call-reduction": true, "cost-reduction": true, "cached-speedup": true });
  });

  it("reports the same counters from the merged snapshots and from the shared Redis counters", async () => {
    const files = parseJsonOutput<ReportDoc>(await runCli(["report", "--stats", join(scratch, "a.json"), "--stats", join(scratch, "b.json"), "--json"]));
    const redis = parseJsonOutput<ReportDoc>(await runCli(["report", "--redis", server.url, "--namespace", "loop", "--json"]));
    const counts = (d: ReportDoc) => d.prefixes.map((p) => [p.prefix, p.requests, p.hits, p.misses, p.loads, p.ttl]);
    expect(counts(files)).toEqual([
      ["search_results", 300, 300 - loadsB, loadsB, loadsB, 600],
      ["user_profile", 1000, 800, 200, 200, 300],
    ]);
    expect(counts(redis)).toEqual(counts(files));
    expect(redis.total).toMatchObject({ requests: 1300, hits: files.total.hits, callsSaved: files.total.callsSaved });
  });

  it("estimate --stats takes the hit rate, latency and traffic it measured", async () => {
    const result = await runCli(["estimate", "--from", "fixtures/assessments/worked-example.json", "--stats", join(scratch, "a.json"), "--json"]);
    expect(result.code).toBe(0);
    const doc = parseJsonOutput<{ sites: { prefix?: string; hitRate: number; latencyMs: number; figures: Record<string, string> }[] }>(result);
    expect(doc.sites[0]).toMatchObject({ prefix: "user_profile", hitRate: 0.8, figures: { hitRate: "measured", latencyMs: "measured", callsPerDay: "measured" } });
    expect(doc.sites[0]!.latencyMs).toBeGreaterThanOrEqual(3); // each load slept 3 ms
  });

  it("tune recommends from the shared counters: a rarely reused prefix gets a shorter TTL", async () => {
    const result = await runCli(["tune", "--redis", server.url, "--namespace", "loop", "--json"]);
    expect(result.code).toBe(0);
    const doc = parseJsonOutput<{ recommendations: { prefix: string; action: string; ttl: number; recommendedTtl: number }[] }>(result);
    expect(doc.recommendations.map((r) => [r.prefix, r.action, r.ttl, r.recommendedTtl])).toEqual([
      ["search_results", "decrease", 600, 300],
      ["user_profile", "keep", 300, 300],
    ]);
  });
});
