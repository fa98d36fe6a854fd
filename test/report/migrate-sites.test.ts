// The site report of `migrate`: each rewrite, a summary of what was left alone (counts per codemod and per
// reason, a few examples from different files), every site with --all-sites; linear, so that a repository
// with tens of thousands of sites left alone does not wait on its own output.
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { reason } from "../../src/analysis/reasons.js";
import type { Edit, Skip } from "../../src/migrate/codemod.js";
import { reasonGist, reasonValues, renderSites, type SiteFile } from "../../src/report/migrate-sites.js";

const color = new Chalk({ level: 0 });

function skip(codemod: string, line: number, ...reasons: ReturnType<typeof reason>[]): Skip {
  return { codemod, line, code: "await f()", safety: reasons.some((r) => r.id !== "opaque-call") ? "unsafe" : "review", reasons };
}
const edit = (codemod: string, line: number): Edit => ({ codemod, start: 0, end: 1, before: "x", after: "y", line, safety: "safe", reasons: [] });

describe("renderSites", () => {
  it("summarizes what was left alone, most frequent first, with examples from different files", () => {
    const files: SiteFile[] = [
      { path: "a.ts", edits: [edit("batch-loops", 4)], skips: [skip("parallel-awaits", 3, reason("opaque-call", { name: "loadA" })), skip("parallel-awaits", 9, reason("opaque-call", { name: "loadB" }))] },
      { path: "b.ts", edits: [], skips: [skip("parallel-awaits", 3, reason("opaque-call", { name: "loadC" })), skip("batch-loops", 7, reason("break"), reason("rate-limit", { code: "sleep(10)" }))] },
      { path: "c.ts", edits: [], skips: [skip("parallel-awaits", 1, reason("opaque-call", { name: "loadD" }))] },
    ];
    const out = renderSites(files, { color, examples: 2 });
    expect(out).toBe(
      [
        "Rewritten: 1 site in 1 file",
        "  a.ts:4  batch-loops",
        "",
        "Left alone: 5 sites (parallel-awaits 4, batch-loops 1)",
        "  parallel-awaits: 4 sites (4 review)",
        "    4  opaque-call: calls `…`, whose effects the analysis cannot see; check that it only reads before running it alongside others",
        "       a.ts:3  `loadA`",
        "       b.ts:3  `loadC`",
        "       and 2 more",
        "  batch-loops: 1 site (1 unsafe)",
        "    1  break: `break` stops the loop early; in batches the next items would already be running",
        "       e.g. b.ts:7",
        "    1  rate-limit: awaits a timer (`…`), so the waiting is on purpose (a delay or rate limiting)",
        "       b.ts:7  `sleep(10)`",
        "  (a site with several reasons counts under each of them)",
        "--include-review also rewrites a review site when nothing unsafe shares its loop or group (4 sites here are review); every site with all its reasons: --all-sites (or --json).",
      ].join("\n"),
    );
    const all = renderSites(files, { color, allSites: true, includeReview: true });
    expect(all.split("\n").filter((l) => l.includes("skipped ("))).toEqual([
      "a.ts:3  parallel-awaits  skipped (review)  calls `loadA`, whose effects the analysis cannot see; check that it only reads before running it alongside others  opaque-call",
      "a.ts:9  parallel-awaits  skipped (review)  calls `loadB`, whose effects the analysis cannot see; check that it only reads before running it alongside others  opaque-call",
      "b.ts:3  parallel-awaits  skipped (review)  calls `loadC`, whose effects the analysis cannot see; check that it only reads before running it alongside others  opaque-call",
      "b.ts:7  batch-loops  skipped (unsafe)  `break` stops the loop early; in batches the next items would already be running  break",
      "b.ts:7  batch-loops  skipped (unsafe)  awaits a timer (`sleep(10)`), so the waiting is on purpose (a delay or rate limiting)  rate-limit",
      "c.ts:1  parallel-awaits  skipped (review)  calls `loadD`, whose effects the analysis cannot see; check that it only reads before running it alongside others  opaque-call",
    ]);
  });

  it("only lists the rewrites of files that were written", () => {
    const files: SiteFile[] = [
      { path: "a.ts", edits: [edit("batch-loops", 4)], skips: [] },
      { path: "b.ts", edits: [edit("cache-wrap", 2)], skips: [] },
    ];
    expect(renderSites(files, { color, written: new Set(["b.ts"]) })).toBe("Rewritten: 1 site in 1 file\n  b.ts:2  cache-wrap");
  });

  // how long rendering takes is measured by bench/migrate.bench.mjs (the human report against --json)
  it("summarizes 50,000 sites left alone in a few lines, and lists them all with allSites", () => {
    const files: SiteFile[] = [];
    for (let f = 0; f < 5_000; f++) {
      const skips: Skip[] = [];
      for (let i = 0; i < 10; i++) skips.push(skip(i % 3 ? "parallel-awaits" : "batch-loops", i * 7 + 1, reason(i % 4 ? "opaque-call" : "outer-write", { name: `name${f}_${i}` })));
      files.push({ path: `server/module${f}/file${f}.ts`, edits: [], skips });
    }
    const summary = renderSites(files, { color });
    expect(summary.split("\n").length).toBeLessThan(30);
    const all = renderSites(files, { color, allSites: true });
    expect(all.split("\n")).toHaveLength(50_001);
  });
});

describe("reason gists", () => {
  it("shows a reason's message with its placeholders as … and reads back what a message filled in", () => {
    expect(reasonGist("rate-limit")).toBe("awaits a timer (`…`), so the waiting is on purpose (a delay or rate limiting)");
    expect(reasonGist("loop-shape")).toBeUndefined(); // nothing but a placeholder: the first site's message stands in
    expect(reasonValues("reads-previous-result", reason("reads-previous-result", { code: "fetch(`${a}`)", name: "user" }).message)).toEqual(["`` fetch(`${a}`) ``", "`user`"]);
    expect(reasonValues("opaque-call", `${reason("opaque-call", { name: "f" }).message} (and 2 more like it)`)).toEqual(["`f`"]);
    expect(reasonValues("opaque-call", "something else")).toBeUndefined();
  });
});
