// A caller that wants a newer answer than a cache would give: it reads right after it wrote what it reads (`await
// updateResponse(id, body)`, then `await getResponseForPipeline(id)` "to fetch the updated response"), asks the same
// question again later in the function (`getConfig(domain)` once more after verifying the domain), keeps the
// answer as `freshConfig`, or keeps it in a cache of its own that it clears when the data changes. Cached, the read hands back the older answer, for the whole TTL. The write is an awaited call earlier in the caller's function that writes
// (the catalog says so, or its name does: `update…`, `create…`), and is about the same thing: the two name a
// common noun (`updateResponse…`, `prisma.response.update` / `getResponse…`), and the write is given an argument the
// read is given too (`id`, `params.responseId`), or the read is given what the write returned (`createResult.data.id`). Callers of the same class or module are found here; callers in other files by the name
// they call (`readsAfterWriteByName`, brought together over the run by src/scan/assess.ts).
import { ts } from "ts-morph";
import { byCalledName, firstOwnCaller, type CallableDeclaration } from "./own-callers.js";
import { shortCode, writeNamedCall } from "./effects.js";
import type { CallClassifier } from "./external-calls.js";
import { calledName, findDeclaration, isFunctionLike, isReference, namesOf, walk } from "./scope.js";
import { functionNameOf } from "../detect/function-name.js";
import { nameWords } from "../detect/operation.js";

export interface WriteBeforeRead {
  /** Why the caller wants a newer answer: after which write, after which same read, under which name. */
  detail: string;
  /** The line of the read. */
  line: number;
}

/** The first caller in the class or module that reads right after such a write; undefined: none does. */
export function readAfterWrite(fn: CallableDeclaration, name: string, classify: CallClassifier, fileCalls?: readonly ts.Node[]): WriteBeforeRead | undefined {
  return firstOwnCaller(fn, name, fileCalls, (call) => writeBefore(call, classify));
}

/** Per name a call is made by that `cacheable` takes, the first of `calls` made right after such a write. */
export function readsAfterWriteByName(calls: Iterable<ts.Node>, cacheable: (name: string) => boolean, classify: CallClassifier): Map<string, WriteBeforeRead> {
  return byCalledName(calls, cacheable, (call) => writeBefore(call, classify));
}

// a result named for being the newest: `const freshConfig = await getConfig(domain)`
const FRESH_NAME = /^(fresh|updated|refreshed|reloaded)([A-Z_]|$)/;

/**
 * Why the caller of `read` wants a newer answer than a cache would give: an awaited write earlier in its function,
 * about what the read asks for; the same read earlier in the function (`getConfig(domain)` asked again after
 * verifying the domain); or the name it keeps the answer under (`freshConfig`).
 */
function writeBefore(read: ts.CallExpression, classify: CallClassifier): WriteBeforeRead | undefined {
  const sf = read.getSourceFile();
  const line = sf.getLineAndCharacterOfPosition(read.getStart(sf)).line + 1;
  const holder = resultHolder(read)?.text;
  const recached = recache(read);
  if (recached) return { detail: `it keeps the answer in a cache of its own (\`${shortCode(recached, 50)}\`), and clearing that one would not clear this one`, line };
  const job = syncingCaller(read);
  if (job) return { detail: `it runs in \`${job}\`, which syncs or refreshes from the source and wants its latest answer`, line };
  const named = holder && FRESH_NAME.test(holder) ? { detail: `it keeps the answer as \`${holder}\``, line } : undefined;
  const asked = argumentTexts(read);
  if (asked.size === 0) return named;
  const again = { name: calledName(read.expression), text: sameReadText(read) };
  // the statements before the read's own, in its block and each enclosing block of its function, nearest first
  for (let n: ts.Node = read; n.parent && !isFunctionLike(n) && !ts.isSourceFile(n.parent); n = n.parent) {
    const block = n.parent;
    if (!ts.isBlock(block)) continue;
    const index = block.statements.indexOf(n as ts.Statement);
    for (let i = index - 1; i >= 0; i--) {
      const statement = block.statements[i]!;
      const write = relatedWrite(statement, read, asked, classify);
      if (write) return { detail: `it reads right after a write about the same thing (\`${shortCode(write, 50)}\`)`, line };
      const first = sameRead(statement, again);
      if (first) return { detail: `it asks again what \`${shortCode(first, 50)}\` (line ${sf.getLineAndCharacterOfPosition(first.getStart(sf)).line + 1}) asked`, line };
    }
  }
  return named;
}

