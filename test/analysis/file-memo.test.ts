// Per-file caches: computed once per file and key, never shared between files, and gone with the file.
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { fileMemo } from "../../src/analysis/file-memo.js";
import { findDeclaration } from "../../src/analysis/scope.js";
import { mutatedDeclarations } from "../../src/analysis/cacheability.js";

const parse = (code: string) => ts.createSourceFile("x.ts", code, ts.ScriptTarget.Latest, true);

function identifiers(sf: ts.SourceFile, name: string): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n.text === name) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe("fileMemo", () => {
  it("computes once per file and key, including an undefined result", () => {
    const sf = parse("const a = 1;");
    const key = Symbol("k");
    let calls = 0;
    const compute = () => {
      calls++;
      return undefined;
    };
    expect(fileMemo(sf, key, compute)).toBeUndefined();
    expect(fileMemo(sf, key, compute)).toBeUndefined();
    expect(calls).toBe(1);
    expect(fileMemo(sf, Symbol("other"), () => 7)).toBe(7);
  });

  it("keeps each file's answers apart, also for files with the same name and text", () => {
    const key = Symbol("k");
    const first = parse("const a = 1;");
    const second = parse("const a = 1;");
    expect(fileMemo(first, key, () => "first")).toBe("first");
    expect(fileMemo(second, key, () => "second")).toBe("second");
    expect(fileMemo(first, key, () => "again")).toBe("first");
  });

  it("is invisible to code that enumerates a node's properties", () => {
    const sf = parse("const a = 1;");
    const before = Object.keys(sf);
    fileMemo(sf, Symbol("k"), () => 1);
    expect(Object.keys(sf)).toEqual(before);
  });
});

describe("analyses cached per file", () => {
  it("resolves names in each file against that file's own declarations", () => {
    // the scope cache of one file must never answer for another file's identical-looking scopes
    const a = parse("let user = 1;\nfunction f() { return user; }");
    const b = parse("function f() { const user = 2; return user; }");
    const [declA, useA] = identifiers(a, "user");
    const [declB, useB] = identifiers(b, "user");
    expect(findDeclaration(useA!)).toBe(declA);
    expect(findDeclaration(useB!)).toBe(declB);
    expect(findDeclaration(useA!)).toBe(declA);
  });

  it("mutatedDeclarations answers per file", () => {
    const changed = parse("const seen = new Map();\nfunction f() { seen.set(1, 2); }");
    const untouched = parse("const seen = new Map();\nfunction f() { return seen.get(1); }");
    expect([...mutatedDeclarations(changed)].map((id) => id.text)).toEqual(["seen"]);
    expect([...mutatedDeclarations(untouched)]).toEqual([]);
  });
});
