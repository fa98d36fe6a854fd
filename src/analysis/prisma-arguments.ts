// The arguments of a Prisma call as far as the file shows them: object literals, and consts holding them.
import { ts } from "ts-morph";
import { skipOuter } from "../detect/bindings.js";
import { findDeclaration } from "./scope.js";

const MAX_HOPS = 3;

/** The object literals an expression is, as far as the file shows: itself, an array's items, a const's value, both branches of `?:`. */
export function objectsOf(e: ts.Expression, hops = 0): ts.ObjectLiteralExpression[] {
  e = skipOuter(e);
  if (ts.isObjectLiteralExpression(e)) return [e];
  if (ts.isArrayLiteralExpression(e)) return e.elements.flatMap((item) => objectsOf(ts.isSpreadElement(item) ? item.expression : item, hops));
  if (ts.isConditionalExpression(e)) return [...objectsOf(e.whenTrue, hops), ...objectsOf(e.whenFalse, hops)];
  if (ts.isIdentifier(e) && hops < MAX_HOPS) {
    const decl = findDeclaration(e)?.parent;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return objectsOf(decl.initializer, hops + 1);
  }
  return [];
}

/** An object literal's named properties with their values; a spread's properties too. */
export function properties(object: ts.ObjectLiteralExpression, hops = 0): [string, ts.Expression][] {
  return object.properties.flatMap((p): [string, ts.Expression][] => {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return [[p.name.text, p.initializer]];
    if (ts.isShorthandPropertyAssignment(p)) return [[p.name.text, p.name]];
    // `{ ...base }` where `const base = { ...base2 }`: spreads are followed as far as consts are
    if (ts.isSpreadAssignment(p) && hops < MAX_HOPS) return objectsOf(p.expression, hops + 1).flatMap((o) => properties(o, hops + 1));
    return [];
  });
}

export function propertyValue(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  return properties(object).find(([key]) => key === name)?.[1];
}
