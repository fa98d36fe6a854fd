// Is it safe to run the iterations of this loop in batches? A pure function from a loop node to a
// verdict with reasons, built on scope and data-flow facts (src/analysis/effects.ts). It refuses
// whenever it cannot show that the iterations are independent.
import { ts } from "ts-morph";
import type { LoopKind, Safety } from "../findings.js";
import { awaitedFirst, collectEffects, calleeText, shortCode, writeNamedCall, type EffectOptions, type Effects } from "./effects.js";
import type { CallClassifier } from "./external-calls.js";
import { orderReasons, reason, safetyOf, type Reason } from "./reasons.js";
import { transactionName } from "./transactions.js";
import { orderedItems } from "./ordered-items.js";
import { sequentialIntent } from "./sequential-intent.js";
import { isSchemaChange } from "./schema-changes.js";
import { calledName, contains, enclosingFunction, findDeclaration, isAsyncFunction, isFunctionLike, namesOf, rootOf, walk } from "./scope.js";

export type LoopNode = ts.IterationStatement | ts.CallExpression;

export interface LoopSafetyOptions {
  classifyCall?: CallClassifier;
  /** Type answer for "is this an array?" when the syntax cannot tell (the engine asks the repo's tsconfig). */
  isArray?: (expression: ts.Expression) => boolean | undefined;
  resolveImport?: EffectOptions["resolveImport"];
}

export interface LoopVerdict {
  safety: Safety;
  reasons: Reason[];
}

/** What the batch-loops codemod needs to rewrite a loop the analysis accepted. */
export interface LoopShape {
  kind: "for-of" | "for" | "for-in" | "forEach";
  /** The statement the rewrite replaces. */
  statement: ts.Statement;
  /** The loop body (a block or a single statement; for forEach the callback body). */
  body: ts.Node;
  /** The binding of one item, as written (`id`, `{ id, name }`, `[key, value]`), with its type annotation if any. */
  item?: string;
  /** The iterated expression (for-of, for-in, forEach receiver). */
  items?: ts.Expression;
  itemsIsArray: boolean;
  /** Index `for` loops: `for (let i = start; i < end; i++)`. forEach: the index parameter. */
  index?: { name: string; start?: ts.Expression; end?: ts.Expression; inclusive?: boolean };
  /** `acc.push(value)` as the last statement: becomes an ordered push of the batch results. */
  accumulator?: { name: string; statement: ts.ExpressionStatement; value: ts.Expression };
  /** `continue` statements of this loop: they become `return` in the batch callback. */
  continues: ts.ContinueStatement[];
}

export interface LoopAnalysis extends LoopVerdict {
  kind: LoopKind;
  /** Present when the loop has a shape the codemod can write (even if unsafe). */
  shape?: LoopShape;
}

export function loopKindOf(node: LoopNode): LoopKind {
  if (ts.isForOfStatement(node)) return node.awaitModifier ? "for-await" : "for-of";
  if (ts.isForInStatement(node)) return "for-in";
  if (ts.isForStatement(node)) return "for";
  if (ts.isWhileStatement(node)) return "while";
  if (ts.isDoStatement(node)) return "do";
  return "forEach";
}

/** The async callback of `xs.forEach(async (x) => …)`, if `node` is such a call. */
export function forEachCallback(node: ts.Node): ts.ArrowFunction | ts.FunctionExpression | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== "forEach") return undefined;
  const cb = node.arguments[0];
  if (!cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) return undefined;
  if (!ts.getModifiers(cb)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return undefined;
  return cb;
}

export function loopBody(node: LoopNode): ts.Node | undefined {
  if (ts.isCallExpression(node)) return forEachCallback(node)?.body;
  return node.statement;
}

/** Does the code of `node` itself (not nested functions) await? */
export function awaitsDirectly(node: ts.Node): boolean {
  let found = false;
  walk(node, (n) => {
    if (found) return "skip";
    if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier)) found = true;
    return undefined;
  });
  return found;
}

