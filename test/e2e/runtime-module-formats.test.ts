// Migrated CommonJS files `require("optimigrate/runtime")`. Node before 20.19 / 22.12 cannot require() an ES
// module (ERR_REQUIRE_ESM), so the package ships a CommonJS build under the "require" condition of its
// exports. `--no-experimental-require-module` gives today's Node that older behaviour. An app in a temp dir
// with node_modules/optimigrate linked to this repo loads the BUILT runtime by name, as an app would.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../support/run-cli.js";

// The flag only exists where require(esm) does; an older Node has the old behaviour without it.
const NO_REQUIRE_ESM = process.allowedNodeEnvironmentFlags.has("--experimental-require-module") ? ["--no-experimental-require-module"] : [];

// Both consumers print one JSON line: what the calls returned and which files were loaded.
const BODY = `
await rt.configureCache({ store: "memory" });
let loads = 0;
const load = async () => ({ n: ++loads });
const first = await rt.cached("user", [1, { a: 1 }], { ttl: 10 }, load);
const second = await rt.cached("user", [1, { a: 1 }], { ttl: 10 }, load);
const doubled = await rt.mapBatched([1, 2, 3, 4, 5], async (x) => x * 2, { batchSize: 2 });
if (process.env.WITH_REDIS) await rt.configureCache({ redisUrl: process.env.WITH_REDIS, redisTimeoutMs: 50 });
await new Promise((r) => setTimeout(r, 200)); // configureCache registers the metrics in the background
const metrics = rt.metricsState();
const stats = rt.getStats();
await rt.closeCache();
console.log(JSON.stringify({ first, second, loads, hits: stats.totals.hits, misses: stats.totals.misses, doubled, metrics, entry: resolved, loaded: loaded() }));
`;

const CJS = `
const rt = require("optimigrate/runtime");
const resolved = require.resolve("optimigrate/runtime");
const loaded = () => Object.keys(require.cache);
(async () => {
${BODY}
})().catch((error) => { console.error(error); process.exit(1); });
`;

const ESM = `
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as rt from "optimigrate/runtime";
const resolved = fileURLToPath(import.meta.resolve("optimigrate/runtime"));
const loaded = () => Object.keys(createRequire(import.meta.url).cache);
${BODY}
`;

// Preloaded with -r: makes prom-client (an optional peer) look uninstalled to require().
const BLOCK_PROM = `
const Module = require("node:module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === "prom-client") throw Object.assign(new Error("Cannot find module 'prom-client' (blocked by the test)"), { code: "MODULE_NOT_FOUND" });
  return resolve.call(this, request, ...rest);
};
`;

interface Result {
  first: { n: number };
  second: { n: number };
  loads: number;
  hits: number;
  misses: number;
  doubled: number[];
  metrics: string;
  entry: string;
  loaded: string[];
}

let app: string;
beforeAll(() => {
  const built = join(REPO, "dist/src/runtime/index.js");
  if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first (npm test does)`);
  app = realpathSync(mkdtempSync(join(tmpdir(), "optimigrate-formats-")));
  mkdirSync(join(app, "node_modules"));
  symlinkSync(REPO, join(app, "node_modules/optimigrate"), "dir");
  writeFileSync(join(app, "consumer.cjs"), CJS);
  writeFileSync(join(app, "consumer.mjs"), ESM);
  writeFileSync(join(app, "block-prom.cjs"), BLOCK_PROM);
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}): Result {
  const child = spawnSync(process.execPath, args, { cwd: app, encoding: "utf8", timeout: 30_000, env: { ...process.env, REDIS_URL: "", ...env } });
  if (child.status !== 0) throw new Error(`node ${args.join(" ")} exited ${child.status}:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Result;
}

const packagesIn = (paths: string[]) =>
  [...new Set(paths.flatMap((p) => [...p.matchAll(/[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/g)].map((m) => m[1]!)))];

/** The same calls give the same answers whichever build ran. */
function expectWorking(result: Result): void {
  expect(result.first).toEqual({ n: 1 });
  expect(result.second).toEqual({ n: 1 });
  expect(result.loads).toBe(1);
  expect(result.hits).toBe(1);
  expect(result.misses).toBe(1);
  expect(result.doubled).toEqual([2, 4, 6, 8, 10]);
}

describe("optimigrate/runtime from CommonJS without require(esm)", () => {
  it("loads the CommonJS build, and cached / mapBatched / getStats work", () => {
    const result = run([...NO_REQUIRE_ESM, "consumer.cjs"]);
    expectWorking(result);
    expect(result.entry).toBe(join(REPO, "dist/cjs/runtime/index.js"));
    const own = result.loaded.filter((p) => p.startsWith(join(REPO, "dist")));
    expect(own.length).toBeGreaterThan(5);
    for (const path of own) expect(path).toMatch(/[\\/]dist[\\/]cjs[\\/](runtime|stats)[\\/][^\\/]+\.js$/);
    const packages = packagesIn(result.loaded);
    expect(packages).toContain("lru-cache");
    expect(packages).toContain("prom-client");
    expect(packages).not.toContain("ioredis");
    expect(result.metrics).toBe("on");
  });

  it("loads ioredis only once a Redis URL is configured", () => {
    const result = run([...NO_REQUIRE_ESM, "consumer.cjs"], { WITH_REDIS: "redis://127.0.0.1:1" });
    expect(result.loads).toBe(1);
    expect(packagesIn(result.loaded)).toContain("ioredis");
  });

  it("works without prom-client (metrics become a no-op)", () => {
    const result = run([...NO_REQUIRE_ESM, "-r", "./block-prom.cjs", "consumer.cjs"]);
    expectWorking(result);
    expect(result.metrics).toBe("unavailable");
    expect(packagesIn(result.loaded)).not.toContain("prom-client");
  });
});

describe("optimigrate/runtime from an ES module", () => {
  it("still loads the ES module build", () => {
    const result = run(["consumer.mjs"]);
    expectWorking(result);
    expect(result.entry).toBe(join(REPO, "dist/src/runtime/index.js"));
    // the ES module build loads none of the CommonJS copy
    expect(result.loaded.filter((p) => p.includes(join("dist", "cjs")))).toEqual([]);
    expect(result.metrics).toBe("on");
  });
});
