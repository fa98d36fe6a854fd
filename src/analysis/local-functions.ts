// The functions of the file a call can name: `foo()` a function or const arrow of the module, `this.foo()` a
// method of the class.
import { ts } from "ts-morph";
import { findDeclaration } from "./scope.js";

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
      if (ts.isClassLike(n)) {
        const member = n.members.find((m) => ts.isMethodDeclaration(m) && m.name.getText() === callee.name.text && m.body);
        return member;
      }
    }
  }
  return undefined;
}
