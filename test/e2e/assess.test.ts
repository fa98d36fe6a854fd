// The built CLI on the bundled sample app, as a newcomer runs it: exact findings, formats, exit codes.
import { describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseJsonOutput, REPO, runCli } from "../support/run-cli.js";
import type { Assessment } from "../../src/findings.js";

const SAMPLE = join(REPO, "fixtures/sample-app");
const BROKEN = join(REPO, "fixtures/broken-app");

/** Every finding of fixtures/sample-app (see its EXPECTED.md): kind, file, line, library or loop, operation. */
const EXPECTED = [
  ["db-query", "src/cache/redis.cjs", 7, "ioredis", "read"],
  ["db-query", "src/cache/redis.cjs", 12, "ioredis", "write"],
  ["db-query", "src/db/orders.ts", 16, "pg", "read"],
  ["db-query", "src/db/orders.ts", 21, "pg", "write"],
  ["db-query", "src/db/orders.ts", 25, "knex", "read"],
  ["db-query", "src/db/orders.ts", 35, "pg", "write"],
  ["sequential-await", "src/db/orders.ts", 35, "for@34", ""],
  ["db-query", "src/db/prisma.ts", 7, "prisma", "read"],
  ["db-query", "src/db/prisma.ts", 11, "prisma", "read"],
  ["db-query", "src/db/prisma.ts", 15, "prisma", "write"],
  ["api-call", "src/jobs/nightly.ts", 19, "axios", "write"],
  ["sequential-await", "src/jobs/nightly.ts", 19, "for-of@18", ""],
  ["sequential-await", "src/jobs/nightly.ts", 20, "for-of@18", ""],
  ["api-call", "src/jobs/nightly.ts", 29, "axios", "read"],
  ["sequential-await", "src/jobs/nightly.ts", 29, "do@28", ""],
  ["db-query", "src/models/review.js", 15, "mongoose", "read"],
  ["db-query", "src/models/review.js", 19, "mongoose", "write"],
  ["db-query", "src/models/review.js", 27, "mongoose", "read"],
  ["sequential-await", "src/models/review.js", 27, "while@26", ""],
  ["api-call", "src/services/assistant.ts", 7, "openai", "read"],
  ["api-call", "src/services/assistant.ts", 18, "openai", "read"],
  ["sequential-await", "src/services/assistant.ts", 25, "for@24", ""],
  ["api-call", "src/services/storage.ts", 8, "@aws-sdk/client-s3", "read"],
  ["api-call", "src/services/storage.ts", 13, "@aws-sdk/client-s3", "write"],
  ["sequential-await", "src/services/storage.ts", 19, "forEach@18", ""],
  ["api-call", "src/services/storage.ts", 25, "@aws-sdk/client-s3", "read"],
  ["sequential-await", "src/services/storage.ts", 27, "for-await@27", ""],
  ["api-call", "src/services/users.ts", 17, "axios", "read"],
  ["api-call", "src/services/users.ts", 22, "axios", "read"],
  ["api-call", "src/services/users.ts", 27, "axios", "write"],
  ["api-call", "src/services/users.ts", 32, "fetch", "read"],
  ["api-call", "src/services/users.ts", 38, "fetch", "write"],
  ["sequential-await", "src/services/users.ts", 49, "for-of@48", ""],
  ["sequential-await", "src/services/users.ts", 57, "waterfall@56", ""],
  ["sequential-await", "src/services/users.ts", 58, "waterfall@56", ""],
  ["sequential-await", "src/services/users.ts", 59, "waterfall@56", ""],
  ["db-query", "src/services/users.ts", 64, "prisma", "read"],
];

const compact = (a: Assessment) => a.findings.map((f) => [f.kind, f.file, f.line, f.library ?? `${f.loop?.kind}@${f.loop?.line}`, f.operation ?? ""]);

