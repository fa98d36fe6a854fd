// The string an expression always holds, as far as its own file says: a literal, a template of such strings,
// a const holding one, a property of a const object literal (`T.features`, `T.auth.users`, `as const` or not),
// an enum member. Table names reach queries this way (`this.db(T.features)`, `.from(\`${T.ROLE_USER} as ru\`)`).
import { ts } from "ts-morph";
import { skipOuter } from "../detect/bindings.js";
import { findDeclaration } from "./scope.js";

const MAX_DEPTH = 6;

export function stringValue(e: ts.Expression, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  e = skipOuter(e);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isTemplateExpression(e)) {
    let text = e.head.text;
    for (const span of e.templateSpans) {
      const part = stringValue(span.expression, depth + 1);
      if (part === undefined) return undefined;
      text += part + span.literal.text;
    }
    return text;
  }
  if (ts.isIdentifier(e)) {
    const init = constInitializer(e);
    return init && stringValue(init, depth + 1);
  }
  if (ts.isPropertyAccessExpression(e)) {
    const enumMember = enumMemberValue(e, depth);
    if (enumMember !== undefined) return enumMember;
    const object = objectLiteral(e.expression, depth + 1);
    const value = object && propertyValue(object, e.name.text);
    return value && stringValue(value, depth + 1);
  }
  return undefined;
}

/** The initializer of a `const` the identifier names (undefined for `let`, parameters, imports). */
export function constInitializer(id: ts.Identifier): ts.Expression | undefined {
  const decl = findDeclaration(id)?.parent;
  if (!decl || !ts.isVariableDeclaration(decl) || decl.name.kind !== ts.SyntaxKind.Identifier || !decl.initializer) return undefined;
  return decl.parent.flags & ts.NodeFlags.Const ? decl.initializer : undefined;
}

/** The object literal a const (or a property of one) holds: `T` of `T.features`, `T.auth` of `T.auth.users`. */
function objectLiteral(e: ts.Expression, depth: number): ts.ObjectLiteralExpression | undefined {
  if (depth > MAX_DEPTH) return undefined;
  e = skipOuter(e);
  let value: ts.Expression | undefined;
  if (ts.isIdentifier(e)) value = constInitializer(e);
  else if (ts.isPropertyAccessExpression(e)) {
    const outer = objectLiteral(e.expression, depth + 1);
    value = outer && propertyValue(outer, e.name.text);
  }
  value = value && skipOuter(value);
  if (value && ts.isIdentifier(value)) return objectLiteral(value, depth + 1);
  return value && ts.isObjectLiteralExpression(value) ? value : undefined;
}

/** The value of a property the literal itself states (`features: "features"`, shorthand `features`); the last wins. */
function propertyValue(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const p = object.properties[i]!;
    // a spread after nothing matched may hold the name: the literal does not say
    if (ts.isSpreadAssignment(p)) return undefined;
    if (ts.isPropertyAssignment(p) && propertyName(p.name) === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

/** `Tables.Users` of `enum Tables { Users = "users" }`. */
function enumMemberValue(e: ts.PropertyAccessExpression, depth: number): string | undefined {
  const object = skipOuter(e.expression);
  if (!ts.isIdentifier(object)) return undefined;
  const decl = findDeclaration(object)?.parent;
  if (!decl || !ts.isEnumDeclaration(decl)) return undefined;
  const member = decl.members.find((m) => propertyName(m.name) === e.name.text);
  return member?.initializer && stringValue(member.initializer, depth + 1);
}
