// One generic runner for every codemod's fixtures (fixtures/<codemod>/<case>.input.ts -> <case>.output.ts).
// For each case: the output matches (no output file = unchanged, byte for byte), a second pass changes
// nothing, only the edited ranges differ from the input, the result parses, and a refused case names
// the reason expected in its first line (`// reason: <id>[, <id>]`). `// options: {…}` sets codemod options.
// UPDATE_FIXTURES=1 writes the outputs (review them before committing).
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CODEMODS } from "../../codemods/index.js";
import { applyEdits, parseErrors } from "../../src/migrate/codemod.js";
import { planText, type PlanOptions } from "../../src/migrate/plan.js";
import { createImportResolver } from "../../src/analysis/import-resolver.js";
import { buildCatalog } from "../../src/detect/catalog-index.js";

const importResolver = createImportResolver(buildCatalog());

const root = join(import.meta.dirname, "../../fixtures");
const update = process.env.UPDATE_FIXTURES === "1";

function optionsFor(text: string, codemod: (typeof CODEMODS)[number]): PlanOptions {
  const extra = /^\/\/ options: (\{.*\})\s*$/m.exec(text.split(/\r?\n/).slice(0, 3).join("\n"));
  return { codemods: [codemod], importResolver, batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false, ...(extra ? JSON.parse(extra[1]!) : {}) };
}

function expectedReasons(text: string): string[] {
  const m = /^\/\/ reason: (.+)$/m.exec(text.split(/\r?\n/)[0] ?? "");
  return m ? m[1]!.split(",").map((s) => s.trim()) : [];
}

for (const codemod of CODEMODS) {
  const dir = join(root, codemod.name);
  if (!existsSync(dir)) continue;
  const inputs = readdirSync(dir).filter((f) => /\.input\.[cm]?[jt]sx?$/.test(f)).sort();
  describe(`${codemod.name} fixtures`, () => {
    for (const input of inputs) {
      const name = input.replace(/\.input\.[cm]?[jt]sx?$/, "");
      const ext = input.slice(input.indexOf(".input.") + ".input".length);
      const outputFile = join(dir, `${name}.output${ext}`);
      it(name, () => {
        const text = readFileSync(join(dir, input), "utf8");
        const options = optionsFor(text, codemod);
        const plan = planText(join(dir, input), text, options);
        expect(plan.error).toBeUndefined();
        if (update) {
          if (plan.updated !== undefined) writeFileSync(outputFile, plan.updated);
          else rmSync(outputFile, { force: true });
        }
        const expected = existsSync(outputFile) ? readFileSync(outputFile, "utf8") : undefined;
        expect(plan.updated).toBe(expected);
        const reasons = expectedReasons(text);
        const skipped = plan.skips.flatMap((s) => s.reasons.map((r) => r.id));
        for (const id of reasons) expect(skipped, `expected a skip with reason ${id}`).toContain(id);
        if (!reasons.length) expect(plan.updated, "a case without `// reason:` must be rewritten").toBeDefined();
        for (const skip of plan.skips) for (const r of skip.reasons) expect(r.message.length).toBeGreaterThan(10);
        // a site is either rewritten or skipped, never both
        for (const skip of plan.skips) expect(plan.edits.filter((e) => e.codemod === skip.codemod && e.line === skip.line), `line ${skip.line} both rewritten and skipped`).toEqual([]);
        if (plan.updated !== undefined) {
          // only the edited ranges changed
          for (const e of plan.edits) expect(text.slice(e.start, e.end)).toBe(e.before);
          expect(applyEdits(text, plan.edits)).toBe(plan.updated);
          expect(parseErrors(outputFile, plan.updated)).toBe(0);
          // a second pass is a no-op
          const again = planText(outputFile, plan.updated, options);
          expect(again.updated).toBeUndefined();
        }
      });
    }
  });
}

describe("fixture counts", () => {
  it("batch-loops has at least 40 loop cases, more than half refused", () => {
    const dir = join(root, "batch-loops");
    const inputs = readdirSync(dir).filter((f) => f.includes(".input."));
    const refused = inputs.filter((f) => expectedReasons(readFileSync(join(dir, f), "utf8")).length > 0);
    expect(inputs.length).toBeGreaterThanOrEqual(40);
    expect(refused.length * 2).toBeGreaterThan(inputs.length);
  });
});