/** The loops in a file worth a verdict: their iterations await. */
export function findAwaitingLoops(sourceFile: ts.SourceFile): LoopNode[] {
  const loops: LoopNode[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIterationStatement(node, false)) {
      const awaits = (ts.isForOfStatement(node) && node.awaitModifier) || awaitsDirectly(node.statement) || (ts.isForStatement(node) && [node.condition, node.incrementor].some((e) => e && awaitsDirectly(e))) || ((ts.isWhileStatement(node) || ts.isDoStatement(node)) && awaitsDirectly(node.expression));
      if (awaits) loops.push(node);
    } else if (ts.isCallExpression(node)) {
      const cb = forEachCallback(node);
      if (cb && awaitsDirectly(cb.body)) loops.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return loops;
}

export function loopSafety(loop: LoopNode, options: LoopSafetyOptions = {}): LoopVerdict {
  const { safety, reasons } = analyzeLoop(loop, options);
  return { safety, reasons };
}

function lineOf(node: ts.Node): number {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function isStableExpression(e: ts.Expression): boolean {
  if (ts.isIdentifier(e) || ts.isNumericLiteral(e) || e.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isPropertyAccessExpression(e)) return isStableExpression(e.expression);
  if (ts.isParenthesizedExpression(e)) return isStableExpression(e.expression);
  if (ts.isBinaryExpression(e) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken].includes(e.operatorToken.kind)) return isStableExpression(e.left) && isStableExpression(e.right);
  return false;
}

function isKnownArray(e: ts.Expression, depth = 0): boolean {
  if (ts.isArrayLiteralExpression(e)) return true;
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) return isKnownArray(e.expression, depth);
  if (ts.isCallExpression(e)) {
    const c = e.expression;
    if (ts.isPropertyAccessExpression(c)) {
      const obj = c.expression;
      if (ts.isIdentifier(obj) && !findDeclaration(obj) && obj.text === "Object" && ["keys", "values", "entries"].includes(c.name.text)) return true;
      if (ts.isIdentifier(obj) && !findDeclaration(obj) && obj.text === "Array" && ["from", "of"].includes(c.name.text)) return true;
      if (["map", "filter", "slice", "concat", "flat", "flatMap", "toSorted", "toReversed"].includes(c.name.text)) return isKnownArray(obj, depth + 1);
      if (c.name.text === "split" && ts.isStringLiteralLike(e.arguments[0] ?? obj)) return true;
    }
    return false;
  }
  if (ts.isIdentifier(e) && depth < 3) {
    const decl = findDeclaration(e);
    const parent = decl?.parent;
    if (!parent || (!ts.isVariableDeclaration(parent) && !ts.isParameter(parent)) || parent.name !== decl) return false;
    const type = parent.type;
    if (type && (ts.isArrayTypeNode(type) || ts.isTupleTypeNode(type) || (ts.isTypeOperatorNode(type) && ts.isArrayTypeNode(type.type)) || (ts.isTypeReferenceNode(type) && ["Array", "ReadonlyArray"].includes(type.typeName.getText())))) return true;
    if (ts.isVariableDeclaration(parent) && parent.initializer && (parent.parent.flags & ts.NodeFlags.Const) !== 0) return isKnownArray(parent.initializer, depth + 1);
  }
  return false;
}

/** Statements that jump out of `loop` (break/continue/return…), ignoring those of nested loops, switches and functions. */
function controlFlow(loop: LoopNode, body: ts.Node, reasons: Reason[], continues: ts.ContinueStatement[]): void {
  const labelsInside = new Set<string>();
  walk(body, (n) => {
    if (ts.isLabeledStatement(n)) labelsInside.add(n.label.text);
  });
  const isForEach = ts.isCallExpression(loop);
  const visit = (node: ts.Node, nestedBreakable: boolean, nestedLoop: boolean, inTry: boolean): void => {
    if (isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isBreakStatement(node)) {
      if (node.label ? !labelsInside.has(node.label.text) : !nestedBreakable) reasons.push(reason("break", {}, lineOf(node)));
    } else if (ts.isContinueStatement(node)) {
      if (node.label) {
        if (!labelsInside.has(node.label.text)) reasons.push(reason("labelled-continue", { name: node.label.text }, lineOf(node)));
      } else if (!nestedLoop) continues.push(node);
    } else if (ts.isReturnStatement(node)) {
      if (!isForEach) reasons.push(reason("return", {}, lineOf(node)));
    } else if (ts.isYieldExpression(node)) {
      reasons.push(reason("yield", {}, lineOf(node)));
    } else if (ts.isThrowStatement(node)) {
      if (!inTry) reasons.push(reason("throw", {}, lineOf(node)));
    }
    if (ts.isTryStatement(node)) {
      visit(node.tryBlock, nestedBreakable, nestedLoop, inTry || Boolean(node.catchClause));
      if (node.catchClause) visit(node.catchClause, nestedBreakable, nestedLoop, inTry);
      if (node.finallyBlock) visit(node.finallyBlock, nestedBreakable, nestedLoop, inTry);
      return;
    }
    const loopHere = ts.isIterationStatement(node, false);
    const breakable = loopHere || ts.isSwitchStatement(node);
    ts.forEachChild(node, (child) => visit(child, nestedBreakable || breakable, nestedLoop || loopHere, inTry));
  };
  visit(body, false, false, false);
}

