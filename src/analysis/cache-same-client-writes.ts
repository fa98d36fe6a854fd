// A read whose data the app itself changes: the same class (for a method) or the same module (for a
// function) also writes through the client the read goes through, so a cached read can return data
// the app has since changed (a store's getAllTags after its tagFeature).
import { ts } from "ts-morph";
import { shortCode } from "./effects.js";
import type { CallClassifier } from "./external-calls.js";
import { findDeclaration, walk } from "./scope.js";
import { fileMemo } from "./file-memo.js";
import { namedLikeADataWrite } from "../detect/operation.js";

// a generic HTTP client talks to many services: a POST elsewhere says nothing about this read's data
const HTTP_LIBRARIES = /^(fetch|undici|axios|got|superagent|node-fetch|http|ky|ofetch)$/;

interface Client {
  key: string;
  decl?: ts.Node;
}

/** The client a call goes through: `this.db` of `this.db(TABLE).where(…)`, `pool` of `pool.query(…)`. */
function clientOf(call: ts.Node): Client | undefined {
  let e: ts.Node = call;
  for (;;) {
    if (ts.isCallExpression(e) || ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isElementAccessExpression(e)) e = e.expression;
    else if (ts.isTaggedTemplateExpression(e)) e = e.tag;
    else if (ts.isPropertyAccessExpression(e)) {
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return { key: `this.${e.name.text}` };
      e = e.expression;
    } else break;
  }
  if (!ts.isIdentifier(e)) return undefined;
  const decl = findDeclaration(e);
  return decl ? { key: e.text, decl } : undefined;
}

const same = (a: Client, b: Client) => a.key === b.key && a.decl === b.decl;

/** The scope whose other code shares the function's clients: its class, or its file. */
function scopeOf(fn: ts.Node): ts.Node {
  const owner = ts.isPropertyDeclaration(fn.parent) ? fn.parent.parent : fn.parent;
  return ts.isMethodDeclaration(fn) || ts.isPropertyDeclaration(fn.parent) ? (ts.isClassLike(owner) ? owner : fn.getSourceFile()) : fn.getSourceFile();
}

// The library of a write known only by its name on `this`: it counts against any database read of the class.
const THIS_CLASS = "(this class)";

function writeNamedOnThis(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  let root: ts.Expression = callee.expression;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  if (root.kind !== ts.SyntaxKind.ThisKeyword) return false;
  return namedLikeADataWrite(callee.name.text);
}

interface WriteSite {
  node: ts.CallExpression;
  client?: Client;
  library: string;
}

// The write calls of each class or module, found once per file and classifier: every cacheable method of a
// big store class asks about the same class.
const WRITES = Symbol("scopeWrites");
interface ScopeWrites {
  classify: CallClassifier;
  byScope: Map<ts.Node, WriteSite[]>;
}

function writesIn(scope: ts.Node, classify: CallClassifier, fileCalls?: readonly ts.Node[]): WriteSite[] {
  const sf = scope.getSourceFile();
  let memo = fileMemo<ScopeWrites>(sf, WRITES, () => ({ classify, byScope: new Map() }));
  if (memo.classify !== classify) memo = Object.assign(memo, { classify, byScope: new Map() });
  let sites = memo.byScope.get(scope);
  if (sites) return sites;
  const found: WriteSite[] = [];
  const inClass = ts.isClassLike(scope);
  const consider = (n: ts.Node): void => {
    if (!ts.isCallExpression(n)) return;
    const call = classify(n);
    if (call?.operation === "write") found.push({ node: n, client: clientOf(n), library: call.library });
    // In a class, a write-named call on `this` (an inherited repository's `this.update(…)`, a soft-delete model's
    // `this.message.delete(…)`) writes too, though no classifier knows the method.
    else if (!call && inClass && writeNamedOnThis(n)) found.push({ node: n, client: clientOf(n), library: THIS_CLASS });
  };
  if (fileCalls) {
    for (const n of fileCalls) if (n.pos >= scope.pos && n.end <= scope.end) consider(n);
  } else walk(scope, consider, { intoFunctions: true });
  memo.byScope.set(scope, (sites = found));
  return sites;
}

/** A client that stands for one table or collection: `this.usersRepository`, `this.orderModel`. */
const ONE_TABLE_CLIENT = /(repository|repo|model|collection|dao)$/i;

/**
 * A write elsewhere in the class or module through a client one of `reads` goes through, or through the same
 * database library (a store reads through `this.activeUsers()` and writes through `this.db`); undefined: none.
 */
export function sameClientWrite(fn: ts.Node, reads: readonly { node: ts.Node; library: string }[], classify: CallClassifier, fileCalls?: readonly ts.Node[]): { code: string; client: string; line: number; sameTable: boolean } | undefined {
  const own = reads.filter((r) => !HTTP_LIBRARIES.test(r.library));
  const libraries = new Set(own.map((r) => r.library));
  if (!libraries.size) return undefined;
  const clients = own.map((r) => clientOf(r.node)).filter((c): c is Client => Boolean(c));
  const scope = scopeOf(fn);
  const sf = fn.getSourceFile();
  let first: { code: string; client: string; line: number; sameTable: boolean } | undefined;
  for (const write of writesIn(scope, classify, fileCalls)) {
    if (write.node.pos >= fn.pos && write.node.end <= fn.end) continue; // the function's own writes are other reasons
    if (write.client?.key.startsWith("this.") && scope === sf) continue;
    const match = write.client && clients.find((c) => same(c, write.client!));
    if (!match && !libraries.has(write.library) && write.library !== THIS_CLASS) continue;
    // the same repository, read here and written there: the same table, not merely the same database (and the
    // write that says so wins over one through another client that came first)
    const sameTable = Boolean(match && ONE_TABLE_CLIENT.test(match.key));
    const found = { code: shortCode(write.node, 50), client: match?.key ?? write.client?.key ?? write.library, line: sf.getLineAndCharacterOfPosition(write.node.getStart(sf)).line + 1, sameTable };
    if (sameTable) return found;
    first ??= found;
  }
  return first;
}
