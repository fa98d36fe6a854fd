// End to end: the built CLI's tune command on fixture stats files.
import { describe, expect, it } from "vitest";
import { parseJsonOutput, runCli } from "../support/run-cli.js";

interface Doc {
  rules: { minRequests: number; maxTtl: number };
  recommendations: { prefix: string; requests: number; hitRate: number | null; ttl: number | null; action: string; recommendedTtl: number | null; reason: string }[];
  summary: Record<string, number>;
}

const SHOP = ["--stats", "fixtures/stats/shop-a.json", "--stats", "fixtures/stats/shop-b.json"];

describe("optimigrate tune", () => {
  it("recommends a TTL per prefix with the guide's rule and a reason", async () => {
    const result = await runCli(["tune", ...SHOP, "--json"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const doc = parseJsonOutput<Doc>(result);
    expect(doc.recommendations.map((r) => [r.prefix, r.hitRate, r.ttl, r.action, r.recommendedTtl])).toEqual([
      ["exchange_rate", 0.8, 30, "insufficient-data", null],
      ["orders", 0.6, 60, "keep", 60],
      ["search_results", 0.2, 600, "decrease", 300],
      ["summary", 0.8, 3600, "keep", 3600],
      ["user_profile", 0.95, 300, "increase", 450],
    ]);
    expect(doc.recommendations[0]!.reason).toMatch(/only 50 requests \(fewer than 100\)/);
    expect(doc.summary).toEqual({ increase: 1, decrease: 1, keep: 2, "insufficient-data": 1, "no-ttl": 0 });
    expect(doc.rules.minRequests).toBe(100);
  });

  it("lowers the sample threshold with --min-requests and caps with --max-ttl", async () => {
    const result = await runCli(["tune", ...SHOP, "--min-requests", "10", "--max-ttl", "400", "--json"]);
    const doc = parseJsonOutput<Doc>(result);
    expect(doc.recommendations.find((r) => r.prefix === "exchange_rate")).toMatchObject({ action: "keep", recommendedTtl: 30 });
    expect(doc.recommendations.find((r) => r.prefix === "user_profile")).toMatchObject({ action: "increase", recommendedTtl: 400 });
  });

  it("prints a table and markdown", async () => {
    const table = await runCli(["tune", ...SHOP]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/user_profile\s+│\s+100,000 │\s+95% │\s+300 s │\s+450 s │ increase/);
    expect(table.stdout).toContain("1 to increase, 1 to decrease, 2 to keep, 1 without a recommendation");
    const md = await runCli(["tune", ...SHOP, "--format", "markdown"]);
    expect(md.stdout).toContain("| `search_results` | 10,000 | 20% | 600 s | 300 s | decrease |");
  });

  it.each([
    [[], /no stats to read/],
    [[...SHOP, "--min-ttl", "100", "--max-ttl", "10"], /--min-ttl 100 is greater than --max-ttl 10/],
    [[...SHOP, "--min-requests", "0"], /--min-requests.*whole number/],
    [["--stats", "fixtures/stats/shop-a.json", "--namespace", "x"], /--namespace only applies with --redis/],
  ])("exits 2 for %j", async (args, message) => {
    const result = await runCli(["tune", ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
