import { describe, expect, it } from "vitest";
import { Chalk } from "chalk";
import { renderTable } from "../../src/report/table.js";
import { emptyAssessment, fullAssessment } from "./assessments.js";

const plain = new Chalk({ level: 0 });
const ANSI = /\u001b\[/;

/** The rows of the cli-table3 table whose header row contains `heading`, as trimmed cells. */
function tableRows(text: string, heading: string): string[][] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith("│") && l.includes(heading));
  expect(start).toBeGreaterThan(0);
  const rows: string[][] = [];
  for (let i = start + 2; lines[i]?.startsWith("│"); i++) rows.push(lines[i]!.split("│").slice(1, -1).map((c) => c.trim()));
  return rows;
}

describe("table reporter", () => {
  it("counts findings by kind", () => {
    const text = renderTable(fullAssessment(), { color: plain });
    expect(text.split("\n")[0]).toBe("optimigrate assessment of /home/dev/shop-api");
    expect(tableRows(text, "Kind")).toEqual([
      ["api-call", "2", "requests that leave the process"],
      ["db-query", "2", "queries to a database or data store"],
      ["sequential-await", "3", "awaits that wait in line"],
      ["total", "7", ""],
    ]);
  });

  it("counts calls per library and operation", () => {
    expect(tableRows(renderTable(fullAssessment(), { color: plain }), "Library")).toEqual([
      ["axios", "1", "0", "0", "1"],
      ["fetch", "0", "0", "1", "1"],
      ["pg", "1", "0", "0", "1"],
      ["prisma", "0", "1", "0", "1"],
      ["all operations", "2", "1", "1", "4"],
    ]);
  });

  it("ranks hotspots by file and by function", () => {
    const text = renderTable(fullAssessment(), { color: plain });
    expect(tableRows(text, "Hotspot file")).toEqual([
      ["src/db/orders.ts", "3"],
      ["src/services/users.ts", "2"],
      ["scripts/one off, v2.mjs", "1"],
      ["src/report|weird`name.ts", "1"],
    ]);
    expect(tableRows(text, "Hotspot function")[0]).toEqual(["closeOrders", "src/db/orders.ts", "2"]);
    expect(tableRows(text, "Hotspot function")).toHaveLength(5);
  });

  it("lists the top sites, hottest file first, with code on one line cut to fit", () => {
    const text = renderTable(fullAssessment(), { color: plain, limit: 3, width: 100 });
    expect(text).toContain("Top sites (3 of 7)");
    expect(tableRows(text, "Location")).toEqual([
      ["db-query", "src/db/orders.ts:8", "pg read", 'pool.query( "SELECT * FROM order…'],
      ["sequential-await unsafe", "src/db/orders.ts:30", "", "await prisma.order.update({ wher…"],
      ["db-query", "src/db/orders.ts:30", "prisma write", "prisma.order.update({ where: { i…"],
    ]);
    expect(text).toContain("…4 more sites (use --json or --format markdown for all)");
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });

  it("shortens a deep path from the left so that the code keeps its room", () => {
    const assessment = fullAssessment();
    const deep = "packages/amplify-provider-awscloudformation/src/utils/amplify-resource-state-utils.ts";
    for (const f of assessment.findings) if (f.file === "src/db/orders.ts") f.file = deep;
    const text = renderTable(assessment, { color: plain, limit: 3, width: 120 });
    const rows = tableRows(text, "Location");
    expect(rows[0]![1]).toMatch(/^…[\w/-]*amplify-resource-state-utils\.ts:8$/);
    // the whole path left the code its 20-column minimum
    expect(rows[0]![3]!.length).toBeGreaterThanOrEqual(35);
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(120);
  });

  it("shows all sites under a plain heading when they fit the limit", () => {
    const text = renderTable(fullAssessment(), { color: plain });
    expect(text).toContain("\nSites\n");
    expect(tableRows(text, "Location")).toHaveLength(7);
    expect(text).not.toContain("more site");
  });

  it("lists the files that failed and closes with files, findings and seconds", () => {
    const text = renderTable(fullAssessment(), { color: plain });
    expect(text).toContain("Could not read or parse 1 file:\n  src/broken.ts: ';' expected. (3:14)\n");
    expect(text.endsWith("Scanned 42 files (3 skipped, 1 failed): 7 findings in 1.23 s\n")).toBe(true);
  });

  it("has no ANSI codes with a level-0 chalk (NO_COLOR) and colours only through the chalk it is given", () => {
    expect(renderTable(fullAssessment(), { color: plain })).not.toMatch(ANSI);
    const coloured = renderTable(fullAssessment(), { color: new Chalk({ level: 1 }) });
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain(new Chalk({ level: 1 }).bold("Kind"));
    // Stripping the codes gives back the plain rendering, so the layout does not depend on colour.
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, "")).toBe(renderTable(fullAssessment(), { color: plain }));
  });

  it("says there is nothing to report for an empty assessment", () => {
    const text = renderTable(emptyAssessment(), { color: plain });
    expect(text).toBe(
      [
        "optimigrate assessment of /tmp/empty",
        "",
        "No API calls, database queries or sequential awaits found.",
        "",
        "Scanned 0 files (0 skipped, 0 failed): 0 findings in 0.00 s",
        "",
      ].join("\n"),
    );
  });

  it("handles findings with no library, operation or function", () => {
    const a = emptyAssessment();
    a.findings = [{ kind: "sequential-await", file: "a.js", line: 1, column: 1, endLine: 1, endColumn: 10, code: "await x" }];
    a.summary.byKind["sequential-await"] = 1;
    a.files.scanned = 1;
    const text = renderTable(a, { color: plain });
    expect(text).not.toContain("all operations");
    expect(text).not.toContain("Hotspot function");
    expect(tableRows(text, "Location")).toEqual([["sequential-await", "a.js:1", "", "await x"]]);
    expect(text).toContain("Scanned 1 file (0 skipped, 0 failed): 1 finding in 0.00 s");
  });
});
