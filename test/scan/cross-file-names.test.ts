// An import whose name Object.prototype also has (`toString`, `constructor`) is not an export of the module.
import { describe, expect, it } from "vitest";
import { analyzeWithImports } from "../../src/scan/cross-file.js";
import type { FileOutcome, FileTask } from "../../src/scan/analyze-file.js";

describe("cross-file rounds", () => {
  it("do not take Object.prototype's members for a module's exports", async () => {
    const tasks: FileTask[][] = [];
    const outcome = (file: string, unresolved: [string, string][]): FileOutcome => ({ file, status: "scanned", findings: [], exports: { values: {}, forwards: [], stars: [] }, unresolvedImports: unresolved, writtenTables: [], readTables: [] });
    const outcomes = await analyzeWithImports({
      files: ["/r/a.ts", "/r/x.ts"],
      resolveLocal: (_from, specifier) => (specifier === "./x" ? "/r/x.ts" : undefined),
      analyze: async (batch) => {
        tasks.push(batch);
        return batch.map((t) => outcome(t.file, t.file === "/r/a.ts" ? [["./x", "toString"], ["./x", "constructor"]] : []));
      },
    });
    expect(outcomes).toHaveLength(2);
    expect(tasks).toHaveLength(1); // no second round: nothing was learned
  });
});