function isRetryLoop(body: ts.Node, loop: LoopNode): boolean {
  let retry = false;
  // a loop that steps through items moves on after a failure, whatever its catch does: for…of, for…in, forEach, and
  // an index `for` over a list's length, whose incrementor runs on `continue` (n8n's item loops with `continueOnFail()`);
  // not `for (let i = 0; i < 5; i++)`, which counts attempts
  const itemLoop = ts.isForOfStatement(loop) || ts.isForInStatement(loop) || ts.isCallExpression(loop) || (ts.isForStatement(loop) && loop.incrementor !== undefined && /\.length\b/.test(loop.condition?.getText() ?? ""));
  walk(body, (n) => {
    if (!ts.isTryStatement(n) || itemLoop) return;
    // a return or throw leaves the loop, and a break that is not a nested loop's or switch's
    const leaves = (block: ts.Node): boolean => {
      const visit = (m: ts.Node, nested: boolean): boolean => {
        if (isFunctionLike(m)) return false;
        if (ts.isReturnStatement(m) || ts.isThrowStatement(m) || (ts.isBreakStatement(m) && !m.label && !nested)) return true;
        const inner = nested || ts.isIterationStatement(m, false) || ts.isSwitchStatement(m);
        return ts.forEachChild(m, (c) => visit(c, inner) || undefined) ?? false;
      };
      return visit(block, false);
    };
    let again = false;
    if (n.catchClause) walk(n.catchClause.block, (m) => {
      if (ts.isContinueStatement(m)) again = true;
    });
    // success leaves the loop and a failure goes round again (not a catch that always gives up: a pager stopping at an
    // error; a catch that throws only after the last attempt still retries)
    const giveUp = n.catchClause ? n.catchClause.block.statements.some((t) => ts.isThrowStatement(t) || ts.isReturnStatement(t) || (ts.isBreakStatement(t) && !t.label)) && !again : false;
    if ((leaves(n.tryBlock) && !giveUp) || again) retry = true;
  });
  if (!retry && (ts.isWhileStatement(loop) || ts.isDoStatement(loop) || ts.isForStatement(loop))) {
    // for (let attempt = 1; attempt <= 3; attempt++) / while (attempts < max)
    const head = ts.isForStatement(loop) ? loop.initializer?.getText() ?? "" : loop.expression.getText();
    if (/\b(attempts?|retr(y|ies)|tries)\b/i.test(head)) retry = true;
  }
  return retry;
}

/**
 * `for (const p of promises) out.push(await p)` over `xs.map(async …)`: the work is already running, all of it at
 * once, and the loop only collects it in order; batching it would change nothing but the diff.
 */
function alreadyRunning(loop: ts.ForOfStatement, itemNames: readonly string[]): string | undefined {
  let items: ts.Expression = loop.expression;
  if (ts.isIdentifier(items)) {
    const decl = findDeclaration(items)?.parent;
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !(decl.parent.flags & ts.NodeFlags.Const)) return undefined;
    items = decl.initializer;
  }
  if (!ts.isCallExpression(items) || !ts.isPropertyAccessExpression(items.expression) || items.expression.name.text !== "map") return undefined;
  const callback = items.arguments[0];
  if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) || !isAsyncFunction(callback)) return undefined;
  let awaits = 0;
  let onlyItems = true;
  walk(loop.statement, (n) => {
    if (!ts.isAwaitExpression(n)) return;
    awaits++;
    if (!(ts.isIdentifier(n.expression) && itemNames.includes(n.expression.text))) onlyItems = false;
  });
  return awaits > 0 && onlyItems ? shortCode(items, 40) : undefined;
}

