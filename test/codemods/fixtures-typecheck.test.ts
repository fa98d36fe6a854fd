// Every fixture output must type-check as well as its input: the two are compiled (strict, noUnusedLocals) as two
// programs over the same file names, and a diagnostic the output has that its input does not is a rewrite that
// breaks the build (a Promise where the declared type says a value, an unused variable the rewrite left behind).
// Libraries the fixtures import are not installed here, so their values are `any` in both programs alike.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import ts from "typescript";

const fixtures = join(import.meta.dirname, "../../fixtures");
const runtime = join(import.meta.dirname, "../../src/runtime/index.ts");
const CODEMOD_DIRS = ["batch-loops", "cache-wrap", "parallel-awaits"];

const pairs: { input: string; output: string }[] = [];
for (const dir of CODEMOD_DIRS) {
  for (const name of readdirSync(join(fixtures, dir)).sort()) {
    const m = /^(.*)\.input\.(ts|tsx|mts)$/.exec(name);
    const output = m && join(fixtures, dir, `${m[1]}.output.${m[2]}`);
    if (output && existsSync(output)) pairs.push({ input: join(fixtures, dir, name), output });
  }
}

const options: ts.CompilerOptions = {
  strict: true,
  noUnusedLocals: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
  types: ["node"],
  skipLibCheck: true,
  noEmit: true,
  jsx: ts.JsxEmit.Preserve,
  // the runtime, and the cache module a fixture names instead (`// options: {"cacheModule": "@acme/cache"}`)
  paths: { "optimigrate/runtime": [runtime], "@acme/cache": [runtime] },
};

/** Per fixture file, its diagnostics as `TS<code> <message>` (no positions: the rewrite moves lines). */
function diagnosticsOf(texts: Map<string, string>): Map<string, string[]> {
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => texts.get(file) ?? readFile(file);
  host.fileExists = (file) => texts.has(file) || ts.sys.fileExists(file);
  host.getSourceFile = (file, language, onError) => {
    const text = texts.get(file);
    return text === undefined ? getSourceFile(file, language, onError) : ts.createSourceFile(file, text, language, true);
  };
  const program = ts.createProgram([...texts.keys()], options, host);
  const found = new Map<string, string[]>();
  for (const file of texts.keys()) {
    const sf = program.getSourceFile(file)!;
    const all = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    found.set(file, all.map((d) => `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`));
  }
  return found;
}

describe("fixture outputs type-check as well as their inputs", () => {
  const before = diagnosticsOf(new Map(pairs.map((p) => [p.input, readFileSync(p.input, "utf8")])));
  const after = diagnosticsOf(new Map(pairs.map((p) => [p.input, readFileSync(p.output, "utf8")])));
  it.each(pairs.map((p) => [p.output.slice(fixtures.length + 1), p.input] as const))("%s", (_name, input) => {
    const left = [...before.get(input)!];
    const added = after.get(input)!.filter((d) => {
      const i = left.indexOf(d);
      if (i === -1) return true;
      left.splice(i, 1);
      return false;
    });
    expect(added).toEqual([]);
  });
});
