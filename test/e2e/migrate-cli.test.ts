// End-to-end: the BUILT CLI (bin/optimigrate.js -> dist/) on a temp copy of fixtures/migrate-app in a
// fresh git repository: dry-run, --json, --patch, --check exit codes, dirty-tree refusal, apply,
// second apply is a no-op, BOM/CRLF/mode kept, the site summary and --all-sites, --verify rollback (only
// errors the rewrite adds; an unresolvable runtime module said once; exit 1), a broken file gives exit 3.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { committedCopy } from "../support/git-fixture.js";

const repoRoot = join(import.meta.dirname, "../..");
const bin = join(repoRoot, "bin/optimigrate.js");
let dir: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, "migrate", ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", CI: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function git(...args: string[]) {
  return execFileSync("git", args, { cwd: dir, encoding: "utf8" });
}
const read = (rel: string) => readFileSync(join(dir, rel), "utf8");

beforeAll(() => {
  dir = committedCopy(join(repoRoot, "fixtures/migrate-app"), "optimigrate-e2e-");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("optimigrate migrate (built CLI)", () => {
  it("--dry-run prints diffs (stdout), the rewritten sites and a summary of those left alone (stderr when redirected), writes nothing", () => {
    const r = cli(["--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("diff --git a/src/services/users.ts b/src/services/users.ts");
    expect(r.stdout).toContain("+  // optimigrate: batched (batch-loops)");
    expect(r.stdout).toContain("const [profile, groups] = await Promise.all([");
    // each rewrite is listed; what was left alone is counted per codemod and per reason, with example sites
    expect(r.stderr).toMatch(/^Rewritten: 7 sites in 3 files\n {2}src\/legacy\/export\.js:4 +batch-loops\n/m);
    expect(r.stderr).toMatch(/^ {2}src\/services\/users\.ts:32 +parallel-awaits$/m);
    expect(r.stderr).toContain("Left alone: 7 sites (batch-loops 5, parallel-awaits 2)");
    expect(r.stderr).toContain("  batch-loops: 5 sites (3 unsafe, 2 review)");
    expect(r.stderr).toContain("    1  rate-limit: awaits a timer (`…`), so the waiting is on purpose (a delay or rate limiting)\n       src/jobs/nightly.ts:5  `sleep(1000)`\n");
    expect(r.stderr).toContain("    1  transaction: runs on a transaction or a single connection (`…`), whose queries must stay in order\n       src/db/orders.ts:10  `tx`\n");
    expect(r.stderr).toContain("  parallel-awaits: 2 sites (2 unsafe)\n    2  reads-previous-result: `…` reads `…`, the result of an earlier await\n");
    expect(r.stderr).toContain("--include-review also rewrites a review site when nothing unsafe shares its loop or group (2 sites here are review); every site with all its reasons: --all-sites (or --json).");
    expect(r.stderr).not.toContain("skipped (");
    expect(r.stdout).toContain("+  return cached(\"user\", [id], { ttl: 300 }, async () => {");
    expect(r.stderr).toContain("7 rewrite(s) in 3 file(s)");
    // the sample's package.json does not depend on optimigrate, which the cache wrappers now import
    expect(r.stderr).toContain("note: the rewritten code imports `optimigrate/runtime` (src/services/teams.ts, src/services/users.ts), but package.json does not list optimigrate in its dependencies: add it (`npm install optimigrate`) or pass --cache-module\n");
    // redirected, stdout is nothing but the diff: every line belongs to a file's diff
    expect(r.stdout.split("\n").filter((line) => line && !/^(diff --git|--- |\+\+\+ |@@ |[ +-])/.test(line))).toEqual([]);
    // with the repo's tsconfig, `team.name` is known to be a string: no [value] wrapping
    expect(r.stdout).toContain("+      return team.name;");
    expect(git("status", "--porcelain")).toBe("");
  });

  it("--all-sites lists every site left alone with each of its reasons, one line each", () => {
    const r = cli(["--dry-run", "--all-sites"]);
    expect(r.code).toBe(0);
    const skipped = r.stderr.split("\n").filter((line) => line.includes("skipped ("));
    expect(skipped).toHaveLength(7);
    expect(skipped).toContain("src/jobs/nightly.ts:5  batch-loops  skipped (unsafe)  awaits a timer (`sleep(1000)`), so the waiting is on purpose (a delay or rate limiting)  rate-limit");
    expect(skipped).toContain("src/services/users.ts:39  batch-loops  skipped (unsafe)  assigns `active`, which is declared outside the loop, so an iteration can see what an earlier one wrote  outer-write");
    expect(r.stderr).toContain("Left alone: 7 sites (batch-loops 5, parallel-awaits 2)\n");
    expect(r.stderr).toContain("Rewritten: 7 sites in 3 files");
    expect(r.stderr).not.toContain("e.g.");
    // --json is the complete listing already: the flag does not change it
    expect(cli(["--dry-run", "--json", "--all-sites"]).stdout).toBe(cli(["--dry-run", "--json"]).stdout);
  });

  it("--check stays short, and lists every site with --all-sites", () => {
    const short = cli(["--check"]);
    expect(short.code).toBe(1);
    expect(short.stdout).not.toContain("skipped (");
    const all = cli(["--check", "--all-sites"]);
    expect(all.code).toBe(1);
    expect(all.stdout.split("\n").filter((line) => line.includes("skipped ("))).toHaveLength(7);
    expect(all.stdout).toContain("would rewrite src/services/users.ts");
  });

  it("--json is one document with edits and skips with reasons", () => {
    const r = cli(["--dry-run", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ changed: 3, edits: 7, skips: 7, failed: 0 });
    expect(doc.summary.undeclaredDependencies).toEqual([{ package: "optimigrate", specifier: "optimigrate/runtime", manifest: "package.json", files: ["src/services/teams.ts", "src/services/users.ts"] }]);
    const users = doc.files.find((f: { file: string }) => f.file === "src/services/users.ts");
    expect(users.edits.map((e: { codemod: string; line: number }) => [e.codemod, e.line])).toEqual([["batch-loops", 17], ["parallel-awaits", 32], ["cache-wrap", 2], ["cache-wrap", 10], ["cache-wrap", 15]]);
    const counted = users.skips.find((s: { line: number }) => s.line === 39);
    expect(counted.reasonIds).toContain("outer-write");
    expect(counted.reasons[0]).toContain("`active`");
  });

  it("says when it scanned only part of the repository, whose other files the cross-file checks did not see", () => {
    const part = cli(["src/services", "--dry-run"]);
    expect(part.code).toBe(0);
    expect(part.stderr).toContain("note: only src/services was scanned, not the whole repository (");
    const included = JSON.parse(cli([".", "--include", "src/services/**", "--dry-run", "--json"]).stdout);
    expect(included.summary.partOfRepository.scanned).toBe(". (--include src/services/**)");
    expect(JSON.parse(cli(["--dry-run", "--json"]).stdout).summary.partOfRepository).toBeUndefined();
    expect(cli(["--dry-run"]).stderr).not.toContain("was scanned, not the whole repository");
  });

  it("--patch writes a patch that git apply accepts", () => {
    const r = cli(["--patch", "migrate.patch"]);
    expect(r.code).toBe(0);
    expect(git("status", "--porcelain")).toBe("?? migrate.patch\n");
    git("apply", "--check", "migrate.patch");
    rmSync(join(dir, "migrate.patch"));
    // a subfolder: the patch still names paths from the top of the work tree
    const sub = spawnSync(process.execPath, [bin, "migrate", "src/services", "--patch", join(dir, "sub.patch")], { cwd: dir, encoding: "utf8" });
    expect(sub.status).toBe(0);
    expect(read("sub.patch")).toContain("diff --git a/src/services/users.ts b/src/services/users.ts");
    git("apply", "--check", "sub.patch");
    rmSync(join(dir, "sub.patch"));
  });

  it("asks the repo's tsconfig whether a forEach receiver is an array (only then)", () => {
    const skipped = JSON.parse(cli(["--dry-run", "--json", "src/services/notify.ts"]).stdout);
    expect(skipped.files[0].skips[0].reasonIds).toEqual(["forEach-async"]); // an array (User[] from getUsers), but review
    const r = cli(["--dry-run", "--include-review", "src/services/notify.ts"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("users.slice(batchStart, batchStart + 10).map(async (user) => {");
  });

  it("--check exits 1 while a rewrite is pending", () => {
    const r = cli(["--check"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("would rewrite src/services/users.ts");
  });

  it("refuses to rewrite files with uncommitted changes (exit 2) unless --allow-dirty", () => {
    writeFileSync(join(dir, "src/services/users.ts"), `${read("src/services/users.ts")}// local edit\n`);
    const r = cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/uncommitted changes.*src\/services\/users\.ts.*--allow-dirty/);
    expect(read("src/legacy/export.js")).toBe(readFileSync(join(repoRoot, "fixtures/migrate-app/src/legacy/export.js"), "utf8"));
    git("checkout", "--", ".");
  });

  it("--revert of a migration not yet committed names revert in its refusal and offers --allow-dirty", () => {
    expect(cli(["--allow-dirty"]).code).toBe(0);
    const r = cli(["--revert"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/uncommitted changes in files migrate --revert would rewrite: .*--allow-dirty/);
    expect(cli(["--revert", "--allow-dirty"]).code).toBe(0);
    expect(git("status", "--porcelain", "--untracked-files=no")).toBe("");
    git("checkout", "--", ".");
  });

  it("--verify rolls back a rewrite that adds type errors, says once that the runtime module cannot be resolved, exits 1", () => {
    // pool style importing a module that does not exist: the rewrite adds "Cannot find module"
    const r = cli(["--verify", "--codemod", "batch-loops", "--batch-style", "pool", "--cache-module", "@acme/not-installed"]);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/cannot be resolved/g)).toHaveLength(1);
    expect(r.stdout).toContain("rolled back 2 file(s) because the rewritten code imports `@acme/not-installed` (--cache-module), which cannot be resolved in");
    expect(r.stdout).toContain(": @acme/not-installed is not installed there.\n  Fix: install it in the project (`npm install @acme/not-installed`), or point --cache-module at a module the project has; then run migrate again. Files: src/services/teams.ts, src/services/users.ts\n");
    expect(r.stdout).toContain("1 file(s) rewritten (1 change(s))");
    // a rolled-back file's rewrites are not listed as rewritten
    expect(r.stdout).toMatch(/^Rewritten: 1 site in 1 file\n {2}src\/legacy\/export\.js:4 +batch-loops\n\n/m);
    expect(git("status", "--porcelain")).toBe(" M src/legacy/export.js\n?? .optimigrate/\n"); // JS is not type-checked
    git("checkout", "--", ".");
    git("clean", "-fdq");
  });

  it("--verify with --dry-run type-checks the preview: names what it would roll back, leaves it out of the diff, writes nothing, exits 1", () => {
    const r = cli(["--dry-run", "--verify", "--codemod", "batch-loops", "--batch-style", "pool", "--cache-module", "@acme/not-installed"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--verify would roll back 2 file(s) because the rewritten code imports `@acme/not-installed` (--cache-module)");
    expect(r.stdout).not.toContain("src/services/users.ts");
    expect(r.stdout).toContain("src/legacy/export.js");
    expect(r.stderr).toMatch(/^Rewritten: 1 site in 1 file\n {2}src\/legacy\/export\.js:4 +batch-loops\n/m);
    const j = JSON.parse(cli(["--dry-run", "--verify", "--json", "--codemod", "batch-loops", "--batch-style", "pool", "--cache-module", "@acme/not-installed"]).stdout);
    expect(j.summary).toMatchObject({ changed: 1, edits: 1, rolledBack: 2, written: 0 });
    expect(git("status", "--porcelain")).toBe("");
  });

  it("--verify blames only errors the rewrite adds: errors the file already had are not reported, and do not stop the rewrite", () => {
    // a repository whose dependencies are not installed, with a type error of its own
    const users = read("src/services/users.ts");
    writeFileSync(join(dir, "src/services/users.ts"), `import { Injectable } from "@nestjs/common";\nexport const answer: number = "forty-two";\n${users}`);
    git("commit", "-qam", "errors of its own");
    // optimigrate is not installed: the one new error is the runtime import, said once for both files
    const r = cli(["--verify"]);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/cannot be resolved/g)).toHaveLength(1);
    expect(r.stdout).toContain("rolled back 2 file(s) because the rewritten code imports `optimigrate/runtime` (--cache-module, the default), which cannot be resolved in");
    expect(r.stdout).toContain(": optimigrate is not installed there.\n  Fix: install it in the project (`npm install optimigrate`), or point --cache-module at a module the project has; then run migrate again. Files: src/services/teams.ts, src/services/users.ts\n");
    expect(r.stdout).not.toContain("@nestjs/common");
    expect(r.stdout).not.toContain("forty-two");
    git("checkout", "--", ".");
    git("clean", "-fdq");
    // --json: the same message on stderr; the file's diagnostics are the new one only
    const j = cli(["--verify", "--json"]);
    expect(j.code).toBe(1);
    expect(j.stderr.match(/cannot be resolved/g)).toHaveLength(1);
    const rolled = JSON.parse(j.stdout).files.find((f: { file: string }) => f.file === "src/services/users.ts");
    expect(rolled.status).toBe("rolled-back");
    expect(rolled.diagnostics).toEqual([expect.stringMatching(/^\d+:\d+ TS2307 Cannot find module 'optimigrate\/runtime'/)]);
    git("checkout", "--", ".");
    git("clean", "-fdq");
    // with the runtime installed, nothing is new: every rewrite is kept, the old errors stay as they were
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(repoRoot, join(dir, "node_modules/optimigrate"), "dir");
    const kept = cli(["--verify"]);
    expect(kept.code).toBe(0);
    expect(kept.stdout).not.toContain("rolled back");
    expect(kept.stdout).toContain("3 file(s) rewritten (7 change(s))");
    expect(read("src/services/users.ts")).toMatch(/^import \{ Injectable \} from "@nestjs\/common";\nimport \{ cached \} from "optimigrate\/runtime";\nexport const answer: number = "forty-two";\n/);
    rmSync(join(dir, "node_modules"), { recursive: true });
    git("reset", "-q", "--hard", "HEAD~1");
    git("clean", "-fdq");
  });

  it("applies, keeps BOM, CRLF and file mode, and a second run changes nothing", () => {
    const r = cli([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("3 file(s) rewritten (7 change(s))");
    expect(r.stdout).toContain("note: the rewritten code imports `optimigrate/runtime` (src/services/teams.ts, src/services/users.ts), but package.json does not list optimigrate");
    // piped: the same summary as --dry-run, not a listing of every site
    expect(r.stdout).toContain("Rewritten: 7 sites in 3 files");
    expect(r.stdout).toContain("Left alone: 7 sites (batch-loops 5, parallel-awaits 2)");
    expect(r.stdout).not.toContain("skipped (");
    const legacy = read("src/legacy/export.js");
    expect(legacy.startsWith("\uFEFF")).toBe(true);
    expect(legacy.split("\n").every((l, i, all) => i === all.length - 1 || l.endsWith("\r"))).toBe(true);
    expect(statSync(join(dir, "src/legacy/export.js")).mode & 0o777).toBe(0o755);
    expect(read("src/services/users.ts")).toContain("await Promise.all(ids.slice(batchStart, batchStart + 10).map(async (id) => {");
    expect(read(".optimigrate/journal.jsonl").trim().split("\n")).toHaveLength(9);
    git("add", "-A");
    git("commit", "-qm", "migrated");
    const again = cli([]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("0 file(s) rewritten");
    expect(git("status", "--porcelain")).toBe("");
    expect(cli(["--check"]).code).toBe(0);
  });

  it("reports a file that does not parse (exit 3) and still processes the others", () => {
    git("reset", "-q", "--hard", "HEAD~1");
    git("clean", "-fdq");
    writeFileSync(join(dir, "src/broken.ts"), "export async function f(ids: string[]) {\n  for (const id of ids) {\n    await fetch(id\n  }\n");
    const r = cli(["--dry-run"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/src\/broken\.ts: syntax error at \d+:\d+/);
    expect(r.stderr).toMatch(/^Not parsed, left alone: 1 file\n {2}src\/broken\.ts: syntax error at \d+:\d+/m);
    expect(r.stderr).toContain("7 rewrite(s) in 3 file(s)");
  });

  it("reads the migrate section of the config; flags win; a bad section is exit 2", () => {
    writeFileSync(join(dir, "optimigrate.config.json"), JSON.stringify({ migrate: { batchSize: 5, codemods: ["batch-loops"] } }));
    const r = cli(["--dry-run", "--json"]);
    expect(r.code).toBe(3); // src/broken.ts from the previous case
    const doc = JSON.parse(r.stdout);
    expect(doc.options).toMatchObject({ batchSize: 5, codemods: ["batch-loops"] });
    expect(JSON.stringify(doc.files)).toContain("batchStart += 5");
    expect(JSON.stringify(doc.files)).not.toContain("parallel-awaits");
    expect(JSON.parse(cli(["--dry-run", "--json", "--batch-size", "7"]).stdout).options.batchSize).toBe(7);
    writeFileSync(join(dir, "optimigrate.config.json"), JSON.stringify({ migrate: { batchSize: 0 } }));
    const bad = cli(["--dry-run"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("migrate.batchSize");
    rmSync(join(dir, "optimigrate.config.json"));
  });

  it("rejects bad options with exit 2", () => {
    expect(cli(["--batch-size", "0"]).code).toBe(2);
    expect(cli(["--codemod", "nope"]).code).toBe(2);
    expect(cli(["--interactive"]).code).toBe(2);
  });
});
