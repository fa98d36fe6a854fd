// An import whose name Object.prototype also has (`toString`, `constructor`) is not an export of the module.
import { describe, expect, it } from "vitest";
import { analyzeWithImports, importLevels } from "../../src/scan/cross-file.js";
import type { FileOutcome, FileTask } from "../../src/scan/analyze-file.js";
import type { ExportsSummary } from "../../src/detect/exports-summary.js";
import type { PortableValue } from "../../src/detect/evaluate.js";

describe("cross-file rounds", () => {
  it("do not take Object.prototype's members for a module's exports", async () => {
    const tasks: FileTask[][] = [];
    const outcome = (file: string, unresolved: [string, string][]): FileOutcome => ({ file, status: "scanned", findings: [], exports: { values: {}, forwards: [], stars: [] }, unresolvedImports: unresolved, writtenTables: [], readTables: [], cacheFunctions: [], changedResults: [], polledCalls: [], readsAfterWrite: [] });
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

describe("the first pass in import order", () => {
  const scanned = (file: string, values: ExportsSummary["values"], unresolved: [string, string][] = []): FileOutcome => ({
    file,
    status: "scanned",
    findings: [],
    exports: { values, forwards: [], stars: [] },
    unresolvedImports: unresolved,
    writtenTables: [],
    readTables: [],
    cacheFunctions: [],
    changedResults: [],
    polledCalls: [],
    readsAfterWrite: [],
  });

  it("importLevels puts modules before their importers and cycles last", () => {
    const imports: Record<string, string[]> = { "/r/app.ts": ["/r/service.ts"], "/r/service.ts": ["/r/db.ts"], "/r/db.ts": [], "/r/a.ts": ["/r/b.ts"], "/r/b.ts": ["/r/a.ts"] };
    expect(importLevels(Object.keys(imports), (f) => imports[f]!)).toEqual([["/r/db.ts"], ["/r/service.ts"], ["/r/app.ts"], ["/r/a.ts", "/r/b.ts"]]);
  });

  it("hands an importer what its module exports, so no second round is needed", async () => {
    const prisma: PortableValue = { entry: "prisma", module: "@prisma/client", role: "client", op: "unknown" };
    const calls: { tasks: FileTask[]; first: boolean }[] = [];
    await analyzeWithImports({
      files: ["/r/users.ts", "/r/db.ts"],
      resolveLocal: (_from, specifier) => (specifier === "./db" ? "/r/db.ts" : undefined),
      scanText: (file) => ({ specifiers: file === "/r/users.ts" ? ["./db", "zod"] : ["@prisma/client"], quiet: false }),
      analyze: async (tasks, first) => {
        calls.push({ tasks, first });
        return tasks.map((t) => (t.file === "/r/db.ts" ? scanned(t.file, { prisma }) : scanned(t.file, {}, t.imports ? [] : [["./db", "prisma"]])));
      },
    });
    expect(calls.map((c) => [c.first, c.tasks.map((t) => t.file)])).toEqual([
      [true, ["/r/db.ts"]],
      [true, ["/r/users.ts"]],
    ]);
    expect(calls[1]!.tasks[0]!.imports).toEqual([["./db", "prisma", prisma]]);
  });
});
