// The functions of the file a call can name: `foo()` a function or const arrow of the module, `this.foo()` a
// method of the class; and what such a helper hands back (`return this.db(TABLE).where(…)`).
import { ts } from "ts-morph";
import { fileMemo } from "./file-memo.js";
import { findDeclaration, walk } from "./scope.js";

/** The function a callee names in this file: `foo` -> `function foo…` / `const foo = () => …`; `this.foo` -> the class method. */
export function resolveLocalFunction(callee: ts.Expression): ts.Node | undefined {
  if (ts.isIdentifier(callee)) {
    const decl = findDeclaration(callee);
    if (!decl) return undefined;
    const parent = decl.parent;
    if (ts.isFunctionDeclaration(parent) && parent.body) return parent;
    if (ts.isVariableDeclaration(parent) && parent.name === decl && parent.initializer) {
      const init = parent.initializer;
      if ((ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && (parent.parent.flags & ts.NodeFlags.Const) !== 0) return init;
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    for (let n: ts.Node | undefined = callee.parent; n; n = n.parent) {
      if (ts.isClassLike(n)) return methodOf(n, callee.name.text, 0);
    }
  }
  return undefined;
}

/** The method `name` of the class, or of a base class declared in the same file (Immich's `BaseSync`). */
function methodOf(cls: ts.ClassLikeDeclaration, name: string, depth: number): ts.Node | undefined {
  const own = cls.members.find((m) => ts.isMethodDeclaration(m) && m.name.getText() === name && m.body);
  if (own || depth > 3) return own;
  const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!base || !ts.isIdentifier(base)) return undefined;
  const parent = cls.getSourceFile().statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === base.text);
  return parent && methodOf(parent, name, depth + 1);
}

// what each helper returns, found once per file: every query of a store may go through the same helper
const SINGLE_RETURNS = Symbol("singleReturns");

/** The expression a function returns when it has a single `return` (or an expression body); undefined otherwise. */
export function singleReturn(fn: ts.Node): ts.Expression | undefined {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return body;
  const memo = fileMemo(body.getSourceFile(), SINGLE_RETURNS, () => new Map<ts.Node, ts.Expression | null>());
  let returned = memo.get(body);
  if (returned === undefined) {
    const returns: ts.ReturnStatement[] = [];
    walk(body, (n) => {
      if (ts.isReturnStatement(n)) returns.push(n);
    });
    memo.set(body, (returned = (returns.length === 1 && returns[0]!.expression) || null));
  }
  return returned ?? undefined;
}
