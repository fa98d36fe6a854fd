// End to end: the built CLI's report command on fixture stats files and on a real redis-server's shared counters.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latencyFields, statsHashKey, statsPrefixSetKey } from "../../src/stats/redis-layout.js";
import { parseJsonOutput, runCli } from "../support/run-cli.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";

interface Row {
  requests: number;
  hits: number;
  misses: number;
  hitRate: number | null;
  callsSaved: number;
  costSavedUsd: number;
  timeSavedMs: number;
  hoursSaved: number;
  latency: { avgMs: number | null; p95Ms: number | null };
  loadLatency: { avgMs: number | null; p95Ms: number | null };
  latencySource: string;
}
interface Doc {
  source: string;
  period: { since: string; until: string; days: number | null };
  prefixes: (Row & { prefix: string; ttl: number | null })[];
  total: Row;
  perDay: { requests: number; callsSaved: number; costSavedUsd: number; timeSavedMs: number } | null;
  criteria: { id: string; name: string; measured: number | null; met: boolean | null }[];
  comparison?: { totals: { metric: string; estimated: number | null; achieved: number | null; ratio: number | null }[]; prefixes: unknown[] };
}

const WORKED = "fixtures/stats/worked-example.json";

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "optimigrate-report-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("optimigrate report --stats", () => {
  it("reports the guide's worked example as measured", async () => {
    const result = await runCli(["report", "--stats", WORKED, "--json"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const doc = parseJsonOutput<Doc>(result);
    expect(doc.prefixes.map((p) => p.prefix)).toEqual(["user_profile"]);
    expect(doc.total).toMatchObject({ requests: 10_000, hits: 7000, misses: 3000, hitRate: 0.7, callsSaved: 7000, costSavedUsd: 14, timeSavedMs: 700_000 });
    expect(doc.total.latency).toEqual({ avgMs: 30.7, p95Ms: 100 });
    expect(doc.total.hoursSaved).toBeCloseTo(0.194444, 6);
    expect(doc.perDay).toEqual({ requests: 10_000, callsSaved: 7000, costSavedUsd: 14, timeSavedMs: 700_000 });
    expect(doc.criteria.map((c) => [c.id, c.met])).toEqual([
      ["hit-rate", false],
      ["api-call-reduction", true],
      ["cost-reduction", true],
      ["cached-speedup", true],
      ["error-rate", null],
    ]);
  });

  it("merges several instances' snapshots; --cost-per-call and --latency-ms change the savings", async () => {
    const result = await runCli(["report", "--stats", "fixtures/stats/shop-a.json", "--stats", "fixtures/stats/shop-b.json", "--cost-per-call", "0.01", "--latency-ms", "200", "--json"]);
    expect(result.code).toBe(0);
    const doc = parseJsonOutput<Doc>(result);
    expect(doc.prefixes.map((p) => [p.prefix, p.requests, p.hitRate])).toEqual([
      ["exchange_rate", 50, 0.8],
      ["orders", 20_000, 0.6],
      ["search_results", 10_000, 0.2],
      ["summary", 10_000, 0.8],
      ["user_profile", 100_000, 0.95],
    ]);
    expect(doc.total).toMatchObject({ requests: 140_050, hits: 117_040, callsSaved: 117_200, costSavedUsd: 1172, timeSavedMs: 23_440_000, latencySource: "flag" });
    expect(doc.period.days).toBe(7);
    expect(doc.criteria.find((c) => c.id === "hit-rate")).toMatchObject({ measured: 0.835702, met: true });
  });

  it("compares with an estimate", async () => {
    const estimate = join(scratch, "estimate.json");
    const est = await runCli(["estimate", "--from", "fixtures/assessments/worked-example.json", "--hit-rate", "0.8", "--json", "--output", estimate]);
    expect(est.code).toBe(0);
    const result = await runCli(["report", "--stats", WORKED, "--estimate", estimate, "--json"]);
    expect(result.code).toBe(0);
    const doc = parseJsonOutput<Doc>(result);
    expect(doc.comparison!.totals.find((c) => c.metric === "calls saved per day")).toEqual({ metric: "calls saved per day", unit: "calls", estimated: 8000, achieved: 7000, ratio: 0.875 });
    expect(doc.comparison!.prefixes).toEqual([{ prefix: "user_profile", function: "getUserProfile", estimatedHitRate: 0.8, achievedHitRate: 0.7 }]);
    const table = await runCli(["report", "--stats", WORKED, "--estimate", estimate]);
    expect(table.stdout).toMatch(/Estimated \(.*estimate.json\) vs achieved/);
    expect(table.stdout).toMatch(/calls saved per day\s+│\s+8,000 │\s+7,000 │\s+88%/);
  });

  it("prints the weekly table and markdown", async () => {
    const table = await runCli(["report", "--stats", WORKED]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/user_profile\s+│\s+10,000 │\s+7,000 │\s+3,000 │\s+70% │\s+30.7 ms │\s+100 ms │\s+7,000 │\s+\$14.00 │\s+0.19/);
    expect(table.stdout).toContain("Per day: 10,000 requests, 7,000 calls saved, $14.00 saved, 11.7 min saved");
    const md = await runCli(["report", "--stats", WORKED, "--format", "markdown"]);
    expect(md.stdout).toContain("## Cache report");
    expect(md.stdout).toContain("| `user_profile` | 10,000 | 7,000 | 3,000 | 70% |");
  });

  it.each([
    [[], /no stats to read: give --stats FILE/],
    [["--stats", "fixtures/stats/none.json"], /cannot read stats file fixtures\/stats\/none.json: ENOENT/],
    [["--stats", "fixtures/assessments/shop.json"], /is not an optimigrate stats snapshot/],
    [["--stats", WORKED, "--redis", "redis://127.0.0.1:1"], /either --stats or --redis/],
    [["--redis", "http://localhost"], /--redis must be a redis:\/\/ or rediss:\/\/ URL/],
    [["--stats", WORKED, "--estimate", "fixtures/stats/shop-a.json"], /is not an estimate/],
    [["--stats", WORKED, "--cost-per-call", "-1"], /--cost-per-call.*must not be negative/],
  ])("exits 2 with one line for %j", async (args, message) => {
    const result = await runCli(["report", ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
  });

  it("exits 2 on a snapshot with a broken counter", async () => {
    const file = join(scratch, "broken.json");
    await writeFile(file, JSON.stringify({ format: "optimigrate-stats", version: 1, since: "x", generatedAt: "y", prefixes: { p: { hits: -1 } } }));
    const result = await runCli(["report", "--stats", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/prefix "p" has no valid "hits" count/);
  });
});

describe("optimigrate report --redis (real redis-server)", () => {
  let server: RedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  /** Records events the way the runtime flushes them: HINCRBY on the documented fields. */
  async function record(namespace: string, prefix: string, events: { hits?: [number, number][]; loads?: [number, number][]; misses?: number; dedupes?: number; errors?: number; ttl?: number; since?: string }) {
    const key = statsHashKey(namespace, prefix);
    const pipeline = redis.pipeline().sadd(statsPrefixSetKey(namespace), prefix);
    let hits = 0;
    let loads = 0;
    for (const [kind, list] of [["hit", events.hits ?? []], ["load", events.loads ?? []]] as const) {
      for (const [count, ms] of list) {
        const fields = latencyFields(kind, ms);
        pipeline.hincrby(key, fields.count, count).hincrby(key, fields.sumUs, Math.round(count * ms * 1000)).hincrby(key, fields.bucket, count);
        if (kind === "hit") hits += count;
        else loads += count;
      }
    }
    pipeline.hincrby(key, "hits", hits).hincrby(key, "loads", loads).hincrby(key, "misses", events.misses ?? loads);
    if (events.dedupes) pipeline.hincrby(key, "dedupes", events.dedupes);
    if (events.errors) pipeline.hincrby(key, "errors", events.errors);
    if (events.ttl !== undefined) pipeline.hset(key, "ttl", String(events.ttl));
    if (events.since) pipeline.hsetnx(key, "since", events.since);
    await pipeline.exec();
  }

  it("reads the shared counters of a namespace", async () => {
    const since = new Date(Date.now() - 2 * 86_400_000).toISOString();
    // two instances adding to the same counters
    await record("shop", "user_profile", { hits: [[4000, 1]], loads: [[1500, 100]], ttl: 300, since });
    await record("shop", "user_profile", { hits: [[3000, 1]], loads: [[1500, 100]], ttl: 300, since: new Date().toISOString() });
    await record("shop", "search_results", { hits: [[100, 2]], loads: [[850, 250]], misses: 900, dedupes: 50, errors: 3, ttl: 600, since });
    await record("other", "ignored", { hits: [[1, 1]] });

    const result = await runCli(["report", "--redis", server.url, "--namespace", "shop", "--json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const doc = parseJsonOutput<Doc>(result);
    expect(doc.source).toContain("namespace shop");
    expect(doc.prefixes.map((p) => p.prefix)).toEqual(["search_results", "user_profile"]);
    const [search, profile] = doc.prefixes;
    expect(profile).toMatchObject({ requests: 10_000, hits: 7000, misses: 3000, hitRate: 0.7, callsSaved: 7000, costSavedUsd: 14, timeSavedMs: 700_000, ttl: 300 });
    expect(profile!.loadLatency).toEqual({ avgMs: 100, p95Ms: 100 });
    expect(search).toMatchObject({ requests: 1000, hits: 100, misses: 900, callsSaved: 150, ttl: 600 });
    expect(search!.loadLatency.p95Ms).toBe(250);
    expect(doc.period.since).toBe(since);
    expect(doc.period.days).toBeGreaterThan(1.99);
    expect(doc.total).toMatchObject({ requests: 11_000, hits: 7100, callsSaved: 7150 });
  });

  it("reads the default namespace, and tune reads the same counters", async () => {
    await record("optimigrate", "rates", { hits: [[950, 0.2]], loads: [[50, 40]], ttl: 60, since: new Date(Date.now() - 86_400_000).toISOString() });
    const report = await runCli(["report", "--redis", server.url, "--json"]);
    expect(report.code).toBe(0);
    expect(parseJsonOutput<Doc>(report).prefixes.map((p) => [p.prefix, p.hitRate])).toEqual([["rates", 0.95]]);
    const tune = await runCli(["tune", "--redis", server.url, "--json"]);
    expect(tune.code).toBe(0);
    expect(parseJsonOutput<{ recommendations: unknown[] }>(tune).recommendations).toEqual([
      expect.objectContaining({ prefix: "rates", action: "increase", ttl: 60, recommendedTtl: 90 }),
    ]);
  });

  it("reports an empty namespace as nothing measured", async () => {
    const result = await runCli(["report", "--redis", server.url, "--namespace", "empty", "--json"]);
    expect(result.code).toBe(0);
    const doc = parseJsonOutput<Doc>(result);
    expect(doc.prefixes).toEqual([]);
    expect(doc.perDay).toBeNull();
  });

  it("exits 2 with one line when Redis cannot be reached", async () => {
    const stopped = await startRedisServer();
    await stopped.stop();
    const result = await runCli(["report", "--redis", `redis://:secret@127.0.0.1:${stopped.port}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^optimigrate: error: cannot connect to Redis at redis:\/\/:\*\*\*@127.0.0.1:\d+\/?: ECONNREFUSED\n$/);
    expect(result.stderr).not.toContain("secret");
  });
});
