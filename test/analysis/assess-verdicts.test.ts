// assess and migrate agree: sequential-await findings carry the codemods' verdict, and code a codemod
// wrote is not reported again.
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { buildCatalog } from "../../src/detect/catalog-index.js";
import { detectFile } from "../../src/detect/detect-file.js";
import { CODEMODS } from "../../codemods/index.js";
import { planText } from "../../src/migrate/plan.js";

const source = `import axios from "axios";
export async function a(ids: string[]) {
  const out = [];
  for (const id of ids) out.push((await axios.get("/a/" + id)).data);
  return out;
}
export async function b(ids: string[]) {
  let n = 0;
  for (const id of ids) n += (await axios.get("/b/" + id)).data;
  return n;
}
export async function c(id: string) {
  const x = await axios.get("/x/" + id);
  const y = await axios.get("/y/" + id);
  return [x, y];
}
`;

function sequential(text: string) {
  const sf = ts.createSourceFile("a.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return detectFile(sf, { fileLabel: "a.ts", catalog: buildCatalog() }).findings.filter((f) => f.kind === "sequential-await");
}

describe("assess verdicts", () => {
  it("sequential-await findings say what migrate would do, and why not", () => {
    const found = sequential(source).map((f) => ({ line: f.loop!.line, kind: f.loop!.kind, safety: f.safety, codemod: f.codemod, reasons: f.reasons }));
    expect(found).toContainEqual({ line: 4, kind: "for-of", safety: "safe", codemod: "batch-loops", reasons: undefined });
    expect(found).toContainEqual(expect.objectContaining({ line: 9, safety: "unsafe", codemod: "batch-loops", reasons: [expect.stringContaining("`n`")] }));
    expect(found).toContainEqual({ line: 13, kind: "waterfall", safety: "safe", codemod: "parallel-awaits", reasons: undefined });
  });

  it("an await that only --include-review would combine is review, as migrate says, not an unsupported shape", () => {
    const text = `import { Pool } from "pg";
const pool = new Pool();
export async function f(input: { name: string }, schema: { validateAsync(v: unknown): Promise<unknown> }) {
  const value = await schema.validateAsync(input);
  const row = await pool.query("SELECT * FROM s WHERE name = $1", [input.name]);
  return [value, row];
}
`;
    const [finding] = sequential(text);
    expect(finding).toMatchObject({ line: 5, safety: "review", codemod: "parallel-awaits", reasons: [expect.stringContaining("`schema.validateAsync()`")] });
    const lenient = planText("a.ts", text, { codemods: CODEMODS, batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: true });
    expect(lenient.updated).toContain("await Promise.all([");
  });

  it("an await that writes after a read is left alone as unsafe, not review: no mode combines writes", () => {
    const text = `import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
export async function deleteTemplate(id: number) {
  const template = await prisma.envelope.findUniqueOrThrow({ where: { id } });
  const deleted = await prisma.envelope.delete({ where: { id } });
  return [template, deleted];
}
`;
    for (const includeReview of [false, true]) {
      const plan = planText("a.ts", text, { codemods: CODEMODS, batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview });
      expect(plan.updated).toBeUndefined();
      expect(plan.skips.find((s) => s.codemod === "parallel-awaits")).toMatchObject({ line: 5, safety: "unsafe" });
    }
  });

  it("after migrate, only what was left alone is reported", () => {
    const migrated = planText("a.ts", source, { codemods: CODEMODS, batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false }).updated!;
    const found = sequential(migrated);
    expect(found.every((f) => f.safety === "unsafe")).toBe(true);
    expect(found.map((f) => f.loop!.kind)).toEqual(["for-of"]);
  });
});
