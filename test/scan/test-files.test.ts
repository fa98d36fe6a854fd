// Findings in tests and mocks: counted and marked, but the hotspots, the top sites and the migration are about
// the app's own code. An e2e suite's Playwright steps (763 sequential awaits in documenso) had filled them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Chalk } from "chalk";
import { runAssessment } from "../../src/scan/assess.js";
import { planMigration } from "../../src/migrate/plan.js";
import { CODEMODS } from "../../codemods/index.js";
import { isTestFile } from "../../src/test-files.js";
import { renderTable } from "../../src/report/table.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderJson } from "../../src/report/json.js";

describe("isTestFile", () => {
  it.each([
    ["src/users.test.ts", true],
    ["src/api.spec.js", true],
    ["src/__tests__/setup.ts", true],
    ["src/__mocks__/db.js", true],
    ["test/app.js", true],
    ["packages/api/tests/helpers.ts", true],
    ["e2e/checkout.ts", true],
    ["cypress/support/commands.js", true],
    ["apps/api/v2/test/bookings.e2e-spec.ts", true],
    ["apps/api/v2/src/bookings/bookings.e2e-spec.ts", true],
    ["packages/trpc/server/getEventTypes.integration-test.ts", true],
    ["packages/integration-tests/src/api/logto-config.ts", true],
    ["apps/web/playwright/fixtures/users.ts", true],
    ["src/integration/slack.ts", false],
    ["app/api/cron/cleanup/e2e-tests/route.ts", false],
    ["src/specs/openapi.ts", false],
    ["src/contest/entries.ts", false],
    ["src/latest/feed.ts", false],
    ["src/testing-library.ts", false],
    ["/home/dev/tests/shop/src/setup.ts", false],
    ["/home/dev/shop/src/users.test.ts", true],
  ])("%s → %s", (path, expected) => {
    expect(isTestFile(path)).toBe(expected);
  });
});

const root = mkdtempSync(join(tmpdir(), "optimigrate-test-files-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
write(
  "src/users.ts",
  `import axios from "axios";
export async function getUser(id: string) {
  const { data } = await axios.get(\`https://api.example.com/users/\${id}\`);
  return data as { id: string; name: string };
}
`,
);
// mocha's layout: test/ with plain names
write(
  "test/fixtures.js",
  `const axios = require("axios");
async function getFixture(name) {
  const { data } = await axios.get("https://fixtures.example.com/" + name);
  return data;
}
module.exports = { getFixture };
`,
);
write(
  "e2e/checkout.spec.ts",
  `import { test } from "@playwright/test";
import axios from "axios";
test("checkout", async ({ page }) => {
  for (const sku of ["a", "b", "c"]) {
    await axios.post("https://shop.example.com/cart", { sku });
  }
  await page.goto("/cart");
  await page.click("text=Pay");
});
`,
);

describe("an assessment with test files", async () => {
  const assessment = await runAssessment({ root, paths: [root], workers: 0 });

  it("marks the findings in test files and counts them", () => {
    const byFile = (file: string) => assessment.findings.filter((f) => f.file === file);
    expect(byFile("src/users.ts").length).toBeGreaterThan(0);
    expect(byFile("src/users.ts").every((f) => f.test === undefined)).toBe(true);
    const inTests = [...byFile("test/fixtures.js"), ...byFile("e2e/checkout.spec.ts")];
    expect(inTests.length).toBeGreaterThan(2);
    expect(inTests.every((f) => f.test === true)).toBe(true);
    expect(assessment.summary.testFindings).toBe(inTests.length);
    // the counts by kind still hold every finding
    const total = Object.values(assessment.summary.byKind).reduce((a, b) => a + b, 0);
    expect(total).toBe(assessment.findings.length);
  });

  it("ranks only the app's own code in the hotspots", () => {
    expect(assessment.summary.hotspots.map((h) => h.file)).toEqual(["src/users.ts"]);
  });

  it("does not offer to cache a function of a test folder", () => {
    const fixture = assessment.findings.find((f) => f.file === "test/fixtures.js" && f.kind === "api-call")!;
    expect(fixture.codemod).toBe("cache-wrap");
    expect(fixture.safety).not.toBe("safe");
    expect(fixture.reasons?.join("\n")).toMatch(/test/);
  });

  it("says so in the JSON, the table and the markdown", () => {
    const doc = JSON.parse(renderJson(assessment));
    expect(doc.summary.testFindings).toBe(assessment.summary.testFindings);
    expect(doc.findings.filter((f: { test?: boolean }) => f.test === true).length).toBe(assessment.summary.testFindings);
    expect(Object.keys(doc.findings.find((f: { file: string }) => f.file === "src/users.ts"))).not.toContain("test");

    const table = renderTable(assessment, { color: new Chalk({ level: 0 }) });
    expect(table).toContain(`${assessment.summary.testFindings} are in test files (*.test.*, *.spec.*, *.e2e.*, *.e2e-spec.*, *.integration-test.*, __tests__/, __mocks__/, test/, tests/, e2e/, cypress/, playwright/, integration-tests/)`);
    const hotspotRows = table.split("\n").filter((l) => l.startsWith("│") && /fixtures|checkout/.test(l) && !/api-call|sequential-await/.test(l));
    expect(hotspotRows).toEqual([]);
    // top sites: the app's own first
    const siteLines = table.split("\n").filter((l) => /(src\/users|test\/fixtures|e2e\/checkout)\.[a-z.]+:\d+/.test(l));
    expect(siteLines[0]).toContain("src/users.ts");

    const markdown = renderMarkdown(assessment, { limit: 1 });
    expect(markdown).toContain("are in test files");
    expect(markdown).toMatch(/\| \[src\/users\.ts:3\]/);
    expect(markdown).not.toMatch(/\| File \| Findings \|[\s\S]*checkout[\s\S]*<details>/);
  });

  it("a run of the test folder alone still ranks its files", async () => {
    const only = await runAssessment({ root, paths: [join(root, "e2e")], workers: 0 });
    expect(only.findings.length).toBeGreaterThan(0);
    expect(only.summary.hotspots.map((h) => h.file)).toEqual(["e2e/checkout.spec.ts"]);
    expect(renderTable(only, { color: new Chalk({ level: 0 }) })).toContain("All are in test files");
  });
});

describe("migrate and test folders", () => {
  it("leaves test files out of migrate unless asked, and even then leaves a test folder's fetch helper unwrapped", async () => {
    const options = { root, paths: [root], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices" as const, cacheModule: "optimigrate/runtime", includeReview: false, workers: 0 };
    const plan = await planMigration(options);
    expect(plan.files.find((f) => f.path === "src/users.ts")?.updated).toContain('cached("user"');
    expect(plan.files.some((f) => isTestFile(f.path))).toBe(false);
    expect(plan.testsLeftOut).toBeGreaterThan(0);
    const withTests = await planMigration({ ...options, includeTests: true });
    expect(withTests.testsLeftOut).toBeUndefined();
    const fixtures = withTests.files.find((f) => f.path === "test/fixtures.js");
    expect(fixtures?.updated).toBeUndefined();
    expect(fixtures?.skips.flatMap((s) => s.reasons.map((r) => r.id))).toContain("cache-test-code");
    // a test file named as the path to migrate is migrated
    const named = await planMigration({ ...options, paths: [join(root, "test/fixtures.js")] });
    expect(named.files.find((f) => f.path === "test/fixtures.js")?.skips.length).toBeGreaterThan(0);
  });
});
