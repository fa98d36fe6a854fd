// sequential-await sites: awaits that run once per loop iteration, `for await` loops, forEach(async …),
// and waterfalls of consecutive awaits that do not use each other's results.
import { ts } from "ts-morph";
import type { LoopKind } from "../findings.js";
import { skipOuter } from "./bindings.js";
import type { FileFacts } from "./file-facts.js";

export interface SequentialAwaitSite {
  /** The await (or the `for await` loop) reported. */
  node: ts.Node;
  /** The loop, forEach call, or first statement of the waterfall. */
  loop: ts.Node;
  loopKind: LoopKind;
}

export function loopKindOf(node: ts.Node): LoopKind | undefined {
  switch (node.kind) {
    case ts.SyntaxKind.ForStatement:
      return "for";
    case ts.SyntaxKind.ForOfStatement:
      return (node as ts.ForOfStatement).awaitModifier ? "for-await" : "for-of";
    case ts.SyntaxKind.ForInStatement:
      return "for-in";
    case ts.SyntaxKind.WhileStatement:
      return "while";
    case ts.SyntaxKind.DoStatement:
      return "do";
    default:
      return undefined;
  }
}

/** Does `child` (a direct child of `loop`) run once per iteration, rather than once per loop? */
function runsPerIteration(loop: ts.Node, child: ts.Node): boolean {
  if (ts.isForStatement(loop)) return child !== loop.initializer;
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return child === loop.statement;
  return true;
}

/** `xs.forEach(async (x) => …)`: the forEach call whose async callback is `fn`. */
export function asyncForEachCall(fn: ts.Node): ts.CallExpression | undefined {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  if (!fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return undefined;
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && callee.name.text === "forEach" ? call : undefined;
}

/** The loop an await waits in, if any, stopping at the function that contains it. */
export function enclosingIteration(node: ts.Node): { loop: ts.Node; kind: LoopKind } | undefined {
  let child = node;
  let current = node.parent;
  while (current) {
    if (ts.isFunctionLike(current)) {
      const forEach = asyncForEachCall(current);
      return forEach ? { loop: forEach, kind: "forEach" } : undefined;
    }
    if (ts.isClassLike(current)) return undefined;
    const kind = loopKindOf(current);
    if (kind && runsPerIteration(current, child)) return { loop: current, kind };
    child = current;
    current = current.parent;
  }
  return undefined;
}

/** The await a statement starts with: `await x;` (its value discarded), `const a = await x;`, `a = await x;`. */
function statementAwait(statement: ts.Statement): { await: ts.AwaitExpression; declares: string[]; discarded?: true } | undefined {
  if (ts.isVariableStatement(statement)) {
    const decls = statement.declarationList.declarations;
    if (decls.length !== 1) return undefined;
    const init = decls[0]!.initializer && skipOuter(decls[0]!.initializer);
    if (!init || !ts.isAwaitExpression(init)) return undefined;
    return { await: init, declares: boundNames(decls[0]!.name) };
  }
  if (ts.isExpressionStatement(statement)) {
    const e = skipOuter(statement.expression);
    if (ts.isAwaitExpression(e)) return { await: e, declares: [], discarded: true };
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const right = skipOuter(e.right);
      if (ts.isAwaitExpression(right)) return { await: right, declares: ts.isIdentifier(e.left) ? [e.left.text] : [] };
    }
  }
  return undefined;
}

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) if (ts.isBindingElement(element)) names.push(...boundNames(element.name));
  return names;
}

function mentions(node: ts.Node, names: ReadonlySet<string>): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && names.has(n.text)) {
      const parent = n.parent;
      // `x.name` mentions x, not name; `{ name: v }` keys are not reads.
      if (!(parent && ts.isPropertyAccessExpression(parent) && parent.name === n) && !(parent && ts.isPropertyAssignment(parent) && parent.name === n)) {
        found = true;
        return;
      }
    }
    if (ts.isShorthandPropertyAssignment(n) && names.has(n.name.text)) {
      found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/**
 * A known write (a DB insert, a POST) orders what comes after it on purpose: it ends a waterfall rather
 * than joining one, so a migration's `CREATE TABLE` then `CREATE INDEX` is not reported as needless waiting.
 */
export type WriteTest = (awaited: ts.AwaitExpression) => boolean;

function waterfalls(facts: FileFacts, alreadyInLoops: ReadonlySet<ts.Node>, isWrite: WriteTest): SequentialAwaitSite[] {
  const sites: SequentialAwaitSite[] = [];
  for (const block of facts.blocks) {
    // Most blocks have no await statement at all: the group and the names it declares are made on demand.
    let group: { await: ts.AwaitExpression; statement: ts.Statement }[] | undefined;
    let declared: Set<string> | undefined;
    const close = (): void => {
      if (group && group.length >= 2) {
        for (const member of group.slice(1)) {
          if (!alreadyInLoops.has(member.await)) sites.push({ node: member.await, loop: group[0]!.statement, loopKind: "waterfall" });
        }
      }
      group = undefined;
      declared = undefined;
    };
    for (const statement of block.statements) {
      const found = statementAwait(statement);
      // An await whose value is dropped (`await mkdir(dir);`, `await client.start();`) runs for its effect, and
      // what follows usually needs that effect (the directory, the started client): like a known write, it
      // orders the code after it rather than waiting needlessly.
      if (!found || found.discarded || isWrite(found.await)) {
        close();
        continue;
      }
      // (no names declared yet: nothing to mention)
      if (group && declared && mentions(found.await, declared)) close();
      (group ??= []).push({ await: found.await, statement });
      for (const name of found.declares) (declared ??= new Set()).add(name);
    }
    close();
  }
  return sites;
}

export function findSequentialAwaits(facts: FileFacts, isWrite: WriteTest = () => false): SequentialAwaitSite[] {
  const sites: SequentialAwaitSite[] = [];
  const inLoops = new Set<ts.Node>();
  for (const loop of facts.forAwaitLoops) sites.push({ node: loop, loop, loopKind: "for-await" });
  for (const awaited of facts.awaits) {
    const iteration = enclosingIteration(awaited);
    if (!iteration) continue;
    inLoops.add(awaited);
    sites.push({ node: awaited, loop: iteration.loop, loopKind: iteration.kind });
  }
  sites.push(...waterfalls(facts, inLoops, isWrite));
  return sites;
}
