// What a file exports that the catalog knows (`export const prisma = new PrismaClient()`), and which
// exports it forwards from other local modules, so that other files importing them are analysed right.
import { ts } from "ts-morph";
import { toPortable, type PortableValue, type ValueEvaluator } from "./evaluate.js";
import { skipOuter } from "./bindings.js";
import type { FileFacts } from "./file-facts.js";

export interface ExportsSummary {
  values: Record<string, PortableValue>;
  /** `export { a as b } from "./x"`: b is x's a. */
  forwards: { name: string; specifier: string; imported: string }[];
  /** `export * from "./x"`. */
  stars: string[];
}

function isExported(node: ts.Node): boolean {
  return Boolean(ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
}

function isDefault(node: ts.Node): boolean {
  return Boolean(ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword));
}

/** `module.exports = x`, `module.exports.name = x`, `exports.name = x`. */
function commonJsExport(expression: ts.Expression): { name: string; value: ts.Expression } | undefined {
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const left = expression.left;
  if (!ts.isPropertyAccessExpression(left)) return undefined;
  const target = left.expression;
  if (ts.isIdentifier(target) && target.text === "module" && left.name.text === "exports") return { name: "default", value: expression.right };
  if (ts.isIdentifier(target) && target.text === "exports") return { name: left.name.text, value: expression.right };
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression) && target.expression.text === "module" && target.name.text === "exports") {
    return { name: left.name.text, value: expression.right };
  }
  return undefined;
}

export function summarizeExports(facts: FileFacts, evaluator: ValueEvaluator): ExportsSummary {
  const summary: ExportsSummary = { values: {}, forwards: [], stars: [] };
  const record = (name: string, expression: ts.Expression | undefined): void => {
    const value = expression && evaluator.evaluate(expression);
    if (value) summary.values[name] = toPortable(value);
    // `module.exports = { pool }`, `export default { client, query }`: each property, by its name (what
    // `require("./db").pool` and `const { pool } = require("./db")` ask for)
    const object = name === "default" && expression ? skipOuter(expression) : undefined;
    if (!value && object && ts.isObjectLiteralExpression(object)) {
      for (const p of object.properties) {
        const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
        const init = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
        const property = key !== undefined && key !== "default" && !Object.hasOwn(summary.values, key) && init ? evaluator.evaluate(init) : undefined;
        if (property) summary.values[key!] = toPortable(property);
      }
    }
  };
  for (const statement of facts.sourceFile.statements) {
    if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const decl of statement.declarationList.declarations) if (ts.isIdentifier(decl.name)) record(decl.name.text, decl.name);
    } else if (ts.isClassDeclaration(statement) && isExported(statement)) {
      const value = evaluator.evaluate(statement.name ?? (statement as unknown as ts.ClassExpression));
      if (value) summary.values[isDefault(statement) || !statement.name ? "default" : statement.name.text] = toPortable(value);
    } else if (ts.isTypeAliasDeclaration(statement) && isExported(statement)) {
      // `export type Db = Knex | Knex.Transaction`: importers type their fields and parameters with it.
      const cls = evaluator.typeClass(statement.type);
      if (cls) summary.values[statement.name.text] = toPortable(cls);
    } else if (ts.isExportAssignment(statement)) {
      record("default", statement.expression);
    } else if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (from) summary.stars.push(from);
      } else if (ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          const local = (element.propertyName ?? element.name).text;
          // `export { drizzle } from "drizzle-orm/mysql2"` in a workspace's db package: the library's own export
          const library = from !== undefined && !evaluator.isLocalModule(from) ? evaluator.moduleValue(from, local) : undefined;
          if (library) summary.values[element.name.text] = toPortable(library);
          else if (from) summary.forwards.push({ name: element.name.text, specifier: from, imported: local });
          else record(element.name.text, (element.propertyName ?? element.name) as ts.Identifier);
        }
      }
    } else if (ts.isExpressionStatement(statement)) {
      const cjs = commonJsExport(statement.expression);
      if (cjs) record(cjs.name, cjs.value);
    }
  }
  return summary;
}
