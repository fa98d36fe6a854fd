// Parsing for assess: syntax errors reported with their position; JSDoc skipped (no analysis reads it).
import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { parseSource } from "../../src/scan/parse.js";

describe("parseSource", () => {
  it("reports syntax errors as line:col and message", () => {
    const { syntaxErrors } = parseSource("a.ts", "const a = ;\n");
    expect(syntaxErrors).toEqual(["1:11 Expression expected."]);
  });

  it("does not build JSDoc nodes, and a broken JSDoc comment is no syntax error", () => {
    const code = `/**\n * Loads a user.\n * @param {string} id\n * @returns {Promise<{ name: string }>}\n * @throws {\n */\nexport async function getUser(id) { return fetch("/u/" + id); }\n`;
    const { sourceFile, syntaxErrors } = parseSource("a.js", code);
    expect(syntaxErrors).toEqual([]);
    const fn = sourceFile.statements[0] as ts.FunctionDeclaration & { jsDoc?: unknown[] };
    expect(ts.isFunctionDeclaration(fn)).toBe(true);
    expect(fn.jsDoc).toBeUndefined();
  });

  it("parses plain .js files with the JSX grammar", () => {
    const { syntaxErrors } = parseSource("view.js", "export const View = () => <div className=\"x\">hi</div>;\n");
    expect(syntaxErrors).toEqual([]);
  });
});
