import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Chalk } from "chalk";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { renderSarif, relativeUri } from "../../src/report/sarif.js";
import { emptyAssessment, fullAssessment } from "./assessments.js";

const color = new Chalk({ level: 0 });

// The official SARIF 2.1.0 schema (OASIS, 2.1.0-rtm.5, draft-04), as shipped by @microsoft/jest-sarif.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
// The schema's language-tag pattern is not valid with the `u` flag that Ajv 8 uses by default.
// Both are CommonJS whose `exports.default` is the export (NodeNext types see the module object).
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function sarif(assessment = fullAssessment()) {
  return JSON.parse(renderSarif(assessment, { color }));
}

describe("sarif reporter", () => {
  it("is valid against the official SARIF 2.1.0 schema", () => {
    for (const log of [sarif(), sarif(emptyAssessment()), sarif(fullAssessment("relative/dir"))]) {
      const ok = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("the schema check is not vacuous: a broken log fails it", () => {
    const log = sarif();
    delete log.runs[0].tool.driver.name;
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(log)).toBe(false);
  });

  it("has one run whose driver declares one rule per kind", () => {
    const log = sarif();
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe("optimigrate");
    expect(driver.version).toBe("0.1.0");
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(["api-call", "db-query", "sequential-await"]);
    for (const rule of driver.rules) {
      expect(Object.keys(rule)).toEqual(["id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration", "properties"]);
      expect(rule.name).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeGreaterThan(rule.shortDescription.text.length);
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(["note", "warning", "error"]).toContain(rule.defaultConfiguration.level);
      expect(rule.properties.tags).toContain("performance");
    }
  });

  it("locates each result relative to %SRCROOT% with a 1-based region", () => {
    const run = sarif().runs[0];
    expect(run.results).toHaveLength(7);
    const [first] = run.results;
    expect(first.ruleId).toBe("api-call");
    expect(first.ruleIndex).toBe(0);
    expect(first.level).toBe("note");
    expect(first.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: "src/services/users.ts", uriBaseId: "%SRCROOT%" },
          region: { startLine: 12, startColumn: 18, endLine: 12, endColumn: 50, snippet: { text: "axios.get(`/users/${id}`)" } },
        },
        logicalLocations: [{ name: "getUserProfile", kind: "function" }],
      },
    ]);
    expect(run.results.map((r: { ruleIndex: number }) => r.ruleIndex)).toEqual([0, 2, 1, 2, 1, 0, 2]);
    // Spaces, commas and pipes are percent-encoded; `/` separators stay.
    expect(run.results[5].locations[0].physicalLocation.artifactLocation.uri).toBe("scripts/one%20off%2C%20v2.mjs");
    expect(run.results[5].locations[0].logicalLocations).toBeUndefined();
    expect(relativeUri("a\\b c/d.ts")).toBe("a/b%20c/d.ts");
  });

  it("says what was found and, when present, the safety verdict and reasons", () => {
    const results = sarif().runs[0].results;
    expect(results[0].message.text).toBe(
      "External API call (axios, read) in getUserProfile(): axios.get(`/users/${id}`). Safe for cache-wrap to rewrite.",
    );
    expect(results[3].message.text).toBe(
      "Sequential await in a for loop (line 28) in closeOrders(): await prisma.order.update({ where: { id } }). " +
        "Not safe for batch-loops to rewrite: a variable declared outside the loop is written in it: total; early exit: break.",
    );
    expect(results[2].message.text).toBe(
      'Database query (pg, read) in listOrders(): pool.query( "SELECT * FROM orders WHERE a = $1 | b", [id]).',
    );
    expect(results[3].properties).toEqual({
      loop: { kind: "for", line: 28 },
      safety: "unsafe",
      reasons: ["a variable declared outside the loop is written in it: total", "early exit: break"],
      codemod: "batch-loops",
    });
  });

  it("fingerprints by kind, file, function and code, not by line", () => {
    const a = fullAssessment();
    const b = fullAssessment();
    for (const f of b.findings) {
      f.line += 7;
      f.endLine += 7;
      f.column += 2;
    }
    b.findings[2].code = b.findings[2].code.replace(/\n\s*/g, " ");
    const fa = sarif(a).runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints);
    const fb = sarif(b).runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints);
    expect(fb).toEqual(fa);
    expect(new Set(fa.map((p: Record<string, string>) => p["optimigrate/v1"])).size).toBe(7);
    expect(fa[0]["optimigrate/v1"]).toMatch(/^[0-9a-f]{32}:1$/);

    const c = fullAssessment();
    c.findings[0].function = "getUser";
    expect(sarif(c).runs[0].results[0].partialFingerprints).not.toEqual(fa[0]);
  });

  it("numbers identical sites in one function so their fingerprints stay distinct", () => {
    const a = fullAssessment();
    a.findings.push({ ...a.findings[0], line: 40, endLine: 40 });
    const prints = sarif(a).runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints["optimigrate/v1"]);
    expect(prints[7]).toBe(prints[0].replace(/:1$/, ":2"));
  });

  it("maps %SRCROOT% to the root as a file URI when the root is absolute, and describes it otherwise", () => {
    expect(sarif().runs[0].originalUriBaseIds).toEqual({
      "%SRCROOT%": { uri: "file:///home/dev/shop-api/", description: { text: "The directory that was assessed." } },
    });
    expect(sarif(fullAssessment("fixtures/sample-app")).runs[0].originalUriBaseIds).toEqual({
      "%SRCROOT%": { description: { text: "The directory that was assessed: fixtures/sample-app" } },
    });
  });

  it("reports files that failed as tool execution notifications", () => {
    const invocation = sarif().runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: "error",
        message: { text: "Could not read or parse src/broken.ts: ';' expected. (3:14)" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "src/broken.ts", uriBaseId: "%SRCROOT%" } } }],
      },
    ]);
  });

  it("an empty assessment still declares the rules and has no results", () => {
    const run = sarif(emptyAssessment()).runs[0];
    expect(run.tool.driver.rules).toHaveLength(3);
    expect(run.results).toEqual([]);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([]);
  });
});
