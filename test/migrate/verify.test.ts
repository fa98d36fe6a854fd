// --verify (verifyChanges): a rewrite is judged by the diagnostics it adds, not by those the file already
// had (a repository without its node_modules has many), and an import the rewrite added that cannot be
// resolved (the runtime, --cache-module) is named as such.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyChanges, type Change } from "../../src/migrate/apply.js";

const dir = mkdtempSync(join(tmpdir(), "optimigrate-verify-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// errors of its own: a dependency that is not installed, and a plain type error
const ORIGINAL = `import { Injectable } from "@nestjs/common";
export const answer: number = "forty-two";
export async function total(ids: string[]) {
  let sum = 0;
  for (const id of ids) sum += id.length;
  return sum;
}
`;

function change(name: string, updated: string, added: string[] = []): Change {
  const file = join(dir, name);
  writeFileSync(file, ORIGINAL);
  return { file, path: name, original: ORIGINAL, updated, edits: added.map((after) => ({ codemod: "cache-wrap", start: 0, end: 0, before: "", after, line: 1, safety: "safe", reasons: [] })) };
}

describe("verifyChanges", () => {
  it("keeps a rewrite that moves the file's own errors around, and reports only the errors a rewrite adds", () => {
    const moved = change("moved.ts", `// optimigrate: moved\n\n${ORIGINAL}`);
    const worse = change("worse.ts", `${ORIGINAL}export const label: string = 5;\n`);
    const result = verifyChanges(dir, [moved, worse]);
    expect(result.has(moved.file)).toBe(false);
    expect(result.get(worse.file)).toEqual({ diagnostics: [expect.stringMatching(/^8:14 TS2322 Type 'number' is not assignable to type 'string'/)], unresolved: [] });
  });

  it("counts an error the file had once but the rewrite repeats as new", () => {
    const twice = change("twice.ts", `${ORIGINAL}export const again: number = "forty-two";\n`);
    expect(verifyChanges(dir, [twice]).get(twice.file)?.diagnostics).toEqual([expect.stringMatching(/^8:14 TS2322 Type 'string' is not assignable to type 'number'/)]);
  });

  it("names a module the rewrite imports that cannot be resolved", () => {
    const line = `import { cached } from "@acme/not-installed/runtime";`;
    const runtime = change("runtime.ts", ORIGINAL.replace("\n", `\n${line}\n`), [`\n${line}`]);
    const result = verifyChanges(dir, [runtime]).get(runtime.file);
    expect(result?.unresolved).toEqual(["@acme/not-installed/runtime"]);
    expect(result?.diagnostics).toEqual([expect.stringMatching(/^2:24 TS2307 Cannot find module '@acme\/not-installed\/runtime'/)]);
  });

  it("checks each file with the tsconfig of its own package when run at a monorepo's root", () => {
    const root = join(dir, "mono");
    mkdirSync(join(root, ".git"), { recursive: true });
    mkdirSync(join(root, "packages/legacy/src"), { recursive: true });
    // a package that is not strict: an untyped parameter is no error there
    writeFileSync(join(root, "packages/legacy/tsconfig.json"), JSON.stringify({ compilerOptions: { strict: false, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: true } }));
    const file = join(root, "packages/legacy/src/ids.ts");
    const original = `export const ids = (xs: string[]) => xs;\n`;
    writeFileSync(file, original);
    const updated = `${original}export function first(xs) {\n  return xs[0];\n}\n`;
    const loose: Change = { file, path: "packages/legacy/src/ids.ts", original, updated, edits: [] };
    expect(verifyChanges(root, [loose]).has(file)).toBe(false);
  });
});
