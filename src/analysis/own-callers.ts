// The calls of a function by its own class (`this.name(…)`) or module (`name(…)`), outside the function itself:
// the callers cache-wrap can see in the same file (what they do with the result, whether they poll it).
import { ts } from "ts-morph";
import { calledName, walk } from "./scope.js";

export type CallableDeclaration = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

export function ownCallers(
  fn: CallableDeclaration,
  name: string,
  /** Every call of the file (FileFacts): looked through instead of walking the class or module. */
  fileCalls?: readonly ts.Node[],
): ts.CallExpression[] {
  const method = isMethod(fn);
  return callsInScope(fn, fileCalls).filter((n) => refersToFn(n.expression, name, method) && !(n.pos >= fn.pos && n.end <= fn.end)); // not recursion
}

/** Calls in `fn`'s class (a method) or module that hand `fn` itself over as their first argument: `setInterval(this.poll.bind(this), ms)`. */
export function ownHandOvers(fn: CallableDeclaration, name: string, fileCalls?: readonly ts.Node[]): ts.CallExpression[] {
  const method = isMethod(fn);
  return callsInScope(fn, fileCalls).filter((n) => {
    let arg = n.arguments[0];
    // this.poll.bind(this)
    if (arg && ts.isCallExpression(arg) && ts.isPropertyAccessExpression(arg.expression) && arg.expression.name.text === "bind") arg = arg.expression.expression;
    return arg !== undefined && refersToFn(arg, name, method);
  });
}

function isMethod(fn: CallableDeclaration): boolean {
  return ts.isMethodDeclaration(fn) || (ts.isPropertyDeclaration(fn.parent) && ts.isClassLike(fn.parent.parent));
}

function callsInScope(fn: CallableDeclaration, fileCalls?: readonly ts.Node[]): ts.CallExpression[] {
  const scope = isMethod(fn) ? (ts.isMethodDeclaration(fn) ? fn.parent : fn.parent.parent) : fn.getSourceFile();
  const found: ts.CallExpression[] = [];
  const consider = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) found.push(n);
  };
  if (fileCalls) {
    for (const n of fileCalls) if (n.pos >= scope.pos && n.end <= scope.end) consider(n);
  } else walk(scope, consider, { intoFunctions: true });
  return found;
}

/** `this.name` for a method, `name` for a function of the module. */
function refersToFn(e: ts.Expression, name: string, method: boolean): boolean {
  if (method) return ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword && e.name.text === name;
  return ts.isIdentifier(e) && e.text === name;
}

/** What `check` finds at the first of the function's own callers where it finds anything. */
export function firstOwnCaller<T>(fn: CallableDeclaration, name: string, fileCalls: readonly ts.Node[] | undefined, check: (call: ts.CallExpression) => T | undefined): T | undefined {
  for (const call of ownCallers(fn, name, fileCalls)) {
    const found = check(call);
    if (found) return found;
  }
  return undefined;
}

/**
 * Per name a call is made by (`getTags(…)`, `this.tags.getTags(…)`) that `cacheable` takes, what `check` finds at the
 * first of `calls` where it finds anything: what a file tells the run about callers of functions defined elsewhere.
 */
export function byCalledName<T>(calls: Iterable<ts.Node>, cacheable: (name: string) => boolean, check: (call: ts.CallExpression) => T | undefined): Map<string, T> {
  const found = new Map<string, T>();
  for (const n of calls) {
    if (!ts.isCallExpression(n)) continue;
    const name = calledName(n.expression);
    if (name === undefined || found.has(name) || !cacheable(name)) continue;
    const hit = check(n);
    if (hit) found.set(name, hit);
  }
  return found;
}
