import { describe, expect, it } from "vitest";
import { Chalk } from "chalk";
import { escapeData, escapeProperty, renderGithub } from "../../src/report/github.js";
import { emptyAssessment, fullAssessment } from "./assessments.js";

const color = new Chalk({ level: 0 });

describe("github reporter", () => {
  it("escapes messages (%, CR, LF) and properties (also : and ,)", () => {
    expect(escapeData("100% done\r\nnext: a,b")).toBe("100%25 done%0D%0Anext: a,b");
    expect(escapeProperty("100% done\r\nnext: a,b")).toBe("100%25 done%0D%0Anext%3A a%2Cb");
    // % first, so an already-escaped sequence is escaped again rather than decoded by the runner.
    expect(escapeData("%0A")).toBe("%250A");
  });

  it("writes one ::warning per finding with file, line, endLine, col, endColumn and title", () => {
    const lines = renderGithub(fullAssessment(), { color }).trimEnd().split("\n");
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(
      "::warning file=src/services/users.ts,line=12,endLine=12,col=18,endColumn=50,title=optimigrate api-call (axios read)" +
        "::External API call (axios, read) in getUserProfile(): axios.get(`/users/${id}`). Safe for cache-wrap to rewrite.",
    );
    expect(lines[1]).toBe(
      "::warning file=src/services/users.ts,line=20,endLine=20,col=5,endColumn=33,title=optimigrate sequential-await" +
        "::Sequential await in a for…of loop (line 19) in syncUsers(): await getUserProfile(id). Safe for batch-loops to rewrite.",
    );
    for (const line of lines.slice(0, 7)) expect(line).toMatch(/^::warning file=[^:]+,line=\d+,endLine=\d+,col=\d+,endColumn=\d+,title=[^:]+::/);
  });

  it("escapes commas and colons in file names and titles, and % in messages", () => {
    const lines = renderGithub(fullAssessment(), { color }).split("\n");
    expect(lines[5]).toBe(
      "::warning file=scripts/one off%2C v2.mjs,line=3,endLine=3,col=1,endColumn=28,title=optimigrate api-call (fetch unknown)" +
        "::External API call (fetch, unknown): await fetch('https://x.test/a:b,c%2520d').",
    );
    expect(lines[3]).toContain("Not safe for batch-loops to rewrite: a variable declared outside the loop is written in it: total; early exit: break.");
  });

  it("keeps every annotation on one line even when the code spans several", () => {
    const a = fullAssessment();
    a.findings = [{ ...a.findings[2], function: "list\nOrders" }];
    a.errors = [];
    const text = renderGithub(a, { color });
    expect(text.split("\n")).toEqual([expect.stringMatching(/^::warning /), ""]);
    expect(text).toContain("in list%0AOrders()");
  });

  it("turns files that failed into ::error annotations", () => {
    const lines = renderGithub(fullAssessment(), { color }).trimEnd().split("\n");
    expect(lines[7]).toBe("::error file=src/broken.ts,title=optimigrate%3A file not scanned::Could not read or parse src/broken.ts: ';' expected. (3:14)");
  });

  it("prints nothing for an empty assessment", () => {
    expect(renderGithub(emptyAssessment(), { color })).toBe("");
  });
});
