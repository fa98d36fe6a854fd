// A function a loop of its class or module calls again and again with a pause in between
// (`for (;;) { const { state } = await getJobStatus(id); if (state === "done") return; await sleep(1000); }`), or a
// `setInterval` callback calls, or that is itself handed to `setInterval` (`setInterval(this.poll.bind(this), ms)`),
// is polled: its caller waits for the answer to change, and a cached answer would not, for the whole TTL.
import { ts } from "ts-morph";
import { shortCode } from "./effects.js";
import { ownCallers, ownHandOvers, type CallableDeclaration } from "./own-callers.js";
import { reason, type Reason } from "./reasons.js";
import { calledName, isFunctionLike, namesOf, walk } from "./scope.js";

const PAUSES = /^(sleep|delay|wait|pause|setTimeout|timeout|backoff)$/;

export interface Polling {
  code: string;
  line: number;
}

/** The first call of `name` in `fn`'s class or module that polls it; undefined: none does. */
export function pollingCall(
  fn: CallableDeclaration,
  name: string,
  /** Every call of the file (FileFacts): looked through instead of walking the class or module. */
  fileCalls?: readonly ts.Node[],
): Polling | undefined {
  const sf = fn.getSourceFile();
  const call = ownCallers(fn, name, fileCalls).find(polls) ?? ownHandOvers(fn, name, fileCalls).find(isInterval);
  return call && { code: shortCode(call, 50), line: sf.getLineAndCharacterOfPosition(call.getStart(sf)).line + 1 };
}

/**
 * Per name a call is made by (`getJobStatus(…)`, `this.jobs.getStatus(…)`) that `cacheable` takes, the first of `calls`
 * that polls it: what a file tells the run about callers of functions defined elsewhere.
 */
export function pollingCallsByName(calls: Iterable<ts.Node>, cacheable: (name: string) => boolean): Map<string, Polling> {
  const found = new Map<string, Polling>();
  for (const n of calls) {
    if (!ts.isCallExpression(n)) continue;
    const name = calledName(n.expression);
    if (name === undefined || found.has(name) || !cacheable(name) || !polls(n)) continue;
    const sf = n.getSourceFile();
    found.set(name, { code: shortCode(n, 50), line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 });
  }
  return found;
}

/** Where a file of the project polls a call: the file (from the root), the line and the code. */
export interface PollingSite extends Polling {
  file: string;
}

/** A caller in another file polls a call by the function's name: matched by the name, so a same-named function elsewhere counts too. */
export function polledElsewhereReason(name: string, site: PollingSite, at?: number): Reason {
  return reason("cache-polled-elsewhere", { name, code: site.code, where: `${site.file}:${site.line}` }, at);
}

/**
 * Is the call inside a loop that also pauses (in its body or its condition: `while ((await getStatus(id)) !== "done")
 * await sleep(1000)`), asking the same question each time, or inside a `setInterval` callback or a function that
 * schedules itself again with `setTimeout` (within its own function)?
 * A loop over items that pauses between them (`for (const code of codes) { … await getCountry(code); await sleep(200) }`)
 * asks a different question each time: that is rate limiting, not polling.
 */
function polls(call: ts.CallExpression): boolean {
  for (let n: ts.Node = call; n.parent; n = n.parent) {
    const parent = n.parent;
    if (isFunctionLike(n)) return (ts.isCallExpression(parent) && isInterval(parent) && parent.arguments[0] === n) || reschedulesItself(n);
    if (ts.isIterationStatement(parent, false) && (n === parent.statement || isCondition(parent, n)) && pauses(parent.statement) && !usesLoopVariable(call, parent)) return true;
  }
  return false;
}

/** `setInterval(…)`: its first argument runs again and again. */
function isInterval(call: ts.CallExpression): boolean {
  return ts.isIdentifier(call.expression) && call.expression.text === "setInterval";
}

/**
 * `const check = async () => { …; setTimeout(check, 2000) }`, `async tick() { …; setTimeout(() => this.tick(), 1000) }`:
 * a function that hands itself (or a callback that calls it) to `setTimeout` runs again and again.
 */
function reschedulesItself(fn: ts.Node): boolean {
  // every cacheable call in a function asks about it
  let answer = rescheduling.get(fn);
  if (answer === undefined) rescheduling.set(fn, (answer = findsSelfSchedule(fn)));
  return answer;
}
const rescheduling = new WeakMap<ts.Node, boolean>();

function findsSelfSchedule(fn: ts.Node): boolean {
  const name = ownName(fn);
  if (!name) return false;
  const method = ts.isMethodDeclaration(fn);
  const isSelf = (e: ts.Expression): boolean => (method ? ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword && e.name.text === name : ts.isIdentifier(e) && e.text === name);
  let found = false;
  walk(fn, (n) => {
    if (found || !ts.isCallExpression(n) || !ts.isIdentifier(n.expression) || n.expression.text !== "setTimeout") return;
    let scheduled = n.arguments[0];
    if (scheduled && ts.isCallExpression(scheduled) && ts.isPropertyAccessExpression(scheduled.expression) && scheduled.expression.name.text === "bind") scheduled = scheduled.expression.expression;
    if (!scheduled) return;
    if (isSelf(scheduled)) found = true;
    // setTimeout(() => this.tick(), ms)
    else if (isFunctionLike(scheduled)) walk(scheduled, (m) => {
      if (ts.isCallExpression(m) && isSelf(m.expression)) found = true;
    });
  }, { intoFunctions: true });
  return found;
}

/** The name a function is called by: its own, or the const it is assigned to. */
function ownName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const holder = fn.parent;
  return holder && ts.isVariableDeclaration(holder) && holder.initializer === fn && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
}

function isCondition(loop: ts.IterationStatement, n: ts.Node): boolean {
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return loop.expression === n;
  return ts.isForStatement(loop) && loop.condition === n;
}

/** Does an argument of the call read a variable the loop declares or steps (`code` of `for (const code of codes)`, `i`)? */
function usesLoopVariable(call: ts.CallExpression, loop: ts.IterationStatement): boolean {
  const names = new Set<string>();
  if ((ts.isForOfStatement(loop) || ts.isForInStatement(loop) || ts.isForStatement(loop)) && loop.initializer && ts.isVariableDeclarationList(loop.initializer)) {
    for (const d of loop.initializer.declarations) for (const id of namesOf(d.name)) names.add(id.text);
  }
  if (names.size === 0) return false;
  let uses = false;
  for (const arg of call.arguments) walk(arg, (n) => {
    if (ts.isIdentifier(n) && names.has(n.text)) uses = true;
  });
  return uses;
}

function pauses(body: ts.Statement): boolean {
  let found = false;
  walk(body, (n) => {
    if (found || !ts.isAwaitExpression(n)) return;
    let e: ts.Expression = n.expression;
    while (ts.isParenthesizedExpression(e)) e = e.expression;
    const callee = ts.isCallExpression(e) ? e.expression : ts.isNewExpression(e) ? e.expression : undefined;
    const name = callee && (ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined);
    if (name && PAUSES.test(name)) found = true;
    // await new Promise((r) => setTimeout(r, ms))
    else if (ts.isNewExpression(e) && name === "Promise" && /\bsetTimeout\b/.test(e.getText())) found = true;
  });
  return found;
}
