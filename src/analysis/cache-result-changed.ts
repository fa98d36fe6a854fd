// A result its callers change: the wrap hands back a frozen copy, so a caller that writes into the awaited result,
// or passes it to code that may (Mongoose casts a filter object in place), would throw a TypeError once the
// function is cached. Callers of the same class (`this.name(…)`) or module (`name(…)`) are found here; callers in
// other files by the name they call (`changedResultsByName`, brought together over the run by src/scan/assess.ts).
import { ts } from "ts-morph";
import { byCalledName, firstOwnCaller, type CallableDeclaration } from "./own-callers.js";
import { isPureLibraryCall, MUTATING_METHODS, shortCode } from "./effects.js";
import { resolveLocalFunction } from "./local-functions.js";
import type { CallClassifier } from "./external-calls.js";
import { reason, type Reason } from "./reasons.js";
import { calledName, findDeclaration, isReference, isWriteTarget, namesOf, walk } from "./scope.js";

// Builtins known to read their arguments without changing them.
const PURE_GLOBAL_CALLS = /^(JSON\.stringify|console\.\w+|Object\.(keys|values|entries|freeze|isFrozen|getOwnPropertyNames)|Array\.(isArray|from)|structuredClone|String|Number|Boolean|Promise\.(all|allSettled|race|resolve)|isNaN|encodeURIComponent)$/;
// Hand-offs that only read their argument. HTTP response serializers: Express's `res.json(x)` JSON.stringifies
// it, `res.send(x)` does the same for an object; Fastify's `reply.send(x)` serializes it (an app's own
// preSerialization hook could still write into it); the web's `Response.json(x)`, `NextResponse.json(x)`. Test
// assertions: `expect(x)` and node's `assert(x)`, `assert.deepStrictEqual(x, …)`. Not Express's
// `res.render(view, locals)`, which writes `_locals` into the object it is given.
const READ_ONLY_HANDOFFS = /^((res|response|reply)(\.(status|code)\([^()]*\))?\.(json|jsonp|send)|(Response|NextResponse)\.json|expect|assert(\.\w+)?)$/;
// A predicate only reads what it is asked about: fp-ts's `E.isLeft(result)`, `O.isNone(x)`, `isEmpty(list)`.
const PREDICATE_NAME = /^is[A-Z]/;
// Collection methods that store or look up their argument (`users.push(user)`), without changing it.
const STORING_METHODS = new Set(["push", "unshift", "splice", "set", "add", "concat", "includes", "indexOf", "lastIndexOf", "has", "get", "append"]);
const MAX_DEPTH = 2;

export interface ResultChange {
  code: string;
  line: number;
}

/** The first caller in the class or module that changes the function's awaited result; undefined: none does. */
export function changedResult(
  fn: CallableDeclaration,
  name: string,
  classify: CallClassifier,
  /** Every call of the file (FileFacts): looked through instead of walking the class or module. */
  fileCalls?: readonly ts.Node[],
): ResultChange | undefined {
  return firstOwnCaller(fn, name, fileCalls, (call) => resultChange(call, classify));
}

/**
 * Per name a call is made by (`getTags(…)`, `this.tags.getTags(…)`) that `cacheable` takes, the first of `calls`
 * whose awaited result is changed: what a file tells the run about callers of functions defined elsewhere.
 */
export function changedResultsByName(calls: Iterable<ts.Node>, cacheable: (name: string) => boolean, classify: CallClassifier): Map<string, ResultChange> {
  return byCalledName(calls, cacheable, (call) => resultChange(call, classify));
}

function resultChange(call: ts.CallExpression, classify: CallClassifier): ResultChange | undefined {
  const use = changingUse(call, classify);
  if (!use) return undefined;
  const sf = use.getSourceFile();
  return { code: shortCode(use, 50), line: sf.getLineAndCharacterOfPosition(use.getStart(sf)).line + 1 };
}


