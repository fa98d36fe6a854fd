import { describe, expect, it } from "vitest";
import { Chalk } from "chalk";
import { REPORTERS, REPORT_FORMATS } from "../../src/report/index.js";
import { emptyAssessment, fullAssessment } from "./assessments.js";

describe("reporter index", () => {
  it("offers the formats of the CLI contract", () => {
    expect(REPORT_FORMATS).toEqual(["table", "json", "sarif", "github", "markdown"]);
  });

  it("every reporter is pure: same input, same text, input untouched, no colour at level 0", () => {
    const color = new Chalk({ level: 0 });
    for (const format of REPORT_FORMATS) {
      for (const make of [fullAssessment, emptyAssessment]) {
        const input = make();
        const first = REPORTERS[format](input, { color });
        expect(REPORTERS[format](input, { color })).toBe(first);
        expect(input).toEqual(make());
        expect(first).not.toMatch(/\u001b\[/);
      }
    }
  });
});