const SYNC_WORDS = new Set(["sync", "resync", "refresh", "reconcile", "backfill"]);

/**
 * The function or class the read is made in, when its name says it syncs from the source (twenty's
 * `BillingSyncPlansDataCommand` reads Stripe's catalog to upsert it): a cached answer would sync the old data again.
 */
function syncingCaller(read: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = read.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (!isFunctionLike(n) && !ts.isClassLike(n)) continue;
    const name = functionNameOf(n) ?? (ts.isClassLike(n) ? n.name?.text : undefined);
    if (name && name.split(".").some((part) => nameWords(part).some((w) => SYNC_WORDS.has(w)))) return name;
  }
  return undefined;
}

// a cache of the caller's own: `linkCache.set(link)`, `redis.set(key, JSON.stringify(user))`, `this.cache.put(k, v)`
const CACHE_RECEIVER = /(cache|redis|kv|memo)\w*$/i;
const CACHE_STORE = /^(set|setex|put|hset|mset|add|setItem|save)$/;

/**
 * The call that stores the read's answer in a cache of the caller's own (cache-aside: `cachedLink ??= await
 * getLink(…)`, then `linkCache.set(link)`): the app clears that cache when the data changes, and the wrap's copy
 * underneath would hand the old answer back to be stored again.
 */
function recache(read: ts.CallExpression): ts.CallExpression | undefined {
  const holder = resultHolder(read);
  const decl = holder && (ts.isVariableDeclaration(holder.parent) ? holder : findDeclaration(holder));
  if (!decl) return undefined;
  let body: ts.Node | undefined = read.parent;
  while (body && !isFunctionLike(body) && !ts.isSourceFile(body)) body = body.parent;
  let found: ts.CallExpression | undefined;
  if (body) walk(body, (c) => {
    if (found || !ts.isCallExpression(c) || !ts.isPropertyAccessExpression(c.expression) || c.pos < read.end) return;
    if (!CACHE_STORE.test(c.expression.name.text) || !CACHE_RECEIVER.test(calledName(c.expression.expression) ?? (c.expression.expression.kind === ts.SyntaxKind.ThisKeyword ? "" : c.expression.expression.getText()))) return;
    if (c.arguments.some((arg) => mentions(arg, decl))) found = c;
  });
  return found;
}

function mentions(node: ts.Node, decl: ts.Identifier): boolean {
  let hit = false;
  walk(node, (n) => {
    if (!hit && ts.isIdentifier(n) && isReference(n) && findDeclaration(n) === decl) hit = true;
  }, { intoFunctions: true });
  return hit;
}

