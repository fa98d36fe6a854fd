import { describe, expect, it } from "vitest";
import { codeSpan, escapeText, renderMarkdown } from "../../src/report/markdown.js";
import { emptyAssessment, fullAssessment } from "./assessments.js";

describe("markdown reporter", () => {
  it("escapes table text and builds code spans that survive backticks and pipes", () => {
    expect(escapeText("a|b `c` *d* _e_ [f] <g>")).toBe("a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\] \\<g\\>");
    expect(codeSpan("axios.get(`/users/${id}`)")).toBe("``axios.get(`/users/${id}`)``");
    expect(codeSpan("`tag` | x")).toBe("`` `tag` \\| x ``");
    expect(codeSpan("a ``` b")).toBe("````a ``` b````");
    expect(codeSpan("plain(\n  x)")).toBe("`plain( x)`");
  });

  it("opens with the counts table and the closing facts", () => {
    const text = renderMarkdown(fullAssessment(), {});
    const lines = text.split("\n");
    expect(lines.slice(0, 10)).toEqual([
      "### optimigrate assessment",
      "",
      "**7 findings** in 42 files scanned (3 skipped, 1 failed) · 1.23 s",
      "",
      "| Kind | Findings |",
      "| --- | ---: |",
      "| External API call (`api-call`) | 2 |",
      "| Database query (`db-query`) | 2 |",
      "| Sequential await (`sequential-await`) | 3 |",
      "| **Total** | **7** |",
    ]);
    expect(text).toContain("Libraries: axios 1, fetch 1, pg 1, prisma 1 · operations: read 2, write 1, unknown 1");
  });

  it("lists hotspots by file and by function", () => {
    const text = renderMarkdown(fullAssessment(), {});
    expect(text).toContain(
      ["#### Hotspots", "", "| File | Findings |", "| --- | ---: |", "| src/db/orders.ts | 3 |", "| src/services/users.ts | 2 |"].join("\n"),
    );
    expect(text).toContain("| Function | File | Findings |\n| --- | --- | ---: |\n| closeOrders | src/db/orders.ts | 2 |\n");
    expect(text).toContain("| load\\_all | src/report\\|weird\\`name.ts | 1 |");
  });

  it("puts every finding in a collapsible list with relative line links", () => {
    const text = renderMarkdown(fullAssessment(), {});
    const start = text.indexOf("<details><summary>All 7 findings</summary>");
    const end = text.indexOf("</details>");
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const rows = text.slice(start, end).split("\n").filter((l) => l.startsWith("| "));
    expect(rows).toHaveLength(9);
    expect(rows[2]).toBe(
      "| api-call (safe) | [src/services/users.ts:12](src/services/users.ts#L12) | axios | read | getUserProfile | ``axios.get(`/users/${id}`)`` |",
    );
    expect(rows[4]).toBe(
      '| db-query | [src/db/orders.ts:8](src/db/orders.ts#L8) | pg | read | listOrders | `pool.query( "SELECT * FROM orders WHERE a = $1 \\| b", [id])` |',
    );
    expect(rows[7]).toBe(
      "| api-call | [scripts/one off, v2.mjs:3](scripts/one%20off%2C%20v2.mjs#L3) | fetch | unknown |  | `await fetch('https://x.test/a:b,c%20d')` |",
    );
    expect(rows[8]).toBe(
      "| sequential-await (review) | [src/report\\|weird\\`name.ts:5](src/report%7Cweird%60name.ts#L5) |  |  | load\\_all | ``const b = await `tag`\\|pipe`` |",
    );
    // Every row has the same number of unescaped cell separators as the header.
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(8);
  });

  it("links to a base URL when given one, and caps the list at the limit", () => {
    const text = renderMarkdown(fullAssessment(), { linkBase: "https://github.com/o/r/blob/abc123/", limit: 2 });
    expect(text).toContain("[src/services/users.ts:12](https://github.com/o/r/blob/abc123/src/services/users.ts#L12)");
    expect(text).toContain("…and 5 more (run `optimigrate assess --json` for all).");
    expect(text).not.toContain("src/db/orders.ts:30]");
  });

  it("lists the files that failed", () => {
    expect(renderMarkdown(fullAssessment(), {})).toContain("#### Files that could not be scanned (1)\n\n- src/broken.ts: ';' expected. (3:14)\n");
  });

  it("says so when there is nothing to report", () => {
    const text = renderMarkdown(emptyAssessment(), {});
    expect(text).toContain("**0 findings** in 0 files scanned (0 skipped, 0 failed) · 0.00 s");
    expect(text).toContain("No API calls, database queries or sequential awaits found.");
    expect(text).not.toContain("<details>");
    expect(text).not.toContain("Hotspots");
  });
});
