// api-call and db-query sites: calls that go to a catalog library, reported once per chain at the call that sends.
import { ts } from "ts-morph";
import type { Operation } from "../findings.js";
import { skipOuter } from "./bindings.js";
import type { LibraryEntry } from "./catalog.js";
import { PROMISE_CONTINUATIONS, roleSpec, type Tracked, type ValueEvaluator } from "./evaluate.js";
import type { FileFacts } from "./file-facts.js";

export interface ExternalCall {
  kind: "api-call" | "db-query";
  library: string;
  operation: Operation;
}

export interface ExternalCallSite extends ExternalCall {
  /** The node reported: the sending call, or the `await` of a builder held in a variable. */
  node: ts.Node;
}

/** Is this call the receiver of a further method call in the same chain (`a().b()`)? */
function continuesChain(call: ts.Node): boolean {
  const parent = call.parent;
  if (!parent || !(ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) || parent.expression !== call) return false;
  if (ts.isPropertyAccessExpression(parent) && PROMISE_CONTINUATIONS.has(parent.name.text)) return false;
  const grand = parent.parent;
  return Boolean(grand && (ts.isCallExpression(grand) || ts.isTaggedTemplateExpression(grand)) && (ts.isCallExpression(grand) ? grand.expression : grand.tag) === parent);
}

function isContinuationOfKnownCall(call: ts.CallExpression | ts.TaggedTemplateExpression, evaluator: ValueEvaluator): boolean {
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || !PROMISE_CONTINUATIONS.has(call.expression.name.text)) return false;
  const inner = skipOuter(call.expression.expression);
  return ts.isCallExpression(inner) && evaluator.resolveCall(inner) !== undefined;
}

/** The parent past parentheses, `as`, `!` and `satisfies`, which change nothing about a value. */
export function outerParent(node: ts.Node): ts.Node | undefined {
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent))) {
    parent = parent.parent;
  }
  return parent;
}

/** A builder is sent when awaited, returned, yielded, `.then`ed or handed to Promise.all. */
function isConsumed(node: ts.Node): boolean {
  const parent = outerParent(node);
  if (!parent) return false;
  if (ts.isAwaitExpression(parent) || ts.isReturnStatement(parent) || ts.isYieldExpression(parent)) return true;
  if (ts.isArrowFunction(parent) && parent.body === node) return true;
  if (ts.isPropertyAccessExpression(parent) && PROMISE_CONTINUATIONS.has(parent.name.text)) return true;
  if (ts.isArrayLiteralExpression(parent)) {
    const call = outerParent(parent);
    return Boolean(call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && /^(all|allSettled|race|any)$/.test(call.expression.name.text));
  }
  return false;
}

export interface LibraryNaming {
  name: string;
  kind: "api-call" | "db-query";
}

export function namingFor(entry: LibraryEntry, module: string): LibraryNaming {
  let name = entry.name;
  let kind = entry.kind;
  for (const rule of entry.moduleKinds ?? []) {
    if (!rule.pattern.test(module)) continue;
    if (rule.kind) kind = rule.kind;
    if (rule.name) name = typeof rule.name === "function" ? rule.name(module) : rule.name;
    break;
  }
  return { name, kind };
}

function site(node: ts.Node, value: Tracked, operation: Operation): ExternalCallSite {
  const naming = namingFor(value.entry, value.module);
  return { node, kind: naming.kind, library: naming.name, operation };
}

export function findExternalCalls(facts: FileFacts, evaluator: ValueEvaluator): ExternalCallSite[] {
  const sites: ExternalCallSite[] = [];
  for (const call of facts.calls) {
    if (ts.isNewExpression(call)) continue;
    const resolved = evaluator.resolveCall(call);
    if (!resolved) continue;
    // The chain is reported once, at its outermost call that the catalog knows.
    if (continuesChain(call) && evaluator.resolveCall(call.parent.parent as ts.CallExpression)) continue;
    // `….first().then(cb)`: the query is reported at `first()`, which the `.then` consumes
    if (isContinuationOfKnownCall(call, evaluator)) continue;
    const { target, spec, op } = resolved;
    if (spec.sends !== false) {
      sites.push(site(call, target, op));
      continue;
    }
    if (!spec.returns) continue;
    const result: Tracked = { ...target, role: spec.returns, op };
    const defaultOp = roleSpec(result)?.defaultOp;
    if (defaultOp !== undefined && isConsumed(call)) sites.push(site(call, result, op === "unknown" ? defaultOp : op));
  }
  // A builder kept in a variable and awaited later: `const q = db("users").where(…); await q;`
  for (const awaited of facts.awaits) {
    const operand = skipOuter(awaited.expression);
    if (!ts.isIdentifier(operand)) continue;
    const value = evaluator.evaluate(operand);
    const defaultOp = value && roleSpec(value)?.defaultOp;
    if (value && defaultOp !== undefined) sites.push(site(awaited, value, value.op === "unknown" ? defaultOp : value.op));
  }
  return sites;
}
