// migrate --revert as a round trip: for every fixture of every codemod, migrating and then reverting gives
// the input back byte for byte — with the journal the migration wrote, and (cache wrappers) without one.
// Blocks edited after the migration, or with no journal to say what they were, are refused with a reason.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CODEMODS } from "../../codemods/index.js";
import { planText, type PlanOptions } from "../../src/migrate/plan.js";
import { revertText, type JournalEntry } from "../../src/migrate/revert.js";
import { createImportResolver } from "../../src/analysis/import-resolver.js";
import { buildCatalog } from "../../src/detect/catalog-index.js";

const importResolver = createImportResolver(buildCatalog());
const root = join(import.meta.dirname, "../../fixtures");

function optionsFor(text: string, codemods: PlanOptions["codemods"]): PlanOptions {
  const extra = /^\/\/ options: (\{.*\})\s*$/m.exec(text.split(/\r?\n/).slice(0, 3).join("\n"));
  return { codemods, importResolver, batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, ...(extra ? JSON.parse(extra[1]!) : {}) };
}

const journalOf = (edits: { codemod: string; before: string; after: string }[]): JournalEntry[] => edits.map((e) => ({ codemod: e.codemod, before: e.before, after: e.after }));

const cases: { codemod: string; file: string }[] = [];
for (const codemod of CODEMODS) {
  const dir = join(root, codemod.name);
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).filter((f) => /\.input\.[cm]?[jt]sx?$/.test(f)).sort()) cases.push({ codemod: codemod.name, file: join(dir, f) });
}

describe("migrate then revert gives the input back", () => {
  for (const c of cases) {
    it(`${c.codemod}/${c.file.split("/").pop()}`, () => {
      const input = readFileSync(c.file, "utf8");
      // the codemod of the fixture alone, then every codemod in the engine's order
      for (const codemods of [CODEMODS.filter((m) => m.name === c.codemod), CODEMODS]) {
        const plan = planText(c.file, input, optionsFor(input, codemods));
        if (plan.updated === undefined) continue;
        const back = revertText(c.file, plan.updated, journalOf(plan.edits));
        expect(back.skips).toEqual([]);
        expect(back.updated).toBe(input);
        // cache wrappers come out without a journal too
        if (codemods.length === 1 && c.codemod === "cache-wrap") expect(revertText(c.file, plan.updated, undefined).updated).toBe(input);
      }
    });
  }
  it("covers every fixture with an output", () => {
    expect(cases.length).toBeGreaterThan(100);
  });
});

describe("revert refuses what it cannot know", () => {
  const cacheInput = readFileSync(join(root, "cache-wrap/axios-user-profile.input.ts"), "utf8");
  const loopInput = readFileSync(join(root, "batch-loops/accumulator-axios.input.ts"), "utf8");
  const migrate = (input: string, name: string) => planText(`x.ts`, input, optionsFor(input, CODEMODS.filter((m) => m.name === name)));

  it("a batched loop without a journal", () => {
    const plan = migrate(loopInput, "batch-loops");
    const back = revertText("x.ts", plan.updated!, undefined);
    expect(back.updated).toBeUndefined();
    expect(back.skips.map((s) => s.reasons[0]!.id)).toEqual(["revert-no-journal"]);
  });

  it("a batched loop edited after the migration", () => {
    const plan = migrate(loopInput, "batch-loops");
    const edited = plan.updated!.replace("slice(batchStart, batchStart + 10)", "slice(batchStart, batchStart + 20)").replace("batchStart += 10", "batchStart += 20");
    const back = revertText("x.ts", edited, journalOf(plan.edits));
    expect(back.updated).toBeUndefined();
    expect(back.skips[0]!.reasons[0]!.id).toBe("revert-edited");
  });

  it("a cache wrapper whose body was edited keeps the edit; its TTL retuned still reverts", () => {
    const plan = migrate(cacheInput, "cache-wrap");
    const edited = plan.updated!.replace("return data;", "return { ...data, seen: true };").replace("ttl: 300", "ttl: 450");
    const back = revertText("x.ts", edited, undefined);
    expect(back.updated).toBe(cacheInput.replace("return data;", "return { ...data, seen: true };"));
  });

  it("a cache wrapper given a second statement is left alone", () => {
    const plan = migrate(cacheInput, "cache-wrap");
    const edited = plan.updated!.replace("  // optimigrate: cached (cache-wrap)\n", "  console.log(userId);\n  // optimigrate: cached (cache-wrap)\n");
    const back = revertText("x.ts", edited, undefined);
    expect(back.updated).toBeUndefined();
    expect(back.skips[0]!.reasons[0]!.id).toBe("revert-edited");
  });

  it("--codemod limits the revert to that codemod's blocks", () => {
    const input = readFileSync(join(root, "cache-wrap/local-cached-elsewhere.input.ts"), "utf8");
    const plan = planText("x.ts", input, optionsFor(input, CODEMODS));
    expect(plan.edits.map((e) => e.codemod).sort()).toEqual(["cache-wrap", "cache-wrap", "parallel-awaits"]);
    const onlyCache = revertText("x.ts", plan.updated!, journalOf(plan.edits), ["cache-wrap"]);
    expect(onlyCache.updated).toContain("// optimigrate: parallel (parallel-awaits)");
    expect(onlyCache.updated).not.toContain("optimigrate/runtime");
    expect(onlyCache.updated).not.toContain("(cache-wrap)");
    expect(onlyCache.skips).toEqual([]);
    expect(revertText("x.ts", onlyCache.updated!, journalOf(plan.edits), ["parallel-awaits"]).updated).toBe(input);
  });

  it("keeps an import of cached that the code still uses", () => {
    const plan = migrate(cacheInput, "cache-wrap");
    const extra = `${plan.updated!}\nexport const warm = () => cached("x", [], { ttl: 1 }, async () => 1);\n`;
    const back = revertText("x.ts", extra, undefined);
    expect(back.updated).toContain('import { cached } from "optimigrate/runtime";');
    expect(back.updated).not.toContain("optimigrate: cached");
  });
});
