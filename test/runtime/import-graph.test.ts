// The runtime is imported by applications: its import graph must hold no CLI dependency and nothing from the
// CLI's own modules. A child node process imports the BUILT entry point with a resolve hook that reports every
// module it loads.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const entry = join(root, "dist/src/runtime/index.js");
const CLI_PACKAGES = ["ts-morph", "@ts-morph", "commander", "chalk", "ora", "globby", "cli-table3", "diff"];

const HOOKS = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  if (process.env.BLOCK_PACKAGE && specifier === process.env.BLOCK_PACKAGE) {
    const error = new Error("Cannot find package '" + specifier + "' (blocked by the test)");
    error.code = "ERR_MODULE_NOT_FOUND";
    throw error;
  }
  const result = await next(specifier, context);
  port.postMessage(result.url);
  return result;
}
`;

const MAIN = `
import { register } from "node:module";
import { MessageChannel } from "node:worker_threads";
const { port1, port2 } = new MessageChannel();
const urls = new Set();
port1.on("message", (u) => urls.add(u));
register(process.env.HOOKS_URL, { data: { port: port2 }, transferList: [port2] });
const rt = await import(process.env.ENTRY_URL);
if (process.env.WITH_REDIS) await rt.configureCache({ redisUrl: process.env.WITH_REDIS, redisTimeoutMs: 50 });
let loads = 0;
const load = async () => ++loads;
await rt.cached("user", [1, { a: 1 }], { ttl: 10 }, load);
await rt.cached("user", [1, { a: 1 }], { ttl: 10 }, load);
await rt.mapBatched([1, 2, 3], async (x) => x);
await new Promise((r) => setTimeout(r, 300));
const stats = rt.getStats();
await rt.closeCache();
port1.close();
console.log(JSON.stringify({ urls: [...urls], loads, hits: stats.totals.hits, metrics: rt.metricsState() }));
`;

let dir: string;
beforeAll(async () => {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first (npm test does)`);
  dir = await mkdtemp(join(tmpdir(), "optimigrate-graph-"));
  await writeFile(join(dir, "hooks.mjs"), HOOKS);
  await writeFile(join(dir, "main.mjs"), MAIN);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function importRuntime(env: Record<string, string> = {}): { urls: string[]; loads: number; hits: number; metrics: string } {
  const out = execFileSync(process.execPath, [join(dir, "main.mjs")], {
    env: { ...process.env, REDIS_URL: "", HOOKS_URL: pathToFileURL(join(dir, "hooks.mjs")).href, ENTRY_URL: pathToFileURL(entry).href, ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

const packagesIn = (urls: string[]) =>
  [...new Set(urls.flatMap((u) => [...u.matchAll(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]!)))].sort();

describe("runtime import graph", () => {
  it("loads no CLI dependency, no CLI module, and no ioredis unless Redis is configured", () => {
    const { urls, loads, hits } = importRuntime();
    expect(loads).toBe(1);
    expect(hits).toBe(1);
    const packages = packagesIn(urls);
    expect(packages).toContain("lru-cache");
    for (const name of CLI_PACKAGES) expect(packages).not.toContain(name);
    expect(packages).not.toContain("ioredis");
    const ownModules = urls.filter((u) => u.startsWith(pathToFileURL(join(root, "dist")).href));
    expect(ownModules.length).toBeGreaterThan(5);
    for (const url of ownModules) expect(url).toMatch(/\/dist\/src\/(runtime|stats)\/[^/]+\.js$/);
  });

  it("loads ioredis lazily once a Redis URL is configured", () => {
    const { urls, loads } = importRuntime({ WITH_REDIS: "redis://127.0.0.1:1" });
    expect(loads).toBe(1);
    const packages = packagesIn(urls);
    expect(packages).toContain("ioredis");
    for (const name of CLI_PACKAGES) expect(packages).not.toContain(name);
  });

  it("works without prom-client (metrics become a no-op)", () => {
    const { urls, loads, hits, metrics } = importRuntime({ BLOCK_PACKAGE: "prom-client" });
    expect({ loads, hits, metrics }).toEqual({ loads: 1, hits: 1, metrics: "unavailable" });
    expect(packagesIn(urls)).not.toContain("prom-client");
  });

  it("registers metrics when prom-client is installed", () => {
    const { urls, metrics } = importRuntime();
    expect(metrics).toBe("on");
    expect(packagesIn(urls)).toContain("prom-client");
  });
});

describe("optimigrate/runtime from CommonJS", () => {
  it("can be required by name (the cache module `init` writes for .cjs apps does)", () => {
    // Inside the package, its own name resolves through package.json "exports" (self-reference).
    const out = execFileSync(process.execPath, ["-e", 'const r = require("optimigrate/runtime"); process.stdout.write(typeof r.cached + " " + typeof r.mapBatched)'], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    expect(out).toBe("function function");
  });
});