/** Where the awaited result of `call` is changed (or handed on to be), if anywhere. */
function changingUse(call: ts.CallExpression, classify: CallClassifier): ts.Node | undefined {
  const outer = (n: ts.Node): ts.Node => {
    while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent)) n = n.parent;
    return n;
  };
  let e = outer(call);
  // getTags(org).then((tags) => tags.sort(…)): the callback's first parameter is the result
  const then = e.parent;
  if (ts.isPropertyAccessExpression(then) && then.expression === e && then.name.text === "then" && ts.isCallExpression(then.parent) && then.parent.expression === then) {
    const callback = then.parent.arguments[0];
    const param = callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? callback.parameters[0] : undefined;
    for (const id of param ? namesOf(param.name) : []) {
      const use = changingUseOfBinding(id, classify, 0);
      if (use) return use;
    }
    return undefined;
  }
  if (!ts.isAwaitExpression(e.parent)) return undefined; // the promise itself is handed on, not the value
  e = outer(e.parent);
  // `(await getLabels(org)) ?? []`: the result, or a fresh default
  while (ts.isBinaryExpression(e.parent) && e.parent.left === e && (e.parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)) e = outer(e.parent);
  const decl = e.parent;
  if (ts.isVariableDeclaration(decl) && decl.initializer === e) {
    for (const id of namesOf(decl.name)) {
      const use = changingUseOfBinding(id, classify, 0);
      if (use) return use;
    }
    return undefined;
  }
  return changingUseOfValue(e as ts.Expression, classify, 0);
}

/** A reference of the binding `decl` (within its function) that changes its value's object. */
function changingUseOfBinding(decl: ts.Identifier, classify: CallClassifier, depth: number, hops = 0): ts.Node | undefined {
  for (const n of referencesOf(decl)) {
    const found = changingUseOfValue(n, classify, depth, hops);
    if (found) return found;
  }
  return undefined;
}

/** The references of the binding `decl` within its function. */
function referencesOf(decl: ts.Identifier): ts.Identifier[] {
  let owner: ts.Node = decl;
  while (owner.parent && !ts.isBlock(owner) && !ts.isSourceFile(owner) && !ts.isFunctionLike(owner)) owner = owner.parent;
  if (ts.isParameter(decl.parent)) owner = decl.parent.parent;
  return (identifiersIn(owner).get(decl.text) ?? []).filter((n) => n !== decl && isReference(n) && findDeclaration(n) === decl);
}

/**
 * `view.order` and the `order` of `const { order } = view`, for `const view = { order: … }`: where the value a
 * property of the object was given is used again.
 */
function memberUses(holder: ts.Identifier, key: string): ts.Node[] {
  const uses: ts.Node[] = [];
  for (const n of referencesOf(holder)) {
    const parent = n.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === n && parent.name.text === key) uses.push(parent);
    else if (ts.isVariableDeclaration(parent) && parent.initializer === n && ts.isObjectBindingPattern(parent.name)) {
      for (const element of parent.name.elements) {
        const name = element.propertyName ?? element.name;
        if (!element.dotDotDotToken && ts.isIdentifier(name) && name.text === key) uses.push(...namesOf(element.name));
      }
    }
  }
  return uses;
}

// Names a value goes by before it is changed: `const items = order.items; const first = items; …`, at most.
const MAX_ALIAS_HOPS = 4;

// The identifiers of a block or function by name, gathered in one walk: a file asks about every awaited call of a
// cacheable name, and a walk per call made a function of 3,000 awaits take seconds.
const identifierIndex = new WeakMap<ts.Node, Map<string, ts.Identifier[]>>();
function identifiersIn(owner: ts.Node): Map<string, ts.Identifier[]> {
  let index = identifierIndex.get(owner);
  if (!index) {
    const built = new Map<string, ts.Identifier[]>();
    walk(owner, (n) => {
      if (!ts.isIdentifier(n)) return;
      const list = built.get(n.text);
      if (list) list.push(n);
      else built.set(n.text, [n]);
    }, { intoFunctions: true });
    identifierIndex.set(owner, (index = built));
  }
  return index;
}

