// Adds `import { name } from "<module>"` (or a require in CommonJS files) for helpers that emitted code calls.
import { ts } from "ts-morph";
import type { Edit } from "./codemod.js";
import { isRelativeSpecifier } from "../detect/evaluate.js";

function isCommonJs(sf: ts.SourceFile): boolean {
  if (/\.cjs$/i.test(sf.fileName)) return true;
  if (/\.(mjs|mts|ts|tsx)$/i.test(sf.fileName)) return false;
  const hasEsm = sf.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s) || ts.getModifiers(s as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
  return !hasEsm && /\brequire\s*\(/.test(sf.text);
}

/** Names of `module` the file already imports. */
function importedNames(sf: ts.SourceFile, module: string): Set<string> {
  const names = new Set<string>();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === module) {
      const b = s.importClause?.namedBindings;
      if (b && ts.isNamedImports(b)) for (const e of b.elements) names.add(e.name.text);
    }
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const init = d.initializer;
        if (init && ts.isCallExpression(init) && init.getText().replace(/\s/g, "") === `require(${JSON.stringify(module)})` && ts.isObjectBindingPattern(d.name)) {
          for (const e of d.name.elements) names.add(e.name.getText());
        }
      }
    }
  }
  return names;
}

/** The file's own way of writing an import: its quotes and whether it ends statements with `;` (first import wins). */
export function importStyle(sf: ts.SourceFile): { quote: "'" | '"'; semicolon: boolean } {
  for (const s of sf.statements) {
    let specifier: ts.Node | undefined;
    if (ts.isImportDeclaration(s)) specifier = s.moduleSpecifier;
    else if (ts.isVariableStatement(s)) {
      const init = s.declarationList.declarations[0]?.initializer;
      if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require") specifier = init.arguments[0];
    }
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    return { quote: sf.text[specifier.getStart(sf)] === "'" ? "'" : '"', semicolon: sf.text.charCodeAt(s.end - 1) === 59 /* ; */ };
  }
  return { quote: '"', semicolon: true };
}

export function runtimeImportEdit(sf: ts.SourceFile, module: string, names: string[], codemod: string, eol: string): Edit | undefined {
  const have = importedNames(sf, module);
  const missing = names.filter((n) => !have.has(n));
  if (missing.length === 0) return undefined;
  const cjs = isCommonJs(sf);
  const { quote, semicolon } = importStyle(sf);
  const literal = quote === '"' ? JSON.stringify(module) : `'${module.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const end = semicolon ? ";" : "";
  const line = cjs ? `const { ${missing.join(", ")} } = require(${literal})${end}` : `import { ${missing.join(", ")} } from ${literal}${end}`;
  const imports = sf.statements.filter((s) => ts.isImportDeclaration(s) || (cjs && ts.isVariableStatement(s) && /\brequire\s*\(/.test(s.getText(sf))));
  // with the packages, before the project's own imports (the usual grouping): after the last package import, or
  // else above the first import of the project's own files; an app's own cache module goes last, with its files
  const packages = isOwnModule(module) ? imports : imports.filter((s) => !isOwnModule(specifierOf(s, sf)));
  const lastImport = packages.length ? packages[packages.length - 1] : undefined;
  const firstOwn = !packages.length && imports.length ? imports[0] : undefined;
  let at: number;
  let after: string;
  if (firstOwn) {
    at = firstOwn.getStart(sf);
    after = `${line}${eol}`;
  } else if (lastImport) {
    at = lastImport.end;
    after = `${eol}${line}`;
  } else {
    // after a shebang, leading comments and directives ("use strict")
    let pos = 0;
    const directives = sf.statements.filter((s, i) => i === sf.statements.indexOf(s) && ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression));
    const lastDirective = directives.length && sf.statements[directives.length - 1] === directives[directives.length - 1] ? directives[directives.length - 1] : undefined;
    if (lastDirective) {
      at = lastDirective.end;
      after = `${eol}${line}`;
    } else {
      const first = sf.statements[0];
      pos = first ? first.getStart(sf) : sf.text.length;
      at = pos;
      after = `${line}${eol}${first ? eol : ""}`;
    }
  }
  const lineNo = sf.getLineAndCharacterOfPosition(at).line + 1;
  return { codemod, start: at, end: at, before: "", after, line: lineNo, safety: "safe", reasons: [] };
}

/** The module an import statement or `require()` declaration loads (undefined: none found). */
function specifierOf(statement: ts.Statement, sf: ts.SourceFile): string | undefined {
  if (ts.isImportDeclaration(statement)) return ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
  return /\brequire\s*\(\s*["'`]([^"'`]+)["'`]/.exec(statement.getText(sf))?.[1];
}

/** `./db`, `../lib`, `/abs`, and the usual aliases of the project's root (`@/lib`, `~/server`, `#db`). */
function isOwnModule(specifier: string | undefined): boolean {
  return specifier !== undefined && (isRelativeSpecifier(specifier) || /^(@\/|~\/|#)/.test(specifier));
}
