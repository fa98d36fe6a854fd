// End to end: tune --apply / --dry-run / --check on a copy of a migrated project in its own git repository.
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPO, parseJsonOutput, runCli } from "../support/run-cli.js";

const STATS = ["--stats", join(REPO, "fixtures/stats/shop-a.json"), "--stats", join(REPO, "fixtures/stats/shop-b.json")];

interface Apply {
  mode: string;
  targets: { prefix: string; from: number | null; to: number }[];
  files: { path: string; edits: { line: number; prefix: string; from: number; to: number }[]; diff: string }[];
  skipped: { path: string; line: number; prefix: string; reason: string }[];
  unchanged: number;
  written: string[];
  failed: { path: string; message: string }[];
}

let project: string;
const git = (...args: string[]) => execFileSync("git", args, { cwd: project, stdio: "pipe" }).toString();
const read = (file: string) => readFile(join(project, file), "utf8");

beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), "optimigrate-tune-"));
  await cp(join(REPO, "fixtures/projects/migrated"), project, { recursive: true });
  git("init", "-q");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "migrated");
});
afterEach(async () => {
  await rm(project, { recursive: true, force: true });
});

describe("optimigrate tune --apply", () => {
  it("--dry-run prints the diffs and writes nothing", async () => {
    const before = await read("src/users.ts");
    const result = await runCli(["tune", ...STATS, "--apply", "--dry-run", project]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("-  return cached(\"user_profile\", [id], { ttl: 300 }, async () => {");
    expect(result.stdout).toContain("+  return cached(\"user_profile\", [id], { ttl: 450 }, async () => {");
    expect(result.stdout).toContain("+  return withCache(\"search_results\", [query, page], { ttl: 300 }, async () => {");
    expect(result.stdout).toMatch(/src\/search.ts:13 search_results: ttl is an expression \(TEN_MINUTES\)/);
    expect(result.stdout).toContain("2 TTLs in 2 files would change");
    expect(await read("src/users.ts")).toBe(before);
    expect(git("status", "--porcelain")).toBe("");
  });

  it("--json describes every edit and what was left alone", async () => {
    const result = await runCli(["tune", ...STATS, "--apply", "--dry-run", "--json", project]);
    expect(result.code).toBe(0);
    const apply = parseJsonOutput<{ apply: Apply }>(result).apply;
    expect(apply.mode).toBe("dry-run");
    expect(apply.targets).toEqual([
      { prefix: "search_results", from: 600, to: 300 },
      { prefix: "user_profile", from: 300, to: 450 },
    ]);
    expect(apply.files.map((f) => [f.path, f.edits.map((e) => [e.line, e.prefix, e.from, e.to])])).toEqual([
      ["src/search.ts", [[6, "search_results", 600, 300]]],
      ["src/users.ts", [[6, "user_profile", 300, 450]]],
    ]);
    expect(apply.skipped).toEqual([expect.objectContaining({ path: "src/search.ts", line: 13, prefix: "search_results" })]);
    expect(apply.files[1]!.diff).toMatch(/^diff --git a\/src\/users.ts b\/src\/users.ts\n--- a\/src\/users.ts\n\+\+\+ b\/src\/users.ts\n@@/);
  });

  it("--check exits 1 while a TTL would change, writes nothing, and 0 once applied; a second apply changes nothing", async () => {
    const check = await runCli(["tune", ...STATS, "--check", project]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("would change (--check fails)");
    expect(git("status", "--porcelain")).toBe("");

    const apply = await runCli(["tune", ...STATS, "--apply", project, "--json"]);
    expect(apply.code).toBe(0);
    expect(parseJsonOutput<{ apply: Apply }>(apply).apply.written.sort()).toEqual(["src/search.ts", "src/users.ts"]);
    expect(await read("src/users.ts")).toContain('cached("user_profile", [id], { ttl: 450 }, async () => {');
    expect(await read("src/users.ts")).toContain('cached("orders", [userId], { ttl: 60 }'); // kept
    expect(await read("src/search.ts")).toContain("{ ttl: 300 }, async () => {");
    expect(await read("src/ai.ts")).toContain("{ ttl: 3_600 }"); // kept
    expect(git("diff", "--stat")).toMatch(/2 files changed, 2 insertions\(\+\), 2 deletions\(-\)/);

    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "tuned");
    const again = await runCli(["tune", ...STATS, "--check", project, "--json"]);
    expect(again.code).toBe(0);
    expect(parseJsonOutput<{ apply: Apply }>(again).apply).toMatchObject({ files: [], unchanged: 2 });
  });

  it("refuses to rewrite files with uncommitted changes unless --allow-dirty", async () => {
    await writeFile(join(project, "src/users.ts"), `${await read("src/users.ts")}// local edit\n`);
    const refused = await runCli(["tune", ...STATS, "--apply", project]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/uncommitted changes in .*src\/users.ts/);
    expect(await read("src/search.ts")).toContain("{ ttl: 600 }");
    const allowed = await runCli(["tune", ...STATS, "--apply", "--allow-dirty", project]);
    expect(allowed.code).toBe(0);
    expect(await read("src/users.ts")).toContain("{ ttl: 450 }");
    expect(await read("src/users.ts")).toContain("// local edit");
  });

  it("leaves a file that does not parse alone, rewrites the rest, and exits 3", async () => {
    await writeFile(join(project, "src/broken.ts"), 'export const f = () => cached("user_profile", [], { ttl: 300 }, load;\n');
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "broken");
    const result = await runCli(["tune", ...STATS, "--apply", project, "--json"]);
    expect(result.code).toBe(3);
    const apply = parseJsonOutput<{ apply: Apply }>(result).apply;
    expect(apply.failed).toEqual([expect.objectContaining({ path: "src/broken.ts", message: expect.stringMatching(/syntax error/) })]);
    expect(apply.written.sort()).toEqual(["src/search.ts", "src/users.ts"]);
    expect(await read("src/broken.ts")).toContain("{ ttl: 300 }");
  });

  it.each([
    [["--dry-run", "--check"], /--dry-run and --check do not go together/],
    [["src"], /paths are only used with --apply/],
    [["--allow-dirty"], /--allow-dirty only applies with --apply/],
  ])("exits 2 for %j", async (args, message) => {
    const result = await runCli(["tune", ...STATS, ...args], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