/** Is this use of the value (or of a member chain from it) a change, or a hand-off to code that may change it? */
function changingUseOfValue(value: ts.Expression, classify: CallClassifier, depth: number, hops = 0): ts.Node | undefined {
  let top: ts.Expression = value;
  while ((ts.isPropertyAccessExpression(top.parent) || ts.isElementAccessExpression(top.parent)) && top.parent.expression === top) {
    const parent = top.parent;
    // x.push(…): the method itself changes x
    if (ts.isPropertyAccessExpression(parent) && ts.isCallExpression(parent.parent) && parent.parent.expression === parent && MUTATING_METHODS.has(parent.name.text)) return parent.parent;
    top = parent;
  }
  if (top !== value && isWriteTarget(top)) return statementOf(top);
  let arg: ts.Expression = top;
  while (ts.isParenthesizedExpression(arg.parent) || ts.isAsExpression(arg.parent) || ts.isNonNullExpression(arg.parent)) arg = arg.parent;
  const holder = arg.parent;
  // another name for the same object: `const same = order`, `const items = order.items`, `const { items } = order`
  if (ts.isVariableDeclaration(holder) && holder.initializer === arg) {
    if (hops >= MAX_ALIAS_HOPS) return undefined;
    for (const id of namesOf(holder.name)) {
      const use = changingUseOfBinding(id, classify, depth, hops + 1);
      if (use) return use;
    }
    return undefined;
  }
  // a property of an object kept under a name: `const view = { order: await getOrder(id) }`, then `view.order`
  if (ts.isPropertyAssignment(holder) && holder.initializer === arg && (ts.isIdentifier(holder.name) || ts.isStringLiteral(holder.name))) {
    let object: ts.Expression = holder.parent;
    while (ts.isParenthesizedExpression(object.parent) || ts.isAsExpression(object.parent) || ts.isSatisfiesExpression(object.parent)) object = object.parent;
    const kept = object.parent;
    if (!ts.isVariableDeclaration(kept) || kept.initializer !== object || !ts.isIdentifier(kept.name) || hops >= MAX_ALIAS_HOPS) return undefined;
    for (const use of memberUses(kept.name, holder.name.text)) {
      const found = ts.isIdentifier(use) && ts.isBindingElement(use.parent) ? changingUseOfBinding(use, classify, depth, hops + 1) : changingUseOfValue(use as ts.Expression, classify, depth, hops + 1);
      if (found) return found;
    }
    return undefined;
  }
  const call = arg.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(arg)) return undefined;
  return handedTo(call, call.arguments.indexOf(arg), classify, depth);
}

/** Does `call` (which gets the value as argument `index`) change it, or may it? */
function handedTo(call: ts.CallExpression, index: number, classify: CallClassifier, depth: number): ts.Node | undefined {
  const callee = call.expression.getText().replace(/\s+/g, "");
  if (callee === "Object.assign") return index === 0 ? call : undefined;
  if (PURE_GLOBAL_CALLS.test(callee) || READ_ONLY_HANDOFFS.test(callee) || isPureLibraryCall(call)) return undefined;
  if (classify(call)) return call; // an API/DB client may change what it is given (Mongoose casts filters in place)
  if (ts.isPropertyAccessExpression(call.expression) && STORING_METHODS.has(call.expression.name.text)) return undefined;
  const target = resolveLocalFunction(call.expression);
  // code the analysis cannot see, unless its name says it only answers a question about the value
  if (!target || !ts.isFunctionLike(target) || depth >= MAX_DEPTH) return PREDICATE_NAME.test(calledName(call.expression) ?? "") ? undefined : call;
  const param = target.parameters[index];
  if (!param || param.dotDotDotToken) return call;
  for (const id of namesOf(param.name)) if (changingUseOfBinding(id, classify, depth + 1)) return call;
  return undefined;
}

function statementOf(node: ts.Node): ts.Node {
  let n = node;
  while (n.parent && ts.isBinaryExpression(n.parent)) n = n.parent;
  return n;
}

/** Where a file of the project changes the result of a call: the file (from the root), the line and the code. */
export interface ResultChangeSite extends ResultChange {
  file: string;
}

/** A caller in another file changes the result: matched by the name it calls, so a same-named function elsewhere counts too. */
export function changedElsewhereReason(name: string, site: ResultChangeSite, at?: number): Reason {
  return reason("cache-result-changed-elsewhere", { name, code: site.code, where: `${site.file}:${site.line}` }, at);
}
