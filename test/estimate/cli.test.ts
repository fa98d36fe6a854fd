// End to end: the built CLI's estimate command on fixture assessments, config and stats.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJsonOutput, runCli } from "../support/run-cli.js";

const WORKED = "fixtures/assessments/worked-example.json";
const SHOP = "fixtures/assessments/shop.json";

interface Doc {
  assumptions: Record<string, unknown> & { sources: Record<string, string>; notes: string[] };
  totals: Record<string, number>;
  sites: { file: string; line: number; kind: string; function?: string; callsPerDay: number; callsSaved: number; timeSavedMs: number; costSavedUsd: number; cacheable: boolean; latencyMs: number; costPerCall: number; hitRate: number; prefix?: string; figures: Record<string, string> }[];
  loops: { file: string; line: number; iterations: number; sequentialMs: number; batchedMs: number; runsPerDay: number; timeSavedMsPerDay: number; batchable: boolean }[];
  whatIf: { hitRate: number; callsSaved: number }[];
  criteria: { name: string; target: number; expected: number | null; met: boolean | null }[];
  input: Record<string, unknown>;
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "optimigrate-estimate-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("optimigrate estimate", () => {
  it("prints the DESIGN §3 JSON for the guide's worked example", async () => {
    const result = await runCli(["estimate", "--from", WORKED, "--calls-per-day", "10000", "--latency-ms", "100", "--hit-rate", "0.7", "--cost-per-call", "0.002", "--json"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const doc = parseJsonOutput<Doc>(result);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(["assumptions", "totals", "sites", "criteria"]));
    expect(doc.assumptions).toMatchObject({ callsPerDay: 10_000, latencyMs: 100, hitRate: 0.7, costPerCall: 0.002, batchSize: 10 });
    expect(doc.totals).toMatchObject({ callsPerDay: 10_000, callsSaved: 7000, timeSavedMs: 700_000, costSavedUsd: 14, batchTimeSavedMs: 0 });
    expect(doc.sites).toHaveLength(1);
    expect(doc.sites[0]).toMatchObject({ file: "src/users.ts", line: 12, kind: "api-call", function: "getUserProfile", callsPerDay: 10_000, callsSaved: 7000, timeSavedMs: 700_000, costSavedUsd: 14 });
    for (const c of doc.criteria) expect(Object.keys(c)).toEqual(expect.arrayContaining(["name", "target", "expected", "met"]));
    expect(doc.criteria.map((c) => [c.name, c.met])).toEqual([
      ["hit rate > 70%", false],
      ["API-call reduction > 50%", true],
      ["cost reduction > 40%", true],
    ]);
    expect(doc.whatIf.map((w) => w.hitRate)).toEqual([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(doc.assumptions.sources).toMatchObject({ callsPerDay: "flag", hitRate: "flag", loopSize: "default" });
  });

  it("prints a table with the guide's figures on a terminal, and markdown on request", async () => {
    const table = await runCli(["estimate", "--from", WORKED]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("7,000 of 10,000 calls saved");
    expect(table.stdout).toContain("11.7 min");
    expect(table.stdout).toContain("$14.00");
    expect(table.stdout).toMatch(/✗ not met\s+hit rate > 70%/);
    expect(table.stdout).not.toMatch(/\u001b\[/); // NO_COLOR
    const md = await runCli(["estimate", "--from", WORKED, "--format", "markdown"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("## Savings estimate (per day)");
    expect(md.stdout).toContain("| `src/users.ts:12` | `getUserProfile` |");
  });

  it("colours the table only when FORCE_COLOR asks, never the JSON", async () => {
    const coloured = await runCli(["estimate", "--from", WORKED], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(coloured.stdout).toMatch(/\u001b\[/);
    const json = await runCli(["estimate", "--from", WORKED, "--json"], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(json.stdout).not.toMatch(/\u001b\[/);
    expect(parseJsonOutput(json)).toHaveProperty("totals");
  });

  it("applies the config's overrides and estimates loops (sequential vs batched)", async () => {
    const result = await runCli(["estimate", "fixtures/projects/shop", "--from", SHOP, "--json", "--loop-size", "30"]);
    expect(result.code).toBe(0);
    const doc = parseJsonOutput<Doc>(result);
    expect(doc.assumptions).toMatchObject({ callsPerDay: 40_000, loopSize: 30, overrides: 3 });
    expect(doc.assumptions.sources).toMatchObject({ callsPerDay: "config", loopSize: "flag" });
    const ai = doc.sites.find((s) => s.file === "src/ai.ts")!;
    expect(ai).toMatchObject({ latencyMs: 1500, costPerCall: 0.02, cacheable: true });
    const db = doc.sites.find((s) => s.file === "src/orders.ts" && s.line === 10)!;
    expect(db).toMatchObject({ latencyMs: 5, costPerCall: 0 });
    expect(doc.sites.filter((s) => !s.cacheable).map((s) => `${s.file}:${s.line}`)).toEqual(["src/orders.ts:30", "src/search.ts:4", "src/stock.ts:7"]);
    // 40,000 - 20,000 (loadAllPreferences, per config) = 20,000 over three other cacheable reads
    expect(doc.sites.filter((s) => s.figures.callsPerDay === "split").map((s) => s.callsPerDay)).toEqual([6666.667, 6666.667, 6666.667]);
    const [restock, prefs] = doc.loops;
    expect(prefs).toMatchObject({ file: "src/users.ts", line: 20, iterations: 50, sequentialMs: 5000, batchedMs: 500, runsPerDay: 400, timeSavedMsPerDay: 1_800_000, batchable: true });
    expect(restock).toMatchObject({ file: "src/stock.ts", iterations: 30, batchable: false, timeSavedMsPerDay: 0 });
    expect(doc.totals.batchTimeSavedMs).toBe(1_800_000);
  });

  it("runs an assessment itself when no --from is given", async () => {
    const result = await runCli(["estimate", "fixtures/projects/shop", "--json"]);
    expect(result.code).toBe(0);
    const doc = parseJsonOutput<Doc>(result);
    expect(doc.input).toMatchObject({ findings: 7 });
    expect(doc.sites.map((s) => [s.file, s.line, s.kind, s.cacheable])).toEqual([
      ["src/ai.ts", 6, "api-call", true],
      ["src/orders.ts", 7, "db-query", true],
      ["src/orders.ts", 11, "api-call", false],
      ["src/users.ts", 4, "api-call", true],
      ["src/users.ts", 11, "api-call", true],
    ]);
    expect(doc.loops.map((l) => [l.file, l.line, l.iterations, l.sequentialMs, l.batchedMs])).toEqual([
      ["src/dashboard.ts", 5, 2, 200, 100],
      ["src/users.ts", 10, 50, 5000, 500],
    ]);
    expect(doc.totals).toMatchObject({ callsPerDay: 40_000, callsSaved: 28_000 });
  });

  it("exits 3 when some files could not be parsed, and still estimates the rest", async () => {
    const dir = join(scratch, "broken-project");
    await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));
    await writeFile(join(dir, "ok.ts"), "import axios from 'axios';\nexport async function getUser(id: string) {\n  return (await axios.get(`/u/${id}`)).data;\n}\n");
    await writeFile(join(dir, "broken.ts"), "export async function (((\n");
    const result = await runCli(["estimate", dir, "--json"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/broken.ts/);
    const doc = parseJsonOutput<Doc>(result);
    expect(doc.sites.map((s) => s.file)).toEqual(["ok.ts"]);
    expect(doc.totals.callsSaved).toBe(7000);
  });

  it("takes measured hit rates, latencies and traffic from --stats and says which figures are measured", async () => {
    const result = await runCli(["estimate", "--from", SHOP, "--stats", "fixtures/stats/shop-a.json", "--stats", "fixtures/stats/shop-b.json", "--json"]);
    expect(result.code).toBe(0);
    const doc = parseJsonOutput<Doc>(result);
    const profile = doc.sites.find((s) => s.function === "getUserProfile")!;
    expect(profile.prefix).toBe("user_profile");
    expect(profile.figures).toMatchObject({ hitRate: "measured", latencyMs: "measured", callsPerDay: "measured", costPerCall: "default" });
    expect(profile.hitRate).toBe(0.95);
    expect(profile.callsPerDay).toBeCloseTo(100_000 / 7, 2);
    const ai = doc.sites.find((s) => s.function === "generateSummary")!;
    expect(ai).toMatchObject({ prefix: "summary", hitRate: 0.8, figures: { hitRate: "measured" } });
    expect(doc.assumptions.sources).toMatchObject({ hitRate: "measured-total", latencyMs: "measured-total", callsPerDay: "measured-total" });
    expect(doc.input).toMatchObject({ stats: { days: 7, prefixes: 5 } });
  });

  it("writes the output atomically with --output", async () => {
    const out = join(scratch, "estimate.json");
    const result = await runCli(["estimate", "--from", WORKED, "--json", "--output", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(JSON.parse(await readFile(out, "utf8")).totals.costSavedUsd).toBe(14);
  });

  it.each([
    [["--from", "fixtures/assessments/missing.json"], /cannot read assessment fixtures\/assessments\/missing.json: ENOENT/],
    [["--from", "package.json"], /package.json is not an assessment: it has no "findings" array/],
    [["--from", "README.md"], /assessment README.md is not valid JSON/],
    [["--from", WORKED, "--hit-rate", "1.5"], /--hit-rate.*between 0 and 1/],
    [["--from", WORKED, "--batch-size", "0"], /--batch-size.*whole number/],
    [["--from", WORKED, "--calls-per-day", "lots"], /--calls-per-day.*must be a number/],
    [["--from", WORKED, "--format", "xml"], /unknown format "xml"/],
    [["--from", WORKED, "--json", "--format", "markdown"], /--json conflicts with --format markdown/],
    [["--from", WORKED, "--spread", "some"], /--spread.*must be one of cacheable, all/],
    [["--from", WORKED, "--stats", "fixtures/assessments/shop.json"], /not an optimigrate stats snapshot/],
    [["--from", WORKED, "--include", "src/**"], /with --from the assessment is already made/],
  ])("exits 2 with one line for %j", async (args, message) => {
    const result = await runCli(["estimate", ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")[0]).toMatch(/^optimigrate: error: /);
  });

  it("exits 2 naming the bad finding", async () => {
    const file = join(scratch, "bad-finding.json");
    await writeFile(file, JSON.stringify({ findings: [{ kind: "api-call", file: "a.ts", line: 1 }, { kind: "graphql", file: "b.ts", line: 2 }] }));
    const result = await runCli(["estimate", "--from", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/findings\[1\]\.kind must be one of api-call, db-query, sequential-await/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 2 on a bad estimate config section", async () => {
    const dir = join(scratch, "bad-config");
    await rm(dir, { recursive: true, force: true });
    await import("node:fs/promises").then((fs) => fs.mkdir(dir));
    await writeFile(join(dir, "optimigrate.config.json"), JSON.stringify({ estimate: { overrides: [{ library: "openai", costPerCal: 0.02 }] } }));
    const result = await runCli(["estimate", dir, "--from", WORKED]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/optimigrate.config.json: estimate.overrides\[0\] has unknown key "costPerCal"/);
  });
});
