import { describe, expect, it } from "vitest";
import { Chalk } from "chalk";
import { renderJson } from "../../src/report/json.js";
import type { Finding } from "../../src/findings.js";
import { emptyAssessment, fullAssessment } from "./assessments.js";

const color = new Chalk({ level: 0 });

describe("json reporter", () => {
  it("prints exactly one JSON document with the §3 keys in order", () => {
    const text = renderJson(fullAssessment(), { color });
    expect(text.endsWith("}\n")).toBe(true);
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual(["tool", "root", "files", "findings", "summary", "errors", "skippedFiles"]);
    expect(doc.tool).toEqual({ name: "optimigrate", version: "0.1.0" });
    expect(doc.root).toBe("/home/dev/shop-api");
    expect(doc.files).toEqual({ scanned: 42, skipped: 3, failed: 1 });
    expect(Object.keys(doc.summary)).toEqual(["byKind", "byLibrary", "byOperation", "hotspots", "testFindings", "durationMs"]);
    expect(Object.keys(doc.summary.byKind)).toEqual(["api-call", "db-query", "sequential-await"]);
    expect(Object.keys(doc.summary.byLibrary)).toEqual(["axios", "fetch", "pg", "prisma"]);
    expect(doc.summary.byOperation).toEqual({ read: 2, write: 1, unknown: 1 });
    expect(doc.summary.hotspots).toEqual([
      { file: "src/db/orders.ts", function: "closeOrders", findings: 2 },
      { file: "scripts/one off, v2.mjs", findings: 1 },
    ]);
    expect(doc.errors).toEqual([{ file: "src/broken.ts", message: "';' expected. (3:14)" }]);
  });

  it("writes every finding with its fields in contract order and omits those that do not apply", () => {
    const doc = JSON.parse(renderJson(fullAssessment(), { color }));
    expect(doc.findings).toHaveLength(7);
    expect(Object.keys(doc.findings[1])).toEqual([
      "kind", "file", "line", "column", "endLine", "endColumn", "code", "function", "loop", "safety", "codemod",
    ]);
    expect(doc.findings[0]).toEqual({
      kind: "api-call", file: "src/services/users.ts", line: 12, column: 18, endLine: 12, endColumn: 50,
      code: "axios.get(`/users/${id}`)", library: "axios", operation: "read", function: "getUserProfile",
      safety: "safe", reasons: [], codemod: "cache-wrap",
    });
    expect(Object.keys(doc.findings[2])).toEqual([
      "kind", "file", "line", "column", "endLine", "endColumn", "code", "library", "operation", "function",
    ]);
    expect(doc.findings[2].code).toBe('pool.query(\n  "SELECT * FROM orders WHERE a = $1 | b",\n  [id])');
  });

  it("gives the same text whatever order the finding's keys were built in", () => {
    const a = fullAssessment();
    const b = fullAssessment();
    b.findings = b.findings.map((f) => Object.fromEntries(Object.entries(f).reverse()) as unknown as Finding);
    b.summary.byLibrary = Object.fromEntries(Object.entries(b.summary.byLibrary).reverse());
    expect(renderJson(b, { color })).toBe(renderJson(a, { color }));
  });

  it("drops keys whose value is undefined instead of printing null", () => {
    const a = fullAssessment();
    a.findings[0] = { ...a.findings[0], library: undefined, loop: undefined };
    const doc = JSON.parse(renderJson(a, { color }));
    expect("library" in doc.findings[0]).toBe(false);
    expect("loop" in doc.findings[0]).toBe(false);
  });

  it("renders an empty assessment with zero counts for every kind and operation", () => {
    const doc = JSON.parse(renderJson(emptyAssessment(), { color }));
    expect(doc).toEqual({
      tool: { name: "optimigrate", version: "0.1.0" },
      root: "/tmp/empty",
      files: { scanned: 0, skipped: 0, failed: 0 },
      findings: [],
      summary: {
        byKind: { "api-call": 0, "db-query": 0, "sequential-await": 0 },
        byLibrary: {},
        byOperation: { read: 0, write: 0, unknown: 0 },
        hotspots: [],
        testFindings: 0,
        durationMs: 0,
      },
      errors: [],
      skippedFiles: [],
    });
  });
});
