// Which consecutive `const x = await …` declarations can wait together (parallel-awaits): groups of
// awaits where no later one reads an earlier result and none writes shared state or makes a write call.
import { ts } from "ts-morph";
import type { Safety } from "../findings.js";
import { awaitedFirst, calleeText, collectEffects, shortCode, writeNamedCall, type EffectOptions } from "./effects.js";
import type { CallClassifier } from "./external-calls.js";
import { orderReasons, reason, safetyOf, type Reason } from "./reasons.js";
import { calledName, contains, findDeclaration, isReference, namesOf, walk } from "./scope.js";
import { transactionName } from "./transactions.js";

export interface AwaitGroup {
  statements: ts.VariableStatement[];
  safety: Safety;
  /** Review reasons of the members (the group is only rewritten with --include-review when there are any). */
  reasons: Reason[];
}

export interface AwaitRefusal {
  statement: ts.VariableStatement;
  safety: Safety;
  reasons: Reason[];
}

export interface AwaitIndependenceOptions {
  classifyCall?: CallClassifier;
  resolveImport?: EffectOptions["resolveImport"];
  includeReview?: boolean;
  /** Own-statement verdicts already worked out, by operand (filled as they are): a second grouping reuses them. */
  operandVerdicts?: Map<ts.Expression, ReturnType<typeof operandVerdict>>;
}

