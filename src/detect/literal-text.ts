// The text of a string-like argument: literals, templates (with `${}` holes), gql`…` tags, and
// constants declared with such a value in the same file. Used to read SQL, GraphQL and routes.
import { ts } from "ts-morph";
import { skipOuter } from "./bindings.js";
import type { ValueEvaluator } from "./evaluate.js";

export function literalText(node: ts.Node | undefined, evaluator: ValueEvaluator, depth = 0): string | undefined {
  if (!node || depth > 5) return undefined;
  const e = ts.isExpression(node) ? skipOuter(node) : node;
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isTemplateExpression(e)) return e.head.text + e.templateSpans.map((s) => "${}" + s.literal.text).join("");
  if (ts.isTaggedTemplateExpression(e)) return literalText(e.template, evaluator, depth + 1);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = literalText(e.left, evaluator, depth + 1);
    return left === undefined ? undefined : left + (literalText(e.right, evaluator, depth + 1) ?? "${}");
  }
  if (ts.isObjectLiteralExpression(e)) {
    // pg: client.query({ text: "SELECT …", values })
    const text = propertyValue(e, "text") ?? propertyValue(e, "sql") ?? propertyValue(e, "query");
    return literalText(text, evaluator, depth + 1);
  }
  if (ts.isIdentifier(e)) {
    const origins = evaluator.lookup(e);
    const only = origins?.length === 1 ? origins[0] : undefined;
    if (only?.t === "expr") return literalText(only.expr, evaluator, depth + 1);
  }
  return undefined;
}

export function propertyValue(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === key) {
      return property.initializer;
    }
    // `{ method }`: the variable of that name
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === key) return property.name;
  }
  return undefined;
}

/**
 * The object literals an argument can be, directly or through a same-file constant, and through
 * `c ? {…} : {…}`, `a ?? {…}`, `a || {…}` (null: a branch that is `undefined` or `null`, no object).
 * Undefined when any branch is something else.
 */
export function objectLiteralsOf(node: ts.Expression | undefined, evaluator: ValueEvaluator, depth = 0): (ts.ObjectLiteralExpression | null)[] | undefined {
  if (!node || depth > 5) return undefined;
  const e = skipOuter(node);
  if (ts.isObjectLiteralExpression(e)) return [e];
  if (e.kind === ts.SyntaxKind.NullKeyword || e.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isIdentifier(e) && e.text === "undefined")) return [null];
  if (ts.isConditionalExpression(e)) return both(objectLiteralsOf(e.whenTrue, evaluator, depth + 1), objectLiteralsOf(e.whenFalse, evaluator, depth + 1));
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return both(objectLiteralsOf(e.left, evaluator, depth + 1), objectLiteralsOf(e.right, evaluator, depth + 1));
  }
  if (ts.isIdentifier(e)) {
    const origins = evaluator.lookup(e);
    const only = origins?.length === 1 ? origins[0] : undefined;
    if (only?.t === "expr") return objectLiteralsOf(only.expr, evaluator, depth + 1);
  }
  return undefined;
}

function both<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  return a && b ? [...a, ...b] : undefined;
}
