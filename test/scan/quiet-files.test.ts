// A quiet file (src/scan/quiet-text.ts) goes unparsed only when its project imports can never bring it a client.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeWithImports } from "../../src/scan/cross-file.js";
import type { FileOutcome, FileTask } from "../../src/scan/analyze-file.js";
import type { ExportsSummary } from "../../src/detect/exports-summary.js";
import type { PortableValue } from "../../src/detect/evaluate.js";
import { runAssessment } from "../../src/scan/assess.js";

const prisma: PortableValue = { entry: "prisma", module: "@prisma/client", role: "client", op: "unknown" };

describe("which files the first pass leaves unparsed", () => {
  // each file: what it imports, whether its text is quiet, and what its analysis would find
  interface Fake {
    imports: string[];
    quiet: boolean;
    exports?: Partial<ExportsSummary>;
    unresolved?: [string, string][];
  }
  const project: Record<string, Fake> = {
    "/r/db.ts": { imports: ["@prisma/client"], quiet: false, exports: { values: { prisma } } },
    "/r/index.ts": { imports: ["./db"], quiet: true, exports: { stars: ["./db"] } },
    "/r/via-barrel.ts": { imports: ["./index"], quiet: true },
    // a name the module does not export (yet): a later round could still learn it
    "/r/wraps-db.ts": { imports: ["./db"], quiet: false, unresolved: [["./db", "migrate"]] },
    "/r/via-wrapper.ts": { imports: ["./wraps-db"], quiet: true },
    "/r/util.ts": { imports: ["lodash"], quiet: true },
    "/r/helpers.ts": { imports: ["./util"], quiet: false, unresolved: [["./util", "chunk"]] },
    "/r/page.ts": { imports: ["./helpers", "./styles.css", "react"], quiet: true },
    "/r/cycle-a.ts": { imports: ["./cycle-b"], quiet: true },
    "/r/cycle-b.ts": { imports: ["./cycle-a"], quiet: true },
    "/r/loud.ts": { imports: ["./util"], quiet: false },
  };
  const files = Object.keys(project);
  const resolveLocal = (_from: string, specifier: string) => {
    const target = `/r/${specifier.replace(/^\.\//, "")}.ts`;
    return project[target] ? target : undefined;
  };

  it("skips quiet files whose project imports, through re-exports and unresolved imports, lead to no client", async () => {
    const tasks: FileTask[] = [];
    await analyzeWithImports({
      files,
      resolveLocal,
      scanText: (file) => ({ specifiers: project[file]!.imports, quiet: project[file]!.quiet }),
      analyze: async (batch) => {
        tasks.push(...batch);
        return batch.map((t): FileOutcome => {
          const fake = project[t.file]!;
          const exports = t.quiet ? {} : fake.exports ?? {};
          return { file: t.file, status: "scanned", findings: [], exports: { values: {}, forwards: [], stars: [], ...exports }, unresolvedImports: t.quiet ? [] : fake.unresolved ?? [], writtenTables: [], readTables: [], cacheFunctions: [], changedResults: [], polledCalls: [], readsAfterWrite: [] };
        });
      },
    });
    const quiet = tasks.filter((t) => t.quiet).map((t) => t.file).sort();
    expect(quiet).toEqual(["/r/page.ts", "/r/util.ts"]);
  });
});

describe("assess with quiet files", () => {
  const root = mkdtempSync(join(tmpdir(), "optimigrate-quiet-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: "app" }),
    "src/db.ts": `import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n`,
    "src/index.ts": `export * from "./db";\n`,
    "src/users.ts": `import { prisma } from "./index";\n\nexport function listUsers() {\n  return prisma.user.findMany();\n}\n`,
    "src/orders.ts": `import { Order } from "./models";\n\nexport const addOrder = (data: object) => Order.create(data);\n\nexport const orderCount = () => Order.count();\n`,
    "src/models.ts": `export class Order {}\n`,
    "src/math.ts": `export const add = (a: number, b: number) => a + b;\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }

  it("still finds a query without an await through a barrel", async () => {
    const result = await runAssessment({ root, paths: [root], workers: 0 });
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.kind} ${f.library}`)).toEqual(["src/users.ts:4 db-query prisma"]);
    expect(result.files).toEqual({ scanned: 6, skipped: 0, failed: 0 });
  });
});