// writes that create a row only when none has the key yet: two at once can both find none
const CREATE_IF_MISSING = /^(upsert|findOrCreate|firstOrCreate|getOrCreate|findOneOrCreate|createOrUpdate|insertOrUpdate|updateOrCreate)$/;

/**
 * `nested`: a Prisma `connectOrCreate` in the write's data (`tags: { connectOrCreate: … }`), keyed by related rows
 * that items usually share (a tag's name); the method's name for a create-if-missing of its own (`upsert`,
 * `findOrCreate`), or a Mongo `{ upsert: true }`; undefined: neither.
 */
function createIfMissing(call: ts.Node): "nested" | string | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  let nested = false;
  let upsertOption = false;
  for (const arg of call.arguments) walk(arg, (n) => {
    if (!ts.isPropertyAssignment(n) || !(ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))) return;
    if (n.name.text === "connectOrCreate") nested = true;
    if (n.name.text === "upsert" && n.initializer.kind === ts.SyntaxKind.TrueKeyword) upsertOption = true;
  });
  if (nested) return "nested";
  const method = calledName(call.expression);
  if (method && CREATE_IF_MISSING.test(method)) return method;
  return upsertOption ? "upsert: true" : undefined;
}

export function analyzeLoop(loop: LoopNode, options: LoopSafetyOptions = {}): LoopAnalysis {
  const kind = loopKindOf(loop);
  const reasons: Reason[] = [];
  const continues: ts.ContinueStatement[] = [];
  const line = lineOf(loop);
  const body = loopBody(loop);
  if (!body) return { kind, safety: "unsafe", reasons: [reason("loop-shape", { detail: "not a loop" })] };

  // 1. shape of the loop itself
  const forEachCb = ts.isCallExpression(loop) ? forEachCallback(loop) : undefined;
  const statement: ts.Node = forEachCb ? loop.parent : loop;
  let shape: LoopShape | undefined;
  if (kind === "for-await") {
    const items = (loop as ts.ForOfStatement).expression;
    const overArray = isKnownArray(items) || options.isArray?.(items) === true;
    reasons.push(overArray ? reason("for-await-array", { code: shortCode(items, 40) }, line) : reason("for-await", {}, line));
  }
  if (kind === "while" || kind === "do") reasons.push(reason("no-fixed-items", { kind: kind === "do" ? "do…while" : "while" }, line));
  if (!forEachCb && ts.isLabeledStatement(loop.parent)) reasons.push(reason("labelled-loop", { name: loop.parent.label.text }, line));
  const container = ts.isLabeledStatement(statement.parent) ? statement.parent.parent : statement.parent;
  if (!(ts.isBlock(container) || ts.isSourceFile(container) || ts.isCaseClause(container) || ts.isDefaultClause(container) || ts.isModuleBlock(container))) {
    reasons.push(reason("not-in-block", {}, line));
  }
  const intent = sequentialIntent(ts.isLabeledStatement(statement.parent) ? statement.parent : statement, body);
  if (intent) reasons.push(reason("sequential-on-purpose", { code: intent }, line));
  const headParts: (ts.Node | undefined)[] = ts.isForStatement(loop)
    ? [loop.initializer, loop.condition, loop.incrementor]
    : ts.isForOfStatement(loop) || ts.isForInStatement(loop)
      ? [loop.expression]
      : ts.isWhileStatement(loop) || ts.isDoStatement(loop)
        ? [(loop as ts.WhileStatement | ts.DoStatement).expression]
        : [((loop as ts.CallExpression).expression as ts.PropertyAccessExpression).expression];
  for (const part of headParts) {
    if (!part) continue;
    walk(part, (n) => {
      if (ts.isAwaitExpression(n)) reasons.push(reason("await-in-head", { code: shortCode(n) }, lineOf(n)));
    });
  }

  let itemNames: string[] = [];
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) {
    const init = loop.initializer;
    if (ts.isVariableDeclarationList(init)) {
      if (!(init.flags & ts.NodeFlags.BlockScoped)) for (const d of init.declarations) reasons.push(reason("var-in-loop", { name: d.name.getText() }, line));
      const decl = init.declarations[0]!;
      itemNames = namesOf(decl.name).map((n) => n.text);
      if (kind !== "for-await") {
        shape = { kind: kind === "for-in" ? "for-in" : "for-of", statement: loop, body, item: decl.getText(), items: loop.expression, itemsIsArray: kind === "for-of" && isKnownArray(loop.expression), continues };
        const running = ts.isForOfStatement(loop) ? alreadyRunning(loop, itemNames) : undefined;
        if (running) reasons.push(reason("promises-already-running", { code: running }, line));
      }
    } else {
      reasons.push(reason("outer-write", { name: init.getText() }, line));
    }
  } else if (ts.isForStatement(loop)) {
    const detail = indexLoopProblem(loop);
    if (detail) reasons.push(reason("loop-shape", { detail }, line));
    else {
      const decl = (loop.initializer as ts.VariableDeclarationList).declarations[0]!;
      const cond = loop.condition as ts.BinaryExpression;
      const name = (decl.name as ts.Identifier).text;
      itemNames = [];
      shape = { kind: "for", statement: loop, body, itemsIsArray: false, index: { name, start: decl.initializer!, end: cond.right, inclusive: cond.operatorToken.kind === ts.SyntaxKind.LessThanEqualsToken }, continues };
    }
  } else if (forEachCb) {
    const call = loop as ts.CallExpression;
    if (call.arguments.length > 1) reasons.push(reason("forEach-args", { detail: "forEach is given a `this` argument" }, line));
    if (forEachCb.parameters.length > 2) reasons.push(reason("forEach-args", { detail: "the callback uses forEach's third argument (the array itself)" }, line));
    if (!ts.isExpressionStatement(call.parent) || call.parent.expression !== call) reasons.push(reason("forEach-args", { detail: "the value of `forEach(…)` is used, so it cannot become a statement" }, line));
    if (ts.isFunctionExpression(forEachCb)) walk(forEachCb.body, (n) => {
      if (n.kind === ts.SyntaxKind.ThisKeyword) reasons.push(reason("forEach-args", { detail: "the callback uses `this`" }, lineOf(n)));
    });
    const receiver = (call.expression as ts.PropertyAccessExpression).expression;
    const itemsIsArray = isKnownArray(receiver) || options.isArray?.(receiver) === true;
    if (!itemsIsArray) reasons.push(reason("forEach-args", { detail: `cannot tell that \`${shortCode(receiver, 30)}\` is an array (Map and Set call forEach with other arguments)` }, line));
    reasons.push(reason("forEach-async", {}, line));
    if (!isAsyncFunction(enclosingFunction(call))) reasons.push(reason("not-async", {}, line));
    const [p0, p1] = forEachCb.parameters;
    itemNames = p0 ? namesOf(p0.name).map((n) => n.text) : [];
    if (ts.isExpressionStatement(call.parent)) {
      shape = { kind: "forEach", statement: call.parent, body: forEachCb.body, item: p0?.getText(), items: receiver, itemsIsArray, index: p1 ? { name: p1.name.getText() } : undefined, continues };
    }
  }

  // 2. control flow out of the loop
  controlFlow(loop, body, reasons, continues);
  // one walk for `var` declarations and inner awaiting loops (once one is found, the rest need not be looked at)
  let innerAwaitingLoop = false;
  walk(body, (n) => {
    if (ts.isVariableDeclarationList(n) && !(n.flags & ts.NodeFlags.BlockScoped)) for (const d of n.declarations) reasons.push(reason("var-in-loop", { name: d.name.getText() }, lineOf(d)));
    if (innerAwaitingLoop) return;
    if (n !== body && ts.isIterationStatement(n, false) && (awaitsDirectly(n.statement) || (ts.isForOfStatement(n) && n.awaitModifier))) innerAwaitingLoop = true;
    const cb = forEachCallback(n);
    if (cb && awaitsDirectly(cb.body)) innerAwaitingLoop = true;
  });
  if (innerAwaitingLoop && kind !== "while" && kind !== "do") reasons.push(reason("inner-loop", {}, line));
  if (isRetryLoop(body, loop)) reasons.push(reason("retry", {}, line));

  // 3. data flow: what the body does to bindings and objects outside it
  const boundary: ts.Node = forEachCb ?? loop;
  // the item binding counts as outer here: it is another iteration's object when items repeat
  const itemDecls = new Set<ts.Identifier>();
  if ((ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && ts.isVariableDeclarationList(loop.initializer)) for (const d of loop.initializer.declarations) for (const id of namesOf(d.name)) itemDecls.add(id);
  if (forEachCb?.parameters[0]) for (const id of namesOf(forEachCb.parameters[0].name)) itemDecls.add(id);
  const isLocal = (decl: ts.Identifier) => contains(boundary, decl) && !itemDecls.has(decl);
  const effects = collectEffects(body, isLocal, options);
  const itemsRoot = shape?.items ? rootOf(shape.items) : undefined;
  const itemsName = itemsRoot && ts.isIdentifier(itemsRoot) ? itemsRoot.text : undefined;

  // the accumulator pattern: `results.push(value)` as the last statement of the body
  const accumulator = findAccumulator(body, effects, continues, forEachCb, itemsName);
  if (accumulator?.problem) reasons.push(accumulator.problem);
  const acc = accumulator && !accumulator.problem ? accumulator.accumulator : undefined;
  if (shape && acc) shape.accumulator = acc;

  const via = (f: { via?: string }) => (f.via ? ` (inside ${f.via})` : "");
  const indexName = shape?.index?.name;
  for (const w of effects.writes) {
    if (w.data.decl && itemDecls.has(w.data.decl)) continue; // reassigning this iteration's own binding
    if (w.data.name === indexName && !w.via) {
      reasons.push(reason("loop-shape", { detail: `the loop body changes the index \`${indexName}\`` }, lineOf(w.node)));
    } else if (w.data.name === itemsName && !w.via) reasons.push(reason("collection-mutated", { name: w.data.name }, lineOf(w.node)));
    else reasons.push(reason("outer-write", { name: w.data.name + via(w) }, lineOf(w.node)));
  }
  const pushCall = accumulator?.call;
  for (const m of effects.mutations) {
    if (pushCall && m.node === pushCall) continue;
    if (!m.via && m.data.name === itemsName) {
      reasons.push(reason("collection-mutated", { name: m.data.name }, lineOf(m.node)));
      continue;
    }
    // through a helper too: `enrich(user)` setting `u.profile` inside enrich writes this iteration's own item
    const onItem = m.data.decl !== undefined && itemDecls.has(m.data.decl);
    if (onItem && m.data.depth === 1 && !m.data.call) continue; // item.profile = await …: each iteration writes its own item
    if (onItem || m.via) reasons.push(reason("shared-object-write", { code: shortCode(m.node, 50) + via(m) }, lineOf(m.node)));
    else reasons.push(reason("outer-mutation", { name: m.data.name, code: m.code }, lineOf(m.node)));
  }
  const txn = transactionName(effects);
  if (txn) reasons.push(reason("transaction", { name: txn }, line));
  for (const call of awaitedFirst(effects.calls)) {
    const at = lineOf(call.node);
    const code = calleeText(call.node) + via(call);
    switch (call.data.type) {
      case "timer":
        reasons.push(reason("rate-limit", { code: shortCode(call.node, 40) + via(call) }, at));
        break;
      case "external":
        if (call.data.call.operation === "write") {
          const racing = createIfMissing(call.node);
          if (racing === "nested") reasons.push(reason("shared-create-if-missing", { code }, at));
          else if (racing) reasons.push(reason("create-if-missing", { code, how: racing }, at));
          else reasons.push(reason("known-write", { code, library: call.data.call.library }, at));
        } else if (call.data.call.operation === "unknown") reasons.push(reason("unknown-operation", { code, library: call.data.call.library }, at));
        break;
      case "fs-write":
        reasons.push(reason("fs-write", { code }, at));
        break;
      case "output":
        reasons.push(reason("ordered-output", { code }, at));
        break;
      case "opaque":
        // a name that says it writes (`incrementDocumentId()`): as parallel-awaits says, though in a loop a write is review
        if (writeNamedCall(call.node)) reasons.push(reason("loop-write-named-call", { name: code }, at));
        else reasons.push(reason("opaque-call", { name: code }, at));
        break;
      case "prompt":
        reasons.push(reason("interactive-prompt", { code }, at));
        break;
      case "ui":
        reasons.push(reason("ui-action", { code }, at));
        break;
      case "transaction":
        break;
    }
  }

  // schema changes and migrations, in the order they were written (Ghost's migration runner, its dropTables)
  const ddl = effects.calls.find((c) => isSchemaChange(c.node, itemNames));
  if (ddl) reasons.push(reason("schema-change", { code: shortCode(ddl.node, 50) + via(ddl) }, lineOf(ddl.node)));

  // the function calling itself from the loop: every level of the recursion batches again
  const recursion = recursiveCall(body, enclosingFunction(statement));
  if (recursion) reasons.push(reason("recursive-call", { name: calleeText(recursion) }, lineOf(recursion)));

  // items in an order the code says matters, with a body that does more than read
  const inOrder = shape?.items && orderedItems(shape.items);
  const acting = inOrder && effects.calls.find((c) => c.data.type === "opaque" || c.data.type === "output" || c.data.type === "fs-write" || (c.data.type === "external" && c.data.call.operation !== "read"));
  if (inOrder && acting) reasons.push(reason("ordered-items", { detail: inOrder, code: calleeText(acting.node) + via(acting) }, line));

  // 4. the loop's surroundings: pagination cursors, try blocks that watch its progress
  const writtenNames = new Set<string>([...effects.writes.map((w) => w.data.name), ...effects.mutations.map((m) => m.data.name)]);
  if (acc) writtenNames.add(acc.name);
  for (const m of effects.mutations) if (itemNames.includes(m.data.name) && itemsName) writtenNames.add(itemsName);
  // pagination: the loop condition reads a value the body sets from what it fetched (not a counter it steps)
  const cursorNames = new Set(effects.writes.filter((w) => !w.via && !isCounterStep(w.node)).map((w) => w.data.name));
  const conditionParts = ts.isForStatement(loop) ? [loop.condition, loop.incrementor] : ts.isWhileStatement(loop) ? [loop.expression] : ts.isDoStatement(loop) ? [loop.expression] : [];
  for (const part of conditionParts) {
    if (!part) continue;
    walk(part, (n) => {
      if (ts.isIdentifier(n) && cursorNames.has(n.text) && n.text !== indexName && awaitsDirectly(body)) reasons.push(reason("pagination", { name: n.text }, lineOf(n)));
    });
  }
  const fn = enclosingFunction(statement);
  for (let n: ts.Node | undefined = statement.parent; n && n !== fn; n = n.parent) {
    if (!ts.isTryStatement(n) || !contains(n.tryBlock, statement)) continue;
    for (const [clause, block] of [["catch", n.catchClause?.block], ["finally", n.finallyBlock]] as const) {
      if (!block) continue;
      walk(block, (m) => {
        if (ts.isIdentifier(m) && writtenNames.has(m.text)) reasons.push(reason("observed-progress", { clause, name: m.text }, lineOf(m)));
      }, { intoFunctions: true });
    }
  }

  const ordered = orderReasons(reasons);
  return { kind, safety: safetyOf(ordered), reasons: ordered, shape };
}