/** The name the awaited answer is kept under: `const freshConfig = await getConfig(d)`, `fresh = await …`. */
function resultHolder(read: ts.CallExpression): ts.Identifier | undefined {
  let n: ts.Node = read;
  while (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const holder = n.parent;
  if (ts.isVariableDeclaration(holder) && holder.initializer === n && ts.isIdentifier(holder.name)) return holder.name;
  if (ts.isBinaryExpression(holder) && holder.right === n && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(holder.left)) return holder.left;
  return undefined;
}

/** The call as text without spaces: an earlier call with the same text asks the same question. */
function sameReadText(read: ts.CallExpression): string {
  return read.getText().replace(/\s+/g, "");
}

function sameRead(statement: ts.Statement, read: { name: string | undefined; text: string }): ts.CallExpression | undefined {
  // the name first: most calls are of other functions, and their text need not be made
  return callsOf(statement).all.find((n) => calledName(n.expression) === read.name && sameReadText(n) === read.text);
}

function relatedWrite(statement: ts.Statement, read: ts.CallExpression, asked: ReadonlySet<string>, classify: CallClassifier): ts.CallExpression | undefined {
  for (const [n, e] of callsOf(statement).awaited) {
    if (!(classify(e)?.operation === "write" || writeNamedCall(e)) || !sharesNoun(e, read)) continue;
    if ([...argumentTexts(e)].some((t) => asked.has(t)) || readsResultOf(read, statement, n)) return e;
  }
  return undefined;
}

interface StatementCalls {
  /** Its awaited calls: the await and the call. */
  awaited: [ts.AwaitExpression, ts.CallExpression][];
  all: ts.CallExpression[];
}
// every read of the function looks back over the same statements: each is walked once
const statementCalls = new WeakMap<ts.Statement, StatementCalls>();

/** The calls a statement makes itself (not those of functions it only creates). */
function callsOf(statement: ts.Statement): StatementCalls {
  let found = statementCalls.get(statement);
  if (!found) {
    const calls: StatementCalls = { awaited: [], all: [] };
    walk(statement, (n) => {
      if (ts.isCallExpression(n)) calls.all.push(n);
      else if (ts.isAwaitExpression(n)) {
        let e: ts.Expression = n.expression;
        while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
        if (ts.isCallExpression(e)) calls.awaited.push([n, e]);
      }
    });
    statementCalls.set(statement, (found = calls));
  }
  return found;
}

// words of a name that say what is done, or how, not to what
const NOT_NOUNS = new Set(["get", "fetch", "find", "list", "load", "read", "query", "update", "create", "delete", "remove", "set", "save", "upsert", "insert", "put", "patch", "post", "add", "with", "for", "by", "from", "of", "to", "and", "or", "all", "one", "many", "first", "unique", "this", "prisma", "db", "client", "service", "repository", "repo", "model", "api"]);

/** The nouns of a callee (`prisma.response.update`, `this.responses.updateResponseWithQuota`), singular, lower-case. */
function nouns(callee: ts.Expression): Set<string> {
  const words = new Set<string>();
  for (const part of callee.getText().split(/[^A-Za-z0-9]+/)) {
    for (const word of part.split(/(?<=[a-z0-9])(?=[A-Z])/)) {
      const lower = word.toLowerCase();
      if (lower.length < 2 || NOT_NOUNS.has(lower)) continue;
      words.add(lower.length > 3 ? lower.replace(/s$/, "") : lower);
    }
  }
  return words;
}

function sharesNoun(write: ts.CallExpression, read: ts.CallExpression): boolean {
  const written = nouns(write.expression);
  return [...nouns(read.expression)].some((w) => written.has(w));
}

// what every call of a request is handed, whatever it is about
const CONTEXT_NAMES = /^(ctx|context|req|request|res|response|reply|tx|trx|db|prisma|client|conn|connection|session|em|manager|options|opts|config|logger)$/;

/** The read's arguments, and the names and member chains in them (`params.responseId`), as text without spaces. */
function argumentTexts(call: ts.CallExpression): Set<string> {
  const texts = new Set<string>();
  for (const arg of call.arguments) {
    walk(arg, (n) => {
      if (ts.isIdentifier(n) && isReference(n) && !ts.isPropertyAccessExpression(n.parent) && !CONTEXT_NAMES.test(n.text)) texts.add(n.text);
      else if (ts.isPropertyAccessExpression(n) && !ts.isPropertyAccessExpression(n.parent)) texts.add(n.getText().replace(/\s+/g, ""));
    });
  }
  return texts;
}

/** `const created = await createResponse(…)` … `getResponse(created.data.id)`: the read is given what the write returned. */
function readsResultOf(read: ts.CallExpression, statement: ts.Statement, awaited: ts.AwaitExpression): boolean {
  if (!ts.isVariableStatement(statement)) return false;
  const decl = statement.declarationList.declarations.find((d) => d.initializer === awaited);
  if (!decl) return false;
  const names = new Set(namesOf(decl.name));
  let uses = false;
  for (const arg of read.arguments) walk(arg, (n) => {
    if (ts.isIdentifier(n) && isReference(n)) {
      const d = findDeclaration(n);
      if (d && names.has(d)) uses = true;
    }
  });
  return uses;
}
