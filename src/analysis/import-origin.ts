// Where a name comes from: the module an `import` or `require()` binds it from, and which export.
import { ts } from "ts-morph";
import { findDeclaration } from "./scope.js";

/** The module a name is imported or required from, and the export it names (`*` for a namespace or default object). */
export function importOrigin(id: ts.Identifier, hops = 0): { module: string; name: string } | undefined {
  const decl = findDeclaration(id);
  for (let n: ts.Node | undefined = decl; n; n = n.parent) {
    if (ts.isImportDeclaration(n)) {
      if (!ts.isStringLiteral(n.moduleSpecifier)) return undefined;
      const spec = decl?.parent && ts.isImportSpecifier(decl.parent) ? decl.parent : undefined;
      return { module: n.moduleSpecifier.text, name: spec ? (spec.propertyName ?? spec.name).text : "*" };
    }
    // `import _ = require("lodash")`
    if (ts.isImportEqualsDeclaration(n)) {
      const ref = n.moduleReference;
      return ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression) ? { module: ref.expression.text, name: "*" } : undefined;
    }
    if (ts.isVariableDeclaration(n)) {
      const init = n.initializer;
      const element = decl?.parent && ts.isBindingElement(decl.parent) ? decl.parent : undefined;
      const key = element ? (element.propertyName ?? element.name) : undefined;
      // `import pg from "pg"; const { Client } = pg;`: the namespace's export
      if (init && ts.isIdentifier(init) && key && ts.isIdentifier(key) && hops < 3) {
        const from = importOrigin(init, hops + 1);
        return from && from.name === "*" ? { module: from.module, name: key.text } : undefined;
      }
      if (!(init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require" && init.arguments[0] && ts.isStringLiteral(init.arguments[0]))) return undefined;
      return { module: init.arguments[0].text, name: key && ts.isIdentifier(key) ? key.text : "*" };
    }
    if (ts.isStatement(n)) return undefined;
  }
  return undefined;
}