/** A call in `body` of `fn` itself: `this.getTree(child.id)` inside `getTree`, `walk(node)` inside `walk`. */
function recursiveCall(body: ts.Node, fn: ts.Node | undefined): ts.CallExpression | undefined {
  const name = fn && (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name && ts.isIdentifier(fn.name) ? fn.name.text : undefined;
  if (!name) return undefined;
  const method = ts.isMethodDeclaration(fn!);
  let found: ts.CallExpression | undefined;
  walk(body, (n) => {
    if (found || !ts.isCallExpression(n)) return;
    const callee = n.expression;
    if (method ? ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword && callee.name.text === name : ts.isIdentifier(callee) && callee.text === name) found = n;
  }, { intoFunctions: true });
  return found;
}

/** `i++`, `i -= 1`, `i = i + 2`: a counter stepping, not a cursor taken from a response. */
function isCounterStep(id: ts.Node): boolean {
  const p = id.parent;
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && p.operand === id) return true;
  if (ts.isBinaryExpression(p) && p.left === id) {
    const op = p.operatorToken.kind;
    if ((op === ts.SyntaxKind.PlusEqualsToken || op === ts.SyntaxKind.MinusEqualsToken) && ts.isNumericLiteral(p.right)) return true;
    if (op === ts.SyntaxKind.EqualsToken && ts.isBinaryExpression(p.right) && ts.isIdentifier(p.right.left) && p.right.left.text === (id as ts.Identifier).text && ts.isNumericLiteral(p.right.right)) return true;
  }
  return false;
}

