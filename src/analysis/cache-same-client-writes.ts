// A read whose data the app itself changes: the same class (for a method) or the same module (for a
// function) also writes through the client the read goes through, so a cached read can return data
// the app has since changed (a store's getAllTags after its tagFeature).
import { ts } from "ts-morph";
import { shortCode } from "./effects.js";
import type { CallClassifier } from "./external-calls.js";
import { findDeclaration, walk } from "./scope.js";

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

/**
 * A write elsewhere in the class or module through a client one of `reads` goes through, or through the same
 * database library (a store reads through `this.activeUsers()` and writes through `this.db`); undefined: none.
 */
export function sameClientWrite(fn: ts.Node, reads: readonly { node: ts.Node; library: string }[], classify: CallClassifier): { code: string; client: string; line: number } | undefined {
  const own = reads.filter((r) => !HTTP_LIBRARIES.test(r.library));
  const clients = own.map((r) => clientOf(r.node)).filter((c): c is Client => Boolean(c));
  const libraries = new Set(own.map((r) => r.library));
  if (!libraries.size) return undefined;
  const scope = scopeOf(fn);
  const sf = fn.getSourceFile();
  let found: { code: string; client: string; line: number } | undefined;
  walk(scope, (n) => {
    if (found || n === fn) return "skip";
    if (!ts.isCallExpression(n)) return;
    const client = clientOf(n);
    if (client?.key.startsWith("this.") && scope === sf) return;
    const call = classify(n);
    if (call?.operation !== "write") return;
    const match = client && clients.find((c) => same(c, client));
    if (!match && !libraries.has(call.library)) return;
    found = { code: shortCode(n, 50), client: match?.key ?? client?.key ?? call.library, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 };
  }, { intoFunctions: true });
  return found;
}
