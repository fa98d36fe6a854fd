// sequentialIntent as a table: a comment on a loop -> whether it says the loop is sequential on purpose.
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { sequentialIntent } from "../../src/analysis/sequential-intent.js";

function intentOf(comment: string, inBody = false): string | undefined {
  const code = inBody ? `for (const x of xs) {\n  ${comment}\n  await f(x);\n}` : `${comment}\nfor (const x of xs) {\n  await f(x);\n}`;
  const sf = ts.createSourceFile("x.ts", code, ts.ScriptTarget.Latest, true);
  const loop = sf.statements[0] as ts.ForOfStatement;
  return sequentialIntent(loop, loop.statement);
}

describe("a comment that says the loop is sequential on purpose", () => {
  it.each([
    ["// Sequential on purpose: hammering the API in parallel just risks secondary rate limits"],
    ["// serial to avoid overloading, slow and steady wins the race"],
    ["// Process sequentially when using single transaction mode to avoid shared state issues"],
    ["// must run in order: each migration depends on the previous one"],
    ["// do not parallelize, the SFTP server allows one session"],
    ["/* one at a time:\n * the mail relay throttles bursts */"],
    ["// intentionally one by one"],
    ["// keep under the provider's rate limit"],
  ])("%s", (comment) => expect(intentOf(comment)).toBeDefined());

  it("also at the top of the loop's body", () => {
    expect(intentOf("// one at a time, or the CRM answers 429 and throttles us", true)).toBe("one at a time, or the CRM answers 429 and throttles us");
  });

  it.each([
    ["// fetch each user's profile"],
    ["// TODO: these could run in parallel"],
    ["// in order of the ids, newest first"],
    ["// avoid nulls in the output"],
    ["// Throttle: only one notification per 6 hours"],
  ])("not: %s", (comment) => expect(intentOf(comment)).toBeUndefined());
});