function indexLoopProblem(loop: ts.ForStatement): string | undefined {
  const init = loop.initializer;
  const generic = "only index loops of the form `for (let i = start; i < end; i++)` are batched";
  if (!init || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return generic;
  if (!(init.flags & ts.NodeFlags.Let)) return generic;
  const decl = init.declarations[0]!;
  if (!ts.isIdentifier(decl.name) || !decl.initializer || !isStableExpression(decl.initializer)) return generic;
  const name = decl.name.text;
  const cond = loop.condition;
  if (!cond || !ts.isBinaryExpression(cond) || !ts.isIdentifier(cond.left) || cond.left.text !== name) return generic;
  if (cond.operatorToken.kind !== ts.SyntaxKind.LessThanToken && cond.operatorToken.kind !== ts.SyntaxKind.LessThanEqualsToken) return generic;
  if (!isStableExpression(cond.right)) return `the loop bound \`${shortCode(cond.right, 30)}\` is computed on every step`;
  const inc = loop.incrementor;
  const ok =
    inc &&
    (((ts.isPostfixUnaryExpression(inc) || ts.isPrefixUnaryExpression(inc)) && inc.operator === ts.SyntaxKind.PlusPlusToken && ts.isIdentifier(inc.operand) && inc.operand.text === name) ||
      (ts.isBinaryExpression(inc) && inc.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken && ts.isIdentifier(inc.left) && inc.left.text === name && ts.isNumericLiteral(inc.right) && inc.right.text === "1"));
  return ok ? undefined : generic;
}

function findAccumulator(
  body: ts.Node,
  effects: Effects,
  continues: ts.ContinueStatement[],
  forEachCb: ts.ArrowFunction | ts.FunctionExpression | undefined,
  itemsName: string | undefined,
): { accumulator?: LoopShape["accumulator"]; problem?: Reason; call: ts.CallExpression } | undefined {
  const pushes = effects.mutations.filter((m) => !m.via && m.data.name !== itemsName && m.data.call && m.data.depth === 1 && ts.isPropertyAccessExpression(m.data.call.expression) && m.data.call.expression.name.text === "push" && ts.isIdentifier(m.data.call.expression.expression) && m.data.call.expression.expression.text === m.data.name);
  if (pushes.length === 0) return undefined;
  const names = new Set(pushes.map((p) => p.data.name));
  if (names.size !== 1) return undefined; // pushes to several outer arrays: outer-mutation reasons say why
  const name = pushes[0]!.data.name;
  const call = pushes[0]!.data.call!;
  const at = lineOf(call);
  const statements = ts.isBlock(body) ? body.statements : undefined;
  const last = statements ? statements[statements.length - 1] : ts.isExpressionStatement(body) ? body : undefined;
  let returns = false;
  if (forEachCb) walk(body, (n) => {
    if (ts.isReturnStatement(n)) returns = true;
  });
  const otherUses = (effects.reads.get(name) ?? []).filter((id) => !(id.parent === call.expression));
  const detail =
    pushes.length !== 1 ? "happens more than once in the loop body"
    : !last || !ts.isExpressionStatement(last) || last.expression !== call ? (isConditional(call, body) ? "happens only under a condition" : "is not the last statement of the loop body")
    : call.arguments.length !== 1 || ts.isSpreadElement(call.arguments[0]!) ? "pushes other than one value"
    : returns ? "follows a `return` that ends an item early"
    : otherUses.length > 0 ? `is not the only use of \`${name}\` in the loop`
    : undefined;
  if (detail) return { problem: reason("accumulator-shape", { name, detail }, at), call };
  const decl = pushes[0]!.data.decl;
  const declParent = decl?.parent;
  const loopFn = enclosingFunction(body.parent!);
  const ownFn = forEachCb ? enclosingFunction(forEachCb) : loopFn;
  if (!decl || !declParent || !ts.isVariableDeclaration(declParent) || enclosingFunction(declParent) !== ownFn || ts.isSourceFile(ownFn)) {
    return { problem: reason("accumulator-escapes", { name }, at), call };
  }
  return { accumulator: { name, statement: last as ts.ExpressionStatement, value: call.arguments[0]! }, call };
}

/** Is `node` under an `if`, `?:`, `&&`/`||` or `switch` within `body`? */
function isConditional(node: ts.Node, body: ts.Node): boolean {
  for (let n = node.parent; n && n !== body; n = n.parent) {
    if (ts.isIfStatement(n) || ts.isConditionalExpression(n) || ts.isSwitchStatement(n) || ts.isCaseClause(n)) return true;
    if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || n.operatorToken.kind === ts.SyntaxKind.BarBarToken || n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return true;
  }
  return false;
}
