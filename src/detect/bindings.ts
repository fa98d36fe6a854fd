// Scope facts for one file, gathered in the single walk: which names are bound where, and to what.
import { ts } from "ts-morph";

/** Where a binding's value comes from, as far as a syntax-only analysis can tell. */
export type Origin =
  | { t: "import"; module: string; name: string }
  | { t: "expr"; expr: ts.Expression }
  | { t: "property"; expr: ts.Expression; path: string[] }
  | { t: "typed"; type: ts.TypeNode }
  /** `type Db = Knex | Knex.Transaction`: a name for a type, whose value is the class it names. */
  | { t: "typeAlias"; type: ts.TypeNode }
  | { t: "class"; node: ts.ClassLikeDeclaration }
  /** An untyped parameter of a callback: `trx` of `db.transaction(async (trx) => …)`, known from the call it is passed to. */
  | { t: "callbackParam"; fn: ts.SignatureDeclaration; index: number }
  /** The item of `for (const row of rows)`: an element of whatever `rows` is. */
  | { t: "element"; expr: ts.Expression }
  | { t: "opaque" };

export type ScopeTable = Map<string, Origin[]>;

/** Nodes that open a scope for block-scoped declarations. */
export function isScopeNode(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.SourceFile:
    case ts.SyntaxKind.Block:
    case ts.SyntaxKind.ModuleBlock:
    case ts.SyntaxKind.CaseBlock:
    case ts.SyntaxKind.CatchClause:
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.ForInStatement:
      return true;
    default:
      return isFunctionScope(node);
  }
}

export function isFunctionScope(node: ts.Node): boolean {
  return ts.isFunctionLike(node) || node.kind === ts.SyntaxKind.SourceFile || node.kind === ts.SyntaxKind.ClassStaticBlockDeclaration;
}

export function moduleSpecifierOfRequire(node: ts.Expression): string | undefined {
  let e = skipOuter(node);
  if (ts.isAwaitExpression(e)) e = skipOuter(e.expression);
  if (
    ts.isCallExpression(e) &&
    ((ts.isIdentifier(e.expression) && e.expression.text === "require") || e.expression.kind === ts.SyntaxKind.ImportKeyword) &&
    e.arguments.length === 1 &&
    ts.isStringLiteralLike(e.arguments[0]!)
  ) {
    return (e.arguments[0] as ts.StringLiteralLike).text;
  }
  return undefined;
}

/** Parentheses, type assertions, `!` and `satisfies` change nothing about a value. */
export function skipOuter(node: ts.Expression): ts.Expression {
  let e = node;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) {
      e = e.expression;
    } else {
      return e;
    }
  }
}

/** The scope a declaration belongs to: `var` and functions to the function, everything else to the block. */
export function declarationScope(node: ts.Node, functionScoped: boolean): ts.Node | undefined {
  let current = node.parent;
  while (current) {
    if (functionScoped ? isFunctionScope(current) : isScopeNode(current)) return current;
    current = current.parent;
  }
  return undefined;
}

export function bind(scopes: Map<ts.Node, ScopeTable>, scope: ts.Node | undefined, name: string, origin: Origin): void {
  if (!scope) return;
  let table = scopes.get(scope);
  if (!table) {
    table = new Map();
    scopes.set(scope, table);
  }
  const existing = table.get(name);
  if (existing) existing.push(origin);
  else table.set(name, [origin]);
}

/** Binds every name of a (possibly destructuring) binding target to the value it takes from `init`. */
export function bindPattern(
  scopes: Map<ts.Node, ScopeTable>,
  scope: ts.Node | undefined,
  name: ts.BindingName,
  init: ts.Expression | undefined,
  type: ts.TypeNode | undefined,
  path: string[] = [],
): void {
  if (ts.isIdentifier(name)) {
    if (init && path.length === 0) bind(scopes, scope, name.text, { t: "expr", expr: init });
    else if (init) bind(scopes, scope, name.text, { t: "property", expr: init, path });
    else if (type) bind(scopes, scope, name.text, { t: "typed", type });
    else bind(scopes, scope, name.text, { t: "opaque" });
    return;
  }
  if (ts.isObjectBindingPattern(name)) {
    for (const element of name.elements) {
      if (element.dotDotDotToken) {
        bindPattern(scopes, scope, element.name, undefined, undefined);
        continue;
      }
      const prop = element.propertyName ?? (ts.isIdentifier(element.name) ? element.name : undefined);
      const key = prop && (ts.isIdentifier(prop) || ts.isStringLiteral(prop)) ? prop.text : undefined;
      if (key === undefined || element.initializer) bindPattern(scopes, scope, element.name, undefined, undefined);
      else bindPattern(scopes, scope, element.name, init, undefined, [...path, key]);
    }
    return;
  }
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) bindPattern(scopes, scope, element.name, undefined, undefined);
  }
}