describe("optimigrate assess on the sample app", () => {
  it("prints exactly the expected findings as one JSON document, logs on stderr, exit 0", async () => {
    const result = await runCli(["assess", SAMPLE, "--json"]);
    expect(result.code).toBe(0);
    const assessment = parseJsonOutput<Assessment>(result);
    expect(assessment.tool.name).toBe("optimigrate");
    expect(assessment.root).toBe(SAMPLE);
    expect(assessment.files).toEqual({ scanned: 12, skipped: 0, failed: 0 });
    expect(compact(assessment)).toEqual(EXPECTED);
    expect(assessment.summary.byKind).toEqual({ "api-call": 12, "db-query": 13, "sequential-await": 12 });
    expect(result.stderr).toMatch(/12 files scanned, 37 findings/);
    for (const f of assessment.findings) {
      expect(f.line).toBeGreaterThan(0);
      expect(f.column).toBeGreaterThan(0);
      expect(f.endLine).toBeGreaterThanOrEqual(f.line);
      expect(f.code.length).toBeGreaterThan(0);
    }
  });

  it("never scans .gitignored generated code", async () => {
    const assessment = parseJsonOutput<Assessment>(await runCli(["assess", SAMPLE, "--json"]));
    expect(assessment.findings.some((f) => f.file.startsWith("generated/"))).toBe(false);
  });

  it("writes SARIF 2.1.0 with one rule per kind to --output", async () => {
    const dir = await mkdtemp(join(tmpdir(), "optimigrate-sarif-"));
    try {
      const file = join(dir, "out.sarif");
      const result = await runCli(["assess", SAMPLE, "--format", "sarif", "--output", file]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe("");
      const sarif = JSON.parse(await readFile(file, "utf8"));
      expect(sarif.version).toBe("2.1.0");
      expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["api-call", "db-query", "sequential-await"]);
      expect(sarif.runs[0].results).toHaveLength(37);
      // Code scanning places results from the repository top, not from the scanned folder.
      expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("fixtures/sample-app/src/cache/redis.cjs");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("prints GitHub annotations and markdown", async () => {
    const github = await runCli(["assess", SAMPLE, "--format", "github"]);
    expect(github.stdout.split("\n").filter((l) => l.startsWith("::warning "))).toHaveLength(37);
    const markdown = await runCli(["assess", SAMPLE, "--format", "markdown"]);
    expect(markdown.stdout).toMatch(/\| api-call \|/);
  });

  it("prints a plain table without colour codes under NO_COLOR", async () => {
    const result = await runCli(["assess", SAMPLE, "--format", "table"], { env: { NO_COLOR: "1" } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/sequential-await/);
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it("exits 1 when --fail-on finds its kind, 0 when it does not", async () => {
    const failing = await runCli(["assess", SAMPLE, "--json", "--fail-on", "sequential-await"]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/12 finding\(s\) of kind sequential-await/);
    const dir = await mkdtemp(join(tmpdir(), "optimigrate-clean-"));
    try {
      await writeFile(join(dir, "a.ts"), "export const x = 1;\n");
      expect((await runCli(["assess", dir, "--json", "--fail-on", "any"])).code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 with one line for bad usage or bad config, never a stack trace", async () => {
    for (const args of [["assess", "--format", "xml"], ["assess", "no/such/dir"], ["assess", "--fail-on", "nope"], ["assess", "--json", "--format", "sarif"]]) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(/^optimigrate: error: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const dir = await mkdtemp(join(tmpdir(), "optimigrate-config-"));
    try {
      await writeFile(join(dir, "optimigrate.config.json"), JSON.stringify({ exlude: ["x"] }));
      const result = await runCli(["assess", dir, "--json"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/unknown key "exlude"/);
      await writeFile(join(dir, "optimigrate.config.json"), "{ not json");
      expect((await runCli(["assess", dir, "--json"])).stderr).toMatch(/is not valid JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reports a file that does not parse, scans the rest, exits 3", async () => {
    const result = await runCli(["assess", BROKEN, "--json"]);
    expect(result.code).toBe(3);
    const assessment = parseJsonOutput<Assessment>(result);
    expect(assessment.files.failed).toBe(1);
    expect(assessment.errors[0]!.message).toMatch(/syntax error/);
    expect(assessment.files.scanned).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/skipped/);
  });

  it("skips a Flow-typed file with the reason, and exits 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "optimigrate-flow-"));
    try {
      await writeFile(join(dir, "schema.js"), `// @flow\nimport axios from "axios";\nexport async function load(id: string): Promise<{| name: string |}> {\n  return (await axios.get("https://x.example.com/" + id)).data;\n}\n`);
      await writeFile(join(dir, "plain.js"), `import axios from "axios";\nexport async function load(id) {\n  return (await axios.get("https://x.example.com/" + id)).data;\n}\n`);
      const result = await runCli(["assess", dir, "--json"]);
      expect(result.code).toBe(0);
      const assessment = parseJsonOutput<Assessment>(result);
      expect(assessment.files).toEqual({ scanned: 1, skipped: 1, failed: 0 });
      expect(result.stderr).toMatch(/schema\.js.*Flow type annotations/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("--exclude takes a brace glob whole and comma lists apart", async () => {
    const whole = parseJsonOutput<Assessment>(await runCli(["assess", SAMPLE, "--json", "--exclude", "src/{jobs,db}/**"]));
    expect(whole.findings.some((f) => f.file.startsWith("src/jobs/") || f.file.startsWith("src/db/"))).toBe(false);
    expect(whole.findings.some((f) => f.file.startsWith("src/services/"))).toBe(true);
    const listed = parseJsonOutput<Assessment>(await runCli(["assess", SAMPLE, "--json", "--exclude", "src/jobs/**,src/db/**"]));
    expect(listed.files.scanned).toBe(whole.files.scanned);
  });

  it("applies config include, exclude and ignore rules", async () => {
    const dir = await mkdtemp(join(tmpdir(), "optimigrate-rules-"));
    try {
      await cp(SAMPLE, dir, { recursive: true });
      await writeFile(
        join(dir, "optimigrate.config.json"),
        JSON.stringify({ exclude: ["src/jobs/**"], ignore: [{ kind: "sequential-await", file: "src/services/*.ts" }, { library: "ioredis" }] }),
      );
      const assessment = parseJsonOutput<Assessment>(await runCli(["assess", dir, "--json"]));
      expect(assessment.files.scanned).toBe(11);
      expect(assessment.findings.some((f) => f.file.startsWith("src/jobs/"))).toBe(false);
      expect(assessment.findings.some((f) => f.library === "ioredis")).toBe(false);
      expect(assessment.findings.filter((f) => f.kind === "sequential-await").map((f) => f.file)).toEqual(["src/db/orders.ts", "src/models/review.js"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
