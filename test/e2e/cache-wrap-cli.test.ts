// End-to-end with the BUILT CLI on a temp copy of fixtures/migrate-app in a git repository: `init` (config
// and the app's cache module, no overwrite without --force), `migrate --codemod cache-wrap` importing that
// module by a relative path, and `migrate --revert` (check, dry run, JSON, dirty tree, with and without
// the journal) giving the files back byte for byte.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { committedCopy } from "../support/git-fixture.js";

const repoRoot = join(import.meta.dirname, "../..");
const bin = join(repoRoot, "bin/optimigrate.js");
const app = join(repoRoot, "fixtures/migrate-app");
let dir: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", CI: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" });
const read = (rel: string) => readFileSync(join(dir, rel), "utf8");
function sources(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.[cm]?[jt]s$/.test(e.name)) out[relative(root, p)] = readFileSync(p, "utf8");
    }
  };
  walk(join(root, "src"));
  return out;
}

beforeAll(() => {
  dir = committedCopy(app, "optimigrate-e2e-cache-");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("optimigrate init / cache-wrap / --revert (built CLI)", () => {
  it("init writes the config and the cache module, and never overwrites without --force", () => {
    const r = cli(["init", "--cache-module", "src/cache.ts"]);
    expect(r.code).toBe(0);
    const config = JSON.parse(read("optimigrate.config.json"));
    expect(config.migrate).toEqual({ batchSize: 10, cacheModule: "src/cache.ts" });
    expect(config.cacheWrap.patterns).toEqual(["get*", "fetch*", "calculate*", "analyze*", "generate*"]);
    expect(config.cacheWrap.defaultTtl).toBe(300);
    const module = read("src/cache.ts");
    expect(module).toContain('import { cached, configureCache, mapBatched } from "optimigrate/runtime";');
    expect(module).toContain("redisUrl: process.env.REDIS_URL || null");
    expect(module).toContain("maxMemoryMb: Number(process.env.CACHE_MAX_MEMORY_MB) || 100");
    expect(module).toContain("export { cached, mapBatched };");
    const before = statSync(join(dir, "src/cache.ts")).mtimeMs;
    const again = cli(["init", "--cache-module", "src/cache.ts"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/optimigrate\.config\.json and src\/cache\.ts already exist; pass --force/);
    expect(statSync(join(dir, "src/cache.ts")).mtimeMs).toBe(before);
    expect(cli(["init", "--cache-module", "src/cache.ts", "--force", "--json"]).code).toBe(0);
    // a CommonJS module for .cjs; assess accepts the config it wrote
    expect(cli(["init", "tmp-cjs", "--cache-module", "lib/cache.cjs"]).code).toBe(2); // no such directory
    expect(cli(["assess", "--json"]).code).toBe(0);
    git("add", "-A");
    git("commit", "-qm", "init");
  });

  it("migrate --codemod cache-wrap imports cached from the app module by a relative path", () => {
    const dry = cli(["migrate", "--codemod", "cache-wrap", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+import { cached } from "../cache.js";');
    expect(dry.stdout).toContain('+  return cached("user", [id], { ttl: 300 }, async () => {');
    const r = cli(["migrate", "--codemod", "cache-wrap", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary.written).toBe(2);
    expect(read("src/services/users.ts")).toContain("// optimigrate: cached (cache-wrap)");
    // assess no longer reports the calls inside the wrappers
    const findings = JSON.parse(cli(["assess", "--json"]).stdout).findings;
    expect(findings.some((f: { function?: string }) => f.function === "getUser")).toBe(false);
    git("add", "-A");
    git("commit", "-qm", "cache-wrap");
  });

  it("--revert: --check exits 1, --dry-run writes nothing, the dirty tree is refused, then the files come back byte for byte", () => {
    const original = sources(app);
    expect(cli(["migrate", "--revert", "--check"]).code).toBe(1);
    const dry = cli(["migrate", "--revert", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('-  return cached("user", [id], { ttl: 300 }, async () => {');
    expect(git("status", "--porcelain")).toBe("");
    writeFileSync(join(dir, "src/services/users.ts"), `${read("src/services/users.ts")}// local edit\n`);
    expect(cli(["migrate", "--revert"]).code).toBe(2);
    git("checkout", "--", ".");
    const r = cli(["migrate", "--revert", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).options.revert).toBe(true);
    const now = sources(dir);
    delete now["src/cache.ts"];
    expect(now).toEqual(original);
    expect(cli(["migrate", "--revert", "--check"]).code).toBe(0);
    git("add", "-A");
    git("commit", "-qm", "reverted");
  });

  it("every codemod, then --revert: with the journal all comes back; without it only cache wrappers do", () => {
    const original = sources(app);
    expect(cli(["migrate"]).code).toBe(0);
    git("add", "-A");
    git("commit", "-qm", "migrated");
    const journal = read(".optimigrate/journal.jsonl");
    rmSync(join(dir, ".optimigrate"), { recursive: true });
    const partial = JSON.parse(cli(["migrate", "--revert", "--dry-run", "--json"]).stdout);
    const reasons = partial.files.flatMap((f: { skips: { reasonIds: string[] }[] }) => f.skips.flatMap((s) => s.reasonIds));
    expect(reasons).toContain("revert-no-journal");
    expect(partial.files.flatMap((f: { edits: { codemod: string }[] }) => f.edits.map((e) => e.codemod))).toContain("cache-wrap");
    expect(partial.files.flatMap((f: { edits: { codemod: string }[] }) => f.edits.map((e) => e.codemod))).not.toContain("batch-loops");
    mkdirSync(join(dir, ".optimigrate"));
    writeFileSync(join(dir, ".optimigrate/journal.jsonl"), journal);
    const r = cli(["migrate", "--revert"]);
    expect(r.code).toBe(0);
    const now = sources(dir);
    delete now["src/cache.ts"];
    expect(now).toEqual(original);
    expect(existsSync(join(dir, "src/services/users.ts"))).toBe(true);
  });
});
