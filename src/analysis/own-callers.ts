// The calls of a function by its own class (`this.name(…)`) or module (`name(…)`), outside the function itself:
// the callers cache-wrap can see in the same file (what they do with the result, whether they poll it).
import { ts } from "ts-morph";
import { walk } from "./scope.js";

export type CallableDeclaration = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

export function ownCallers(
  fn: CallableDeclaration,
  name: string,
  /** Every call of the file (FileFacts): looked through instead of walking the class or module. */
  fileCalls?: readonly ts.Node[],
): ts.CallExpression[] {
  const method = ts.isMethodDeclaration(fn) || (ts.isPropertyDeclaration(fn.parent) && ts.isClassLike(fn.parent.parent));
  const scope = method ? (ts.isMethodDeclaration(fn) ? fn.parent : fn.parent.parent) : fn.getSourceFile();
  const found: ts.CallExpression[] = [];
  const consider = (n: ts.Node): void => {
    if (!ts.isCallExpression(n) || !callsFn(n, name, method)) return;
    if (n.pos >= fn.pos && n.end <= fn.end) return; // recursion
    found.push(n);
  };
  if (fileCalls) {
    for (const n of fileCalls) if (n.pos >= scope.pos && n.end <= scope.end) consider(n);
  } else walk(scope, consider, { intoFunctions: true });
  return found;
}

function callsFn(call: ts.CallExpression, name: string, method: boolean): boolean {
  const e = call.expression;
  if (method) return ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword && e.name.text === name;
  return ts.isIdentifier(e) && e.text === name;
}