function lineOf(node: ts.Node): number {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/** `const x = await f()` / `let { a } = await g()` (one declaration, not exported, not already a Promise.all). */
export function awaitedOperand(statement: ts.Statement): ts.Expression | undefined {
  if (!ts.isVariableStatement(statement)) return undefined;
  if (ts.getModifiers(statement)?.length) return undefined;
  // code a codemod wrote (`const batch = await mapBatched(…)`) is not combined again
  const sf = statement.getSourceFile();
  if ((ts.getLeadingCommentRanges(sf.text, statement.pos) ?? []).some((c) => sf.text.slice(c.pos, c.end).startsWith("// optimigrate: "))) return undefined;
  const list = statement.declarationList;
  if (!(list.flags & ts.NodeFlags.BlockScoped) || list.flags & ts.NodeFlags.Using || list.declarations.length !== 1) return undefined;
  const decl = list.declarations[0]!;
  if (!decl.initializer || !ts.isAwaitExpression(decl.initializer) || decl.exclamationToken) return undefined;
  const operand = decl.initializer.expression;
  if (ts.isCallExpression(operand) && operand.expression.getText().replace(/\s/g, "") === "Promise.all") return undefined;
  return operand;
}

/** Own-statement verdict: what evaluating the awaited expression does. */
export function operandVerdict(operand: ts.Expression, options: AwaitIndependenceOptions = {}): { safety: Safety; reasons: Reason[] } {
  const fx = collectEffects(operand, (decl) => contains(operand, decl), options);
  const reasons: Reason[] = [];
  const ownCall = ts.isCallExpression(operand) ? operand : undefined;
  for (const w of fx.writes) reasons.push(reason("await-outer-write", { name: w.data.name }, lineOf(w.node)));
  for (const m of fx.mutations) reasons.push(reason("await-outer-mutation", { name: m.data.name, code: m.code }, lineOf(m.node)));
  for (const call of awaitedFirst(fx.calls)) {
    const code = calleeText(call.node) + (call.via ? ` (inside ${call.via})` : "");
    const at = lineOf(call.node);
    switch (call.data.type) {
      case "timer": reasons.push(reason("rate-limit", { code: shortCode(call.node, 40) }, at)); break;
      case "transaction": reasons.push(reason("transaction", { name: code }, at)); break;
      case "external":
        if (call.data.call.operation === "write") reasons.push(reason("known-write", { code, library: call.data.call.library }, at));
        else if (call.data.call.operation === "unknown") reasons.push(reason("unknown-operation", { code, library: call.data.call.library }, at));
        break;
      case "fs-write": reasons.push(reason("fs-write", { code }, at)); break;
      case "output": reasons.push(reason("ordered-output", { code }, at)); break;
      case "opaque":
        // an opaque call inside a helper whose name says it writes (`this.updateX()` -> `this.store.put()`) counts as that write
        if (writeNamedCall(call.node) || (call.via && ownCall && writeNamedCall(ownCall))) reasons.push(reason("write-named-call", { name: writeNamedCall(call.node) ? code : calleeText(ownCall!) }, at));
        else reasons.push(reason("opaque-call", { name: code }, at));
        break;
      case "prompt": reasons.push(reason("interactive-prompt", { code }, at)); break;
      case "ui": reasons.push(reason("ui-action", { code }, at)); break;
    }
  }
  const txn = transactionName(fx);
  if (txn && !fx.calls.some((c) => c.data.type === "transaction")) reasons.push(reason("transaction", { name: txn }, lineOf(operand)));
  const ordered = orderReasons(reasons);
  // DESIGN §4: an await that writes never joins a Promise.all, even with --include-review
  const writes = ordered.some((r) => WRITE_REASONS.has(r.id));
  return { safety: writes ? "unsafe" : safetyOf(ordered), reasons: ordered };
}

const WRITE_REASONS = new Set<string>(["known-write", "unknown-operation", "fs-write"]);

// checks that throw to stop the code after them: `checkWorkspaceAccess(…)`, `assertCanEdit(…)`, `requireAdmin(…)`
const GUARD = /^(check|assert|ensure|verify|require|authori[sz]e|validate|guard|enforce)([A-Z_]|$)/;

/** The awaited call's name when it is such a check. */
function guardName(operand: ts.Expression): string | undefined {
  if (!ts.isCallExpression(operand)) return undefined;
  const name = calledName(operand.expression);
  return name && GUARD.test(name) ? calleeText(operand) : undefined;
}

function hasCommentsBefore(statement: ts.Statement): boolean {
  const text = statement.getSourceFile().text;
  return Boolean(ts.getLeadingCommentRanges(text, statement.pos)?.length);
}

function readsNames(operand: ts.Expression, declared: Map<ts.Identifier, string>): ts.Identifier | undefined {
  let hit: ts.Identifier | undefined;
  walk(operand, (n) => {
    if (hit) return "skip";
    if (ts.isIdentifier(n) && isReference(n)) {
      const decl = findDeclaration(n);
      if (decl && declared.has(decl)) hit = n;
    }
    return undefined;
  }, { intoFunctions: true });
  return hit;
}

/** Groups of at least two consecutive independent awaits in `statements`, and the awaits that could not join one. */
export function findAwaitGroups(statements: readonly ts.Statement[], options: AwaitIndependenceOptions = {}): { groups: AwaitGroup[]; refusals: AwaitRefusal[] } {
  const groups: AwaitGroup[] = [];
  const refusals: AwaitRefusal[] = [];
  let current: { statements: ts.VariableStatement[]; reasons: Reason[]; declared: Map<ts.Identifier, string>; annotated: boolean; flags: number; guard?: string } | undefined;
  const close = () => {
    if (current && current.statements.length >= 2) {
      const reasons = orderReasons(current.reasons);
      groups.push({ statements: current.statements, safety: safetyOf(reasons), reasons });
    }
    current = undefined;
  };
  const candidates = statements.map((s) => awaitedOperand(s) !== undefined);
  // the names the await just before declared, when no group is open: a later await that reads them waits for it
  let previous: Map<ts.Identifier, string> | undefined;
  statements.forEach((statement, index) => {
    const operand = awaitedOperand(statement);
    if (!operand) {
      close();
      previous = undefined;
      return;
    }
    const vs = statement as ts.VariableStatement;
    const decl = vs.declarationList.declarations[0]!;
    let own = options.operandVerdicts?.get(operand);
    if (!own) {
      own = operandVerdict(operand, options);
      options.operandVerdicts?.set(operand, own);
    }
    const acceptable = own.safety === "safe" || (own.safety === "review" && options.includeReview);
    const annotated = decl.type !== undefined;
    const flags = vs.declarationList.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let);
    const start = () => {
      current = acceptable ? { statements: [vs], reasons: [...own.reasons], declared: new Map(namesOf(decl.name).map((id) => [id, id.text])), annotated, flags, guard: guardName(operand) } : undefined;
    };
    const before = previous;
    previous = new Map(namesOf(decl.name).map((id) => [id, id.text] as const));
    if (!current) {
      // an await that cannot join, next to one that could have: say why (first that it needs the await before it)
      const needs = before && readsNames(operand, before);
      if (needs) refusals.push({ statement: vs, safety: "unsafe", reasons: [reason("reads-previous-result", { code: shortCode(operand, 40), name: needs.text }, lineOf(needs)), ...own.reasons] });
      else if (!acceptable && (candidates[index - 1] || candidates[index + 1])) refusals.push({ statement: vs, safety: own.safety, reasons: own.reasons });
      start();
      return;
    }
    const dependency = readsNames(operand, current.declared);
    let refusal: Reason[] | undefined;
    // its own verdict when that is why (an await that writes is unsafe, though a write alone is a review reason)
    let refusalSafety: Safety | undefined;
    if (dependency) refusal = [reason("reads-previous-result", { code: shortCode(operand, 40), name: dependency.text }, lineOf(dependency))];
    else if (!acceptable) (refusal = own.reasons), (refusalSafety = own.safety);
    // a check that throws to stop what follows: what follows may only read, or it runs even when access is denied
    else if (current.guard && own.reasons.length) (refusal = [reason("runs-despite-guard", { guard: current.guard, code: shortCode(operand, 40) }, lineOf(vs))]), (refusalSafety = "unsafe");
    else if (hasCommentsBefore(vs)) refusal = [reason("comments-between", {}, lineOf(vs))];
    else if (annotated !== current.annotated) refusal = [reason("mixed-annotations", {}, lineOf(vs))];
    if (refusal) {
      const safety = refusalSafety ?? safetyOf(refusal);
      refusals.push({ statement: vs, safety: safety === "safe" ? "unsafe" : safety, reasons: refusal });
      close();
      start();
      return;
    }
    if (flags !== current.flags) {
      close();
      start();
      return;
    }
    current.statements.push(vs);
    current.reasons.push(...own.reasons);
    current.guard ??= guardName(operand);
    for (const id of namesOf(decl.name)) current.declared.set(id, id.text);
  });
  close();
  // an await that could not join the one before it may still lead a group with the next: then it is rewritten
  const grouped = new Set(groups.flatMap((g) => g.statements));
  return { groups, refusals: refusals.filter((r) => !grouped.has(r.statement)) };
}

/** Every statement list in the file that may hold awaits: blocks, case clauses, the module body. */
export function statementLists(sourceFile: ts.SourceFile): (readonly ts.Statement[])[] {
  const lists: (readonly ts.Statement[])[] = [sourceFile.statements];
  const visit = (node: ts.Node): void => {
    if (ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) lists.push(node.statements);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return lists;
}
