// Can this function's result be cached? Which functions are candidates (cacheable names that do an external
// read), what the cache key must hold (every value the body sees through its parameters), and every reason
// a cache hit would behave differently from a call. Pure: syntax, the call classifier and the effect facts;
// the cache-wrap codemod and `assess` both ask here, so they never disagree.
import { ts } from "ts-morph";
import { wholeCredentialRows } from "./cache-whole-row.js";
import type { Safety } from "../findings.js";
import { calleeText, collectEffects, MUTATING_METHODS, shortCode, TRANSACTION_METHODS, writeNamedCall, type EffectOptions } from "./effects.js";
import { basicClassifier, type CallClassifier } from "./external-calls.js";
import { orderReasons, reason, safetyOf, type Reason } from "./reasons.js";
import { calledName, contains, findDeclaration, isFunctionLike, isReference, isWriteTarget, namesOf, walk } from "./scope.js";
import { functionNameOf } from "../detect/function-name.js";
import { skipOuter } from "../detect/bindings.js";
import { nameWords } from "../detect/operation.js";
import { fileMemo } from "./file-memo.js";
import { clientType, clientUse } from "./cache-clients.js";
import { clockRead } from "./cache-clock.js";
import { requestScopedRead } from "./cache-request-scope.js";
import { isTestFile } from "../test-files.js";
import { isLlmLibrary } from "../llm-libraries.js";
import { sensitiveName } from "./cache-name-words.js";
import { sameClientWrite } from "./cache-same-client-writes.js";
import type { PrismaRelations } from "./prisma-schema.js";
import { readTablesOf } from "./data-tables.js";
import { isRawSql } from "./raw-sql.js";
import { sideOfFile } from "./client-code.js";
import { frameworkCached, freshRequested } from "./cache-fresh-request.js";
import type { BundleVerdict } from "../scan/client-importers.js";
import { pollingCall, type PollingSite } from "./cache-polled.js";
import { readAfterWrite } from "./cache-read-after-write.js";
import { elsewhereReasons, type ReadAfterWriteSite } from "./site-elsewhere.js";
import { changedResult, type ResultChangeSite } from "./cache-result-changed.js";
import { secretFieldRead, secretKeyParam, type SecretInput } from "./cache-secret-inputs.js";

export { DEFAULT_CACHEABLE_PATTERNS, DEFAULT_TTL, matchesCacheable, prefixFor, ttlFor, type CacheWrapSettings, type TtlRule } from "./cache-settings.js";
import { matchesCacheable, ttlFor, prefixFor, type CacheWrapSettings } from "./cache-settings.js";

export type CacheCandidate = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** The name a candidate is matched by (its own name, not the class's), or undefined when it is not a candidate shape. */
export function candidateName(fn: ts.Node): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.body && fn.name ? fn.name.text : undefined;
  if (ts.isMethodDeclaration(fn)) return fn.body && (ts.isIdentifier(fn.name) || ts.isStringLiteral(fn.name)) ? fn.name.text : undefined;
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const p = fn.parent;
    if (ts.isVariableDeclaration(p) && p.initializer === fn && ts.isIdentifier(p.name) && (p.parent.flags & ts.NodeFlags.Const) !== 0) return p.name.text;
    if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.initializer === fn && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return p.name.text;
  }
  return undefined;
}

/** Cacheable-named functions of the file that have a body, outermost first. */
export function findCandidates(sf: ts.SourceFile, patterns?: readonly string[]): CacheCandidate[] {
  const out: CacheCandidate[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
      const name = candidateName(n);
      if (name && matchesCacheable(name, patterns)) out.push(n);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

export interface KeyPlan {
  /** The array literal's elements, as source text. */
  elements: string[];
}

export interface CacheVerdict {
  fn: CacheCandidate;
  name: string;
  /** `Class.method` or the name. */
  qualifiedName: string;
  /** At least one external read in the body (otherwise the function is not a candidate at all). */
  reads: boolean;
  safety: Safety;
  reasons: Reason[];
  key: KeyPlan;
  prefix: string;
  ttl: number;
  /** Already carries our marker (a second run leaves it alone silently). */
  migrated: boolean;
  /** The tables (or Prisma models) its reads work on, as far as the syntax says (src/analysis/data-tables.ts). */
  readTables?: string[];
}

export interface CacheabilityOptions extends EffectOptions {
  classifyCall?: CallClassifier;
  /** Type answer (repo tsconfig): why a parameter's or the function's awaited return type is not plain data. */
  nonData?: (node: ts.Node) => string | null | undefined;
  settings?: CacheWrapSettings;
  /** The file's write sites and calls (FileFacts), so `mutatedDeclarations` need not walk the whole file. */
  writeSites?: readonly (readonly ts.Node[])[];
  /** Every call of the file (FileFacts), so the same-client check need not walk the class or module. */
  calls?: readonly ts.Node[];
  /** Where another file of the project writes a table (`src/x.ts:12`), or undefined: what migrate knows of the run. */
  writtenElsewhere?: (table: string) => TableWriter | undefined;
  /** Where another file of the project changes the result of a call by this name, or undefined: what migrate knows of the run. */
  changedElsewhere?: (name: string) => ResultChangeSite | undefined;
  /** Where another file of the project polls a call by this name, or undefined: what migrate knows of the run. */
  polledElsewhere?: (name: string) => PollingSite | undefined;
  /** Where another file of the project calls this name right after a write about the same thing: what migrate knows of the run. */
  readAfterWriteElsewhere?: (name: string) => ReadAfterWriteSite | undefined;
  /** Why front-end or Edge code of the run bundles this file (src/scan/client-importers.ts), when so: what migrate knows of the run. */
  bundledInto?: BundleVerdict;
  /** The file relative to the project root, which tells a project's test folders (`test/app.js`) from the rest. */
  fileLabel?: string;
  /** The project's Prisma schema (src/scan/prisma-schema-files.ts): the models a read's relations lead to. */
  prisma?: PrismaRelations;
}

const NON_DATA_TYPES = new Set([
  "AbortSignal", "AbortController", "Request", "Response", "IncomingMessage", "ServerResponse", "NextRequest", "NextResponse", "NextApiRequest",
  "NextApiResponse", "FastifyRequest", "FastifyReply", "Context", "ExecutionContext", "Readable", "Writable", "Duplex", "ReadableStream",
  "WritableStream", "Stream", "EventEmitter", "Socket", "Transaction", "Connection", "ClientSession",
  "Session", "Logger", "Function", "CallableFunction", "Blob", "File", "FormData", "WebSocket", "Worker", "Observable", "Subject",
]);
const NON_DATA_TYPE_SUFFIX = /[a-z](Context|Logger|Socket|Stream|Emitter)$/;
const NON_DATA_RETURN_TYPES = new Set([
  "Response", "ReadableStream", "Readable", "Stream", "Duplex", "AsyncIterable", "AsyncIterableIterator", "AsyncIterator", "AsyncGenerator", "Iterable",
  "IterableIterator", "Iterator", "Generator", "Observable", "EventEmitter", "Function", "WebSocket", "Blob", "File", "FormData", "Headers",
  "AxiosResponse",
  // keys only: the runtime does not keep them as cached values
  "URL", "URLSearchParams",
]);
/** Parameter names that say what the parameter is, and what that is. */
const SUSPICIOUS_PARAM_NAMES: [RegExp, string][] = [
  [/^(req|request|res|response|reply|ctx|context)$/, "a request, response or context object"],
  [/^(signal|abortSignal)$/, "an AbortSignal"],
  [/^(cb|callback|next|done|fn|func|handler|listener|resolver|on[A-Z]\w*)$/, "a function"],
  [/^(stream|socket|conn|connection|client|pool|db|trx|tx|session|logger|emitter)$/, "a connection or client object"],
];
const NON_DATA_DECORATORS = new Set(["Req", "Request", "Res", "Response", "Next", "Session"]);
const STREAM_METHODS = new Set(["pipe", "on", "once", "write", "end", "send", "status", "json", "setHeader", "writeHead", "redirect", "render", "addEventListener", "emit", "getReader"]);
const HTTP_LIBRARIES = /^(fetch|undici|axios|got|superagent|node-fetch|http|ky|ofetch)$/;
const LLM_URL = /\/(chat\/)?completions\b|\/v1\/messages\b|\/embeddings\b|:generateContent\b/;
const CACHE_CALLS = /^(cached|memoize|memoizee|pMemoize|withCache|cacheable|remember|wrap|unstable_cache)$/;

const modifiers = (n: ts.Node) => (ts.canHaveModifiers(n) ? ts.getModifiers(n) ?? [] : []);

function isAsync(fn: ts.Node): boolean {
  return modifiers(fn).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

function typeName(type: ts.TypeNode): string | undefined {
  if (ts.isTypeReferenceNode(type)) return ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
  return undefined;
}

/** Promise<T> / PromiseLike<T> -> T (once). */
function unwrapPromise(type: ts.TypeNode): ts.TypeNode {
  if (ts.isTypeReferenceNode(type) && /^(Promise|PromiseLike)$/.test(typeName(type) ?? "") && type.typeArguments?.length === 1) return type.typeArguments[0]!;
  return type;
}

function isPromiseType(type: ts.TypeNode | undefined): boolean {
  return Boolean(type && ts.isTypeReferenceNode(type) && /^(Promise|PromiseLike|PrismaPromise)$/.test(typeName(type) ?? ""));
}

/** Why values of this type are not plain data (undefined: they may be). */
function nonDataType(type: ts.TypeNode, sf: ts.SourceFile, names: ReadonlySet<string>): string | undefined {
  if (ts.isFunctionTypeNode(type) || ts.isConstructorTypeNode(type)) return "a function";
  if (ts.isParenthesizedTypeNode(type)) return nonDataType(type.type, sf, names);
  if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) {
    for (const t of type.types) {
      const why = nonDataType(t, sf, names);
      if (why) return why;
    }
    return undefined;
  }
  if (ts.isArrayTypeNode(type)) return nonDataType(type.elementType, sf, names);
  if (ts.isTypeLiteralNode(type)) {
    for (const m of type.members) {
      if (ts.isMethodSignature(m) || ts.isCallSignatureDeclaration(m)) return "an object with methods";
      if (ts.isPropertySignature(m) && m.type) {
        const why = nonDataType(m.type, sf, names);
        if (why) return `an object holding ${why}`;
      }
    }
    return undefined;
  }
  const name = typeName(type);
  if (!name) return undefined;
  if (names.has(name)) return name === "Function" || name === "CallableFunction" ? "a function" : `a \`${name}\``;
  // `MeasureContext`, `RequestContext`, `PinoLogger`, `ServerSocket`: a parameter of such a type is an object at work, not data
  if (names === NON_DATA_TYPES && NON_DATA_TYPE_SUFFIX.test(name)) return `a \`${name}\` (by its name, a context, logger, socket or stream object)`;
  // a class of this file with methods: instances carry behaviour the key cannot hold
  const cls = sf.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name);
  if (cls && cls.members.some((m) => ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m))) return `an instance of the class \`${name}\` (it has methods)`;
  return undefined;
}

/** How the body uses an untyped parameter that makes it look like something other than plain data. */
function suspiciousUse(param: ts.Identifier, fn: ts.Node): string | undefined {
  let why: string | undefined;
  const decl = param;
  walk(fn, (n) => {
    if (why || !ts.isIdentifier(n) || n.text !== decl.text || !isReference(n) || findDeclaration(n) !== decl) return;
    const p = n.parent;
    if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === n) why = "the body calls it, so it is a function";
    else if (ts.isPropertyAccessExpression(p) && p.expression === n && (STREAM_METHODS.has(p.name.text) || p.name.text === "aborted")) why = `the body uses \`${n.text}.${p.name.text}\`, so it is not plain data`;
    else if (ts.isPropertyAssignment(p) && p.initializer === n && ts.isIdentifier(p.name) && p.name.text === "signal") why = "the body passes it as a `signal`, so it is an AbortSignal";
    else if (ts.isShorthandPropertyAssignment(p) && p.name.text === "signal") why = "the body passes it as a `signal`, so it is an AbortSignal";
  }, { intoFunctions: true });
  return why;
}

/** What the function returns that does not survive the cache, from its annotation and its return statements. */
function nonDataReturn(fn: CacheCandidate, sf: ts.SourceFile, classify: CallClassifier, body: BodyFacts): string | undefined {
  if (fn.type) {
    const inner = unwrapPromise(fn.type);
    const why = nonDataType(inner, sf, NON_DATA_RETURN_TYPES);
    if (why) return why;
  }
  const returned: ts.Expression[] = [];
  for (const e of body.returns) if (e) returned.push(e);
  const unwrap = (e0: ts.Expression): ts.Expression => {
    let e = e0;
    while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    return e;
  };
  const values: ts.Expression[] = [];
  for (const e of returned) {
    const outer = unwrap(e);
    if (ts.isObjectLiteralExpression(outer)) for (const v of returnedValues(outer)) values.push(unwrap(v));
    else values.push(outer);
  }
  for (const e of values) {
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return "a function";
    if (ts.isJsxElement(e) || ts.isJsxSelfClosingElement(e) || ts.isJsxFragment(e)) return "a React element (JSX), which holds functions and symbols";
    // fetch's `res.body` and the AWS SDK's GetObject `Body` are streams
    if (ts.isPropertyAccessExpression(e) && /^(body|Body)$/.test(e.name.text)) return `\`${shortCode(e, 40)}\`, a response body stream`;
    if (ts.isIdentifier(e) && destructuredFrom(e, /^(body|Body)$/)) return `\`${e.text}\` (a response's \`${destructuredFrom(e, /^(body|Body)$/)}\`), a body stream`;
    if (ts.isCallExpression(e) && /^(createReadStream|pipe|stream|getReader|streamText|streamObject)$/.test(ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : ts.isIdentifier(e.expression) ? e.expression.text : "")) return `\`${shortCode(e, 40)}\`, a stream`;
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) {
      const name = e.expression.text;
      if (NON_DATA_RETURN_TYPES.has(name) || name === "Response") return `a \`${name}\``;
      const cls = sf.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name);
      if (cls && cls.members.some((m) => ts.isMethodDeclaration(m))) return `an instance of \`${name}\`, which would come back from the cache as a plain object without its methods`;
      if (cls) return `an instance of \`${name}\` (the cache keeps plain data only, so such calls would run uncached)`;
    }
    // the whole HTTP response (fetch's Response, axios' response with its request object)
    const call = ts.isIdentifier(e) ? initializerCall(e) : ts.isCallExpression(e) ? e : undefined;
    if (call && madeByClassTransformer(call)) return `class instances made by \`${shortCode(call, 40)}\` (the cache keeps plain data only, so such calls would run uncached)`;
    if (call) {
      const hit = classify(call);
      if (hit && hit.kind === "api-call" && HTTP_LIBRARIES.test(hit.library)) {
        // the fallback's generic `this.http.get(url)` is as often Angular's HttpClient, whose observable carries the body
        if (hit.library === "http") return `the result of \`${shortCode(call, 40)}\` as it is (a whole HTTP response, or an observable as Angular's HttpClient gives; return plain data instead)`;
        return `the whole HTTP response of \`${shortCode(call, 40)}\` (return its data instead)`;
      }
      const instances = hit?.kind === "db-query" ? ormInstances(call, hit.library) : undefined;
      if (instances) return `${instances} of \`${shortCode(call, 40)}\``;
    }
  }
  return undefined;
}

/** `plainToInstance(Entity, rows)` of class-transformer, also as the callback of a `map`. */
function madeByClassTransformer(call: ts.CallExpression): boolean {
  const isMaker = (c: ts.CallExpression): boolean => /^(plainToInstance|plainToClass|plainToClassFromExist)$/.test(calledName(c.expression) ?? "");
  if (isMaker(call)) return true;
  const cb = ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === "map" ? call.arguments[0] : undefined;
  if (!cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) return false;
  let body: ts.Node = cb.body;
  while (ts.isParenthesizedExpression(body)) body = body.expression;
  return ts.isCallExpression(body) && isMaker(body);
}

/**
 * What an ORM query hands back as class instances, which the runtime never caches (it would return them without
 * their methods): Mongoose documents (no `.lean()`), Sequelize instances (no `raw: true`), TypeORM entities. Undefined: plain data.
 */
function ormInstances(call: ts.CallExpression, library: string): string | undefined {
  const methods: string[] = [];
  for (let e: ts.Expression = call; ts.isCallExpression(e) || ts.isPropertyAccessExpression(e); e = e.expression) {
    if (ts.isPropertyAccessExpression(e)) methods.push(e.name.text);
  }
  if (library === "mongoose" && !methods.includes("lean") && methods.some((m) => /^(find|findOne|findById)$/.test(m))) {
    return "Mongoose documents (class instances: the runtime runs such calls uncached; add `.lean()` for plain data)";
  }
  if (library === "sequelize" && methods.some((m) => /^(findOne|findAll|findByPk|findAndCountAll)$/.test(m))) {
    const options = call.arguments.find(ts.isObjectLiteralExpression);
    const raw = options?.properties.some((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "raw" && p.initializer.kind === ts.SyntaxKind.TrueKeyword);
    if (!raw) return "Sequelize instances (class instances: the runtime runs such calls uncached; pass `raw: true` for plain data)";
  }
  // entities are instances of their entity class; raw queries and getRaw*() give plain rows
  const last = methods[0];
  if (library === "typeorm" && last !== undefined && /^(find|findBy|findOne|findOneBy|findOneOrFail|findOneByOrFail|findAndCount|findAndCountBy|findByIds|preload|getMany|getOne|getOneOrFail|getManyAndCount)$/.test(last)) {
    return "TypeORM entities (class instances: the runtime runs such calls uncached; use `getRawMany()`/`getRawOne()` or map them to plain objects)";
  }
  return undefined;
}

/** `const { Body } = await s3.send(…)` -> "Body" when `id` is bound to a property whose name matches. */
function destructuredFrom(id: ts.Identifier, names: RegExp): string | undefined {
  const decl = findDeclaration(id);
  const el = decl?.parent;
  if (!el || !ts.isBindingElement(el) || !ts.isObjectBindingPattern(el.parent)) return undefined;
  const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : undefined;
  return prop && names.test(prop) ? prop : undefined;
}

/** `const res = await fetch(…)` -> the fetch call. */
function initializerCall(id: ts.Identifier): ts.CallExpression | undefined {
  const decl = findDeclaration(id);
  const p = decl?.parent;
  if (!p || !ts.isVariableDeclaration(p) || p.name !== decl || !p.initializer) return undefined;
  let e = p.initializer;
  while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  return ts.isCallExpression(e) ? e : undefined;
}

/** Does a non-async function visibly return a promise? */
function returnsPromise(fn: CacheCandidate, classify: CallClassifier, body: BodyFacts): boolean {
  if (isPromiseType(fn.type)) return true;
  // a declared `(): TSentiment | undefined` is what callers get, whatever the body's calls look like
  if (fn.type || body.returns.length === 0) return false;
  return body.returns.every((e0) => {
    if (!e0) return false; // a bare `return;`
    let e = e0;
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    if (!ts.isCallExpression(e)) return false;
    if (ts.isPropertyAccessExpression(e.expression) && /^(then|catch|finally)$/.test(e.expression.name.text)) return true;
    if (ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === "Promise") return true;
    return Boolean(classify(e));
  });
}

function usesArguments(fn: CacheCandidate): boolean {
  if (ts.isArrowFunction(fn) || !fn.body) return false;
  let used = false;
  walk(fn.body, (n) => {
    if (ts.isArrowFunction(n)) return; // arrows see the outer `arguments`
    if (n !== fn.body && isFunctionLike(n)) return "skip";
    if (ts.isIdentifier(n) && n.text === "arguments" && isReference(n) && !findDeclaration(n)) used = true;
  }, { intoFunctions: true });
  return used;
}

/** Elements of the key array: every name the parameters bind (defaults applied, rest arrays, destructured parts) and extra `arguments`. */
function keyOf(fn: CacheCandidate): KeyPlan {
  const elements: string[] = [];
  let declared = 0;
  for (const p of fn.parameters) {
    if (ts.isIdentifier(p.name) && p.name.text === "this") continue;
    declared++;
    for (const id of namesOf(p.name)) elements.push(id.text);
  }
  if (usesArguments(fn)) elements.push(`...Array.from(arguments).slice(${declared})`);
  return { elements };
}

function qualifiedNameOf(fn: CacheCandidate, name: string): string {
  return functionNameOf(fn) ?? name;
}

/** Is a read of `id` (declared outside fn) a read of state that can change between calls? */
function mutableStateOf(decl: ts.Identifier, fn: ts.Node, mutatedDecls: () => ReadonlySet<ts.Identifier>): string | undefined {
  let n: ts.Node = decl.parent;
  while (ts.isBindingElement(n) || ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n)) n = n.parent;
  const moduleLevel = (node: ts.Node) => {
    for (let p = node.parent; p; p = p.parent) if (isFunctionLike(p)) return false;
    return true;
  };
  if (ts.isVariableDeclaration(n)) {
    const list = n.parent;
    const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
    const where = moduleLevel(n) ? "module-level" : "outer";
    if (!isConst) return `a${where === "outer" ? "n" : ""} ${where} \`${ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Let ? "let" : "var"}\` that other code can reassign`;
    if (mutatedDecls().has(decl)) return `a ${where} object that other code in this file changes`;
    return undefined;
  }
  if (ts.isParameter(n) && !contains(fn, n)) return undefined; // handled as outer state
  return undefined;
}

const MUTATED = Symbol("mutatedDeclarations");

/**
 * Declarations of the file whose value or object is changed somewhere (`x = …`, `x.a = …`, `x.a++`,
 * `delete x.a`, `x.push(…)`; a mutating-looking method of an API/DB client is a call, not a change).
 * One syntax pass per file, asked only when a candidate reads a module-level const.
 */
export function mutatedDeclarations(sf: ts.SourceFile, classifyCall: CallClassifier = basicClassifier, writeSites?: readonly (readonly ts.Node[])[]): Set<ts.Identifier> {
  return fileMemo(sf, MUTATED, () => collectMutated(sf, classifyCall, writeSites));
}

function collectMutated(sf: ts.SourceFile, classifyCall: CallClassifier, writeSites: readonly (readonly ts.Node[])[] | undefined): Set<ts.Identifier> {
  const out = new Set<ts.Identifier>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) {
      let top: ts.Expression = n;
      while ((ts.isPropertyAccessExpression(top.parent) || ts.isElementAccessExpression(top.parent)) && top.parent.expression === top) top = top.parent;
      let changed = isWriteTarget(top);
      const call = top.parent;
      if (!changed && top !== n && ts.isPropertyAccessExpression(top) && ts.isCallExpression(call) && call.expression === top && MUTATING_METHODS.has(top.name.text)) changed = !classifyCall(call);
      // isReference climbs to the statement: asked only of the few changed names (the checks above are pure)
      if (changed && isReference(n)) {
        const decl = findDeclaration(n);
        if (decl) out.add(decl);
      }
    }
    ts.forEachChild(n, visit);
  };
  if (writeSites) {
    // A changed name sits in the target part of the node its write ends in (isWriteTarget: an assignment's
    // left side, a for-of/in head, the operand of ++/-- or delete) or in the callee of its mutating call:
    // visiting just those parts finds the same set.
    for (const sites of writeSites) for (const site of sites) {
      if (ts.isCallExpression(site)) {
        if (ts.isPropertyAccessExpression(site.expression) && MUTATING_METHODS.has(site.expression.name.text)) visit(site.expression);
      } else if (ts.isBinaryExpression(site)) visit(site.left);
      else if (ts.isForOfStatement(site) || ts.isForInStatement(site)) visit(site.initializer);
      else if (ts.isPrefixUnaryExpression(site) || ts.isPostfixUnaryExpression(site)) visit(site.operand);
      else if (ts.isDeleteExpression(site)) visit(site.expression);
    }
  } else visit(sf);
  return out;
}

/** The function that gives `fn` its `this` (itself, or the one an arrow sits in) declares a `this` parameter. */
function declaresThis(fn: ts.Node): boolean {
  let f: ts.Node | undefined = fn;
  while (f && ts.isArrowFunction(f)) {
    f = f.parent;
    while (f && !isFunctionLike(f)) f = f.parent;
  }
  const first = f && (f as ts.SignatureDeclaration).parameters?.[0];
  return Boolean(first && ts.isIdentifier(first.name) && first.name.text === "this");
}

/** Methods of arrays and strings: what they are called on is data, not a client (not `find`: a repository has one). */
const VALUE_METHODS = new Set([
  "map", "filter", "forEach", "reduce", "some", "every", "includes", "indexOf", "join", "slice", "concat",
  "flat", "flatMap", "at", "split", "startsWith", "endsWith", "toLowerCase", "toUpperCase", "trim", "replace", "replaceAll", "padStart", "padEnd",
]);

/**
 * `this.x` used as a plain value (not as the receiver of a call chain such as `this.http.get(…)`), in the
 * body and in the methods of the same class it calls (`this.buildUrl(id)` reading `this.baseUrl`).
 */
function thisStateReads(fn: CacheCandidate, seen = new Set<ts.Node>(), depth = 0): ts.Expression[] {
  const out: ts.Expression[] = [];
  if (!fn.body || seen.has(fn)) return out;
  seen.add(fn);
  const cls = fn.parent && ts.isClassLike(fn.parent) ? fn.parent : undefined;
  // `async getProjects(this: ILoadOptionsFunctions)`: `this` is a context the caller binds (n8n's credentials and node
  // parameters come from `this.getCredentials(…)`), so what its methods answer is an input too
  const boundContext = declaresThis(fn);
  walk(fn.body, (n) => {
    if (n !== fn.body && isFunctionLike(n) && !ts.isArrowFunction(n)) return "skip";
    if (!ts.isPropertyAccessExpression(n) || n.expression.kind !== ts.SyntaxKind.ThisKeyword) return;
    // climb the member chain: a call at its end makes it a client/method use
    let top: ts.Expression = n;
    while ((ts.isPropertyAccessExpression(top.parent) || ts.isElementAccessExpression(top.parent)) && top.parent.expression === top) top = top.parent;
    if (ts.isCallExpression(top.parent) && top.parent.expression === top) {
      if (boundContext && top === n) {
        out.push(top.parent);
        return;
      }
      // `this.urls.map(fetch)`, `this.tags.join(",")`: a value's own method, so the value is read (a client's `this.db.query()` is not)
      if (top !== n && ts.isPropertyAccessExpression(top) && VALUE_METHODS.has(top.name.text)) {
        out.push(top.expression);
        return;
      }
      const method = top === n && cls ? cls.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === n.name.text && Boolean(m.body)) : undefined;
      if (method && depth < 3) out.push(...thisStateReads(method, seen, depth + 1));
      return;
    }
    if (ts.isTaggedTemplateExpression(top.parent) && top.parent.tag === top) return;
    out.push(top);
  }, { intoFunctions: true });
  return out;
}

/** Reads of parameters and locals of enclosing functions (factory closures) used as plain values, not as clients. */
function closureValueReads(fn: CacheCandidate): { id: ts.Identifier; code: string }[] {
  const out: { id: ts.Identifier; code: string }[] = [];
  if (!fn.body) return out;
  walk(fn.body, (n) => {
    if (!ts.isIdentifier(n) || !isReference(n)) return;
    const decl = findDeclaration(n);
    if (!decl || contains(fn, decl)) return;
    let p: ts.Node = decl.parent;
    while (ts.isBindingElement(p) || ts.isObjectBindingPattern(p) || ts.isArrayBindingPattern(p)) p = p.parent;
    const enclosingLocal = (ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p)) && !isModuleLevel(p);
    if (!ts.isParameter(p) && !enclosingLocal) return;
    if (ts.isFunctionDeclaration(p)) return; // a helper: its effects were followed as calls
    let top: ts.Expression = n;
    while ((ts.isPropertyAccessExpression(top.parent) || ts.isElementAccessExpression(top.parent)) && top.parent.expression === top) top = top.parent;
    if (ts.isCallExpression(top.parent) && top.parent.expression === top) return;
    out.push({ id: n, code: shortCode(top, 40) });
  }, { intoFunctions: true });
  return out;
}

function isModuleLevel(node: ts.Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (isFunctionLike(p)) return false;
  return true;
}

/**
 * A caller in the file keeps the function's result in a module variable (`inFlight = fetchGithubKeys(uri)…`,
 * `cachedKeys = await fetchKeys()`): a hand-made cache, often with a reset for tests, that a second cache under it
 * would outlive; or hands the function to a cache (`cache.withCache(fetchCatalog, key, ttl)`), whose key may hold
 * what the new one's would not (a version, a hash of the API key). The assignment or call, as code (undefined: none).
 */
function cachedByCaller(fn: CacheCandidate, sf: ts.SourceFile, fileCalls: readonly ts.Node[] | undefined): string | undefined {
  const name = ts.isFunctionDeclaration(fn) ? fn.name?.text : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
  if (!name) return undefined;
  for (const call of fileCalls ?? callsOf(sf)) {
    if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== name) continue;
    // up through `await`, parentheses and a chain on the result (`.finally(…)`, `.then(…)`) to an assignment
    let n: ts.Node = call;
    while (n.parent && (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || (ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n) || (ts.isCallExpression(n.parent) && n.parent.expression === n))) n = n.parent;
    const assignment = n.parent;
    if (assignment && ts.isBinaryExpression(assignment) && assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken && assignment.right === n && ts.isIdentifier(assignment.left) && declaredAtTop(assignment.left, sf)) return shortCode(assignment, 50);
  }
  // handed to a cache: `cache.withCache(fetchCatalog, key, ttl)`, `memoize(() => loadPlans(region))`
  for (const call of fileCalls ?? callsOf(sf)) {
    if (!ts.isCallExpression(call) || !isCacheCall(call)) continue;
    if (call.arguments.some((arg) => handsOver(arg, name))) return shortCode(call, 50);
  }
  return undefined;
}

// `wrap` only on a cache (cache-manager's `cache.wrap(key, fn, ttl)`): an Express `wrap(handler)` catches errors
const HANDED_TO_CACHE = /^(cached|memoize|memoizee|pMemoize|withCache|cacheable|unstable_cache)$/;

function isCacheCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  const name = calledName(callee) ?? "";
  if (HANDED_TO_CACHE.test(name)) return true;
  return name === "wrap" && ts.isPropertyAccessExpression(callee) && /cache/i.test(calledName(callee.expression) ?? "");
}

/** `name` itself, or a callback that only calls it (`() => name(a)`, `async () => await name()`). */
function handsOver(arg: ts.Expression, name: string): boolean {
  if (ts.isIdentifier(arg)) return arg.text === name;
  if (!ts.isArrowFunction(arg) && !ts.isFunctionExpression(arg)) return false;
  let e: ts.Node | undefined = arg.body;
  if (e && ts.isBlock(e)) {
    const only = e.statements.length === 1 ? e.statements[0] : undefined;
    e = only && ts.isReturnStatement(only) ? only.expression : undefined;
  }
  while (e && (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e))) e = e.expression;
  return Boolean(e && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === name);
}

const FILE_CALLS = Symbol("fileCalls");

/** Every call of the file, once per file (the codemod's analysis has no detector facts to ask). */
function callsOf(sf: ts.SourceFile): ts.Node[] {
  return fileMemo(sf, FILE_CALLS, () => {
    const calls: ts.Node[] = [];
    walk(sf, (n) => {
      if (ts.isCallExpression(n)) calls.push(n);
    }, { intoFunctions: true });
    return calls;
  });
}

/** `x` is the file's own top-level `let x` (not a local of the same name). */
function declaredAtTop(id: ts.Identifier, sf: ts.SourceFile): boolean {
  const statement = findDeclaration(id)?.parent?.parent?.parent;
  return Boolean(statement && ts.isVariableStatement(statement) && statement.parent === sf);
}

function alreadyCached(fn: CacheCandidate): string | undefined {
  if (!fn.body) return undefined;
  let found: string | undefined;
  walk(fn.body, (n) => {
    if (found || !ts.isCallExpression(n)) return;
    const callee = ts.isIdentifier(n.expression) ? n.expression.text : ts.isPropertyAccessExpression(n.expression) ? n.expression.name.text : "";
    if (CACHE_CALLS.test(callee)) found = shortCode(n, 40);
  }, { intoFunctions: true });
  return found;
}

/**
 * An LLM completion sent with a generic HTTP client: a POST that reads. An LLM SDK's own write (a file
 * upload, a batch or fine-tuning job, `ollama.pull`) is a write: the catalog already calls its completions reads.
 */
function isLlmCall(call: ts.Node, library: string): boolean {
  if (isLlmLibrary(library)) return false;
  if (!ts.isCallExpression(call)) return false;
  const url = call.arguments[0];
  const text = url && (ts.isStringLiteralLike(url) ? url.text : ts.isTemplateExpression(url) ? url.getText() : undefined);
  return Boolean(text && LLM_URL.test(text));
}

export function isMarkedWrapped(fn: CacheCandidate, sf: ts.SourceFile): boolean {
  const body = fn.body;
  if (!body) return false;
  const first = ts.isBlock(body) ? body.statements[0] : body;
  if (!first) return false;
  const at = ts.isBlock(body) ? first.pos : (fn as ts.ArrowFunction).equalsGreaterThanToken?.end ?? first.pos;
  const comments = [...(ts.getTrailingCommentRanges(sf.text, at) ?? []), ...(ts.getLeadingCommentRanges(sf.text, at) ?? [])];
  return comments.some((c) => /^\/\/ optimigrate: cached\b.*\(cache-wrap\)/.test(sf.text.slice(c.pos, c.end)));
}

/** What the function's own body (not the functions it makes) hands back, gathered in one walk. */
interface BodyFacts {
  /** An expression body, or each `return`'s operand (undefined for a bare `return;`). */
  returns: (ts.Expression | undefined)[];
  /** A value handed back in place of an error: `catch { return [] }`, `.catch(() => null)`. */
  fallback?: ts.Node;
  /** `try` statements whose `catch` neither returns nor throws: the function goes on, often to return `undefined`. */
  silentCatches: ts.TryStatement[];
}

/** A catch block that can run to its end: no `return` or `throw` among its own statements. */
function catchGoesOn(block: ts.Block): boolean {
  return !block.statements.some((s) => ts.isThrowStatement(s) || ts.isReturnStatement(s));
}

function bodyFacts(fn: CacheCandidate): BodyFacts {
  const facts: BodyFacts = { returns: [], silentCatches: [] };
  if (!fn.body) return facts;
  if (!ts.isBlock(fn.body)) facts.returns.push(fn.body);
  walk(fn.body, (n) => {
    if (ts.isReturnStatement(n)) facts.returns.push(n.expression);
    else if (facts.fallback) return;
    else if (ts.isIfStatement(n) && testsResponseFailure(n.expression)) {
      // `if (!res.ok) return { status: "unknown" }`: a failed response handed back as an answer
      walk(n.thenStatement, (m) => {
        if (!facts.fallback && ts.isReturnStatement(m) && isStoredValue(m.expression)) facts.fallback = m;
      });
    }
    else if (ts.isTryStatement(n) && n.catchClause) {
      walk(n.catchClause.block, (m) => {
        if (!facts.fallback && ts.isReturnStatement(m) && m.expression) facts.fallback = m;
      });
      if (!facts.fallback && catchGoesOn(n.catchClause.block)) facts.silentCatches.push(n);
    } else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "catch") {
      const handler = n.arguments[0];
      if (handler && (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler))) {
        if (!ts.isBlock(handler.body)) facts.fallback = n;
        else {
          walk(handler.body, (m) => {
            if (!facts.fallback && ts.isReturnStatement(m) && m.expression) facts.fallback = n;
          });
        }
      }
    }
  });
  return facts;
}

/**
 * The first followed helper that hands back a value in place of a failure of a read it makes: a `catch` around the
 * read that returns or goes on, `read().catch(() => [])`, `if (!res.ok) return []`. Only failures of the read count:
 * a helper's `catch` around a write it makes is its own business.
 */
function helperFallback(followed: readonly { fn: ts.Node; via: string }[], reads: readonly { node: ts.Node }[]): { node: ts.Node; via: string } | undefined {
  for (const { fn: helper, via } of followed) {
    const own = reads.filter((r) => contains(helper, r.node));
    if (own.length === 0) continue;
    const around = (n: ts.Node) => own.some((r) => contains(n, r.node));
    let node: ts.Node | undefined;
    walk((helper as { body?: ts.Node }).body ?? helper, (n) => {
      if (node) return "skip";
      if (ts.isTryStatement(n) && n.catchClause && around(n.tryBlock)) {
        const block = n.catchClause.block;
        walk(block, (m) => {
          if (!node && ts.isReturnStatement(m) && isStoredValue(m.expression)) node = m;
        });
        if (!node && catchGoesOn(block)) node = n.catchClause;
      } else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "catch" && around(n.expression.expression)) node = n;
      else if (ts.isIfStatement(n) && testsResponseFailure(n.expression)) {
        walk(n.thenStatement, (m) => {
          if (!node && ts.isReturnStatement(m) && isStoredValue(m.expression)) node = m;
        });
      }
      return undefined;
    });
    if (node) return { node, via };
  }
  return undefined;
}

/** `!res.ok`, `res.status !== 200`, `response.statusCode >= 400`: a test of an HTTP response for failure. */
function testsResponseFailure(condition: ts.Expression): boolean {
  let found = false;
  walk(condition, (n) => {
    if (found) return "skip";
    const isOk = (e: ts.Expression) => ts.isPropertyAccessExpression(e) && e.name.text === "ok";
    if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken && isOk(n.operand)) found = true;
    else if (ts.isBinaryExpression(n) && isOk(n.left) && n.right.kind === ts.SyntaxKind.FalseKeyword && /^={2,3}$/.test(n.operatorToken.getText())) found = true;
    else if (ts.isBinaryExpression(n) && ts.isPropertyAccessExpression(n.left) && /^(status|statusCode)$/.test(n.left.name.text) && ts.isNumericLiteral(n.right)) {
      // `status !== 200`, `status >= 400`: a failure; not `status === 200` (success) nor `order.status === 2`
      const op = n.operatorToken.kind;
      const code = Number(n.right.text);
      found = ((op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) && code >= 200 && code < 300) || ((op === ts.SyntaxKind.GreaterThanEqualsToken || op === ts.SyntaxKind.GreaterThanToken) && code >= 299 && code < 600);
    }
    return undefined;
  });
  return found;
}

/** A value that the cache stores (it does not store `null` or `undefined`, so a `return null` fallback is not cached). */
function isStoredValue(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  const x = skipOuter(e);
  return !(x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === "undefined") || ts.isVoidExpression(x));
}

/** `Promise<void>`, or a block body with no `return <value>`: the function runs for its effects. */
function returnsNothing(fn: CacheCandidate, body: BodyFacts): boolean {
  if (fn.type) {
    const inner = unwrapPromise(fn.type);
    if (inner.kind === ts.SyntaxKind.VoidKeyword || inner.kind === ts.SyntaxKind.UndefinedKeyword) return true;
  }
  return Boolean(fn.body && ts.isBlock(fn.body)) && !body.returns.some(Boolean);
}

/** The transaction call whose callback the function is declared in (`prisma.$transaction(async (tx) => { … })`). */
function enclosingTransaction(fn: ts.Node): ts.CallExpression | undefined {
  for (let n: ts.Node | undefined = fn.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    const call = n.parent;
    if (call && ts.isCallExpression(call) && call.arguments.includes(n as ts.Expression)) {
      const name = calledName(call.expression);
      if (name && TRANSACTION_METHODS.has(name)) return call;
    }
  }
  return undefined;
}

// what narrows a read to some columns, by library, for the cache-whole-row message
const WHOLE_ROW_PROJECTION: Record<string, string> = { prisma: "`select`", sequelize: "`attributes`", mongoose: "`.select()`", mongodb: "projection" };

// names of access decisions: serving one stale keeps a revoked permission alive
const AUTHORIZATION_WORDS = new Set(["permission", "permissions", "role", "roles", "access", "accessible", "acl", "acls", "authorization", "authorize", "authorized", "policy", "policies", "privilege", "privileges", "entitlement", "entitlements", "grant", "grants",
  // trust decisions: which hosts, users or tokens to let through (Outline's getValidatedHost for OAuth redirects)
  "valid", "validate", "validated", "trusted", "allowed", "allowlist", "allowlisted", "whitelist", "whitelisted", "blocked", "blocklist", "blacklist", "blacklisted", "banned", "verified",
  // quota decisions: how much more one may do (a plan's document limit, checked before each create)
  "quota", "quotas", "limits", "remaining", "allowance"]);

const CACHE_SWITCH_PARAM = /^((use|skip|no|bypass|disable|ignore|with)_?cached?|force(_?(refresh|fetch|reload|fresh))?|refresh|fresh|reload|revalidate|no_?store)$/i;

// Modules that only browser or mobile app code imports; "use client" says so outright.

const REDIS_LIBRARIES = /^(redis|ioredis|@upstash\/redis)$/;

// `http://localhost:5173`, `127.0.0.1`, `resolveViteDevOrigin()`, `DEV_SERVER_URL`
const LOCAL_SERVER = /\blocalhost\b|\b127\.0\.0\.1\b|\b0\.0\.0\.0\b|\[::1\]|dev_?server|dev_?origin|dev_?url|dev_?host/i;

/**
 * An HTTP read of a server on this machine or a development server (`fetchViteDevTemplate`, `fetch("http://localhost:…")`):
 * its answers change as someone works on it, and a cached page would hide each edit for the whole TTL.
 */
function devServerRead(name: string, reads: readonly { node: ts.Node; library: string }[]): ts.Node | undefined {
  const devName = nameWords(name).includes("dev");
  for (const r of reads) {
    if (!HTTP_LIBRARIES.test(r.library) || !ts.isCallExpression(r.node)) continue;
    const url = r.node.arguments[0];
    if (devName || (url && LOCAL_SERVER.test(url.getText()))) return r.node;
  }
  return undefined;
}
// Stripe objects that payments, renewals and webhooks change outside the app (not products, prices or plans)
const LIVE_BILLING = /\.(invoices|subscriptions|subscriptionItems|paymentIntents|setupIntents|charges|refunds|payouts|balance|balanceTransactions|checkout|paymentMethods|creditNotes)\./;
/**
 * Libraries whose reads must name their table to be called safe: those whose queries name it where the syntax
 * shows it (src/analysis/data-tables.ts), TypeORM, and the fallback's repository and model calls ("orm"). Raw SQL
 * must name its tables in any library (src/analysis/raw-sql.ts).
 */
const TABLE_NAMING_LIBRARIES = new Set(["knex", "kysely", "prisma", "mongoose", "mongodb", "sequelize", "@supabase/supabase-js", "typeorm", "orm"]);

// permission checks by name: CASL's can/cannot, authorize(), hasPermission(), isAllowed(), …
const ACCESS_CHECK = /^(can|cannot|authorize|authorise|isAuthorized|isAuthorised|checkPermissions?|hasPermissions?|hasAccess|canAccess|isAllowed|ensureCan|assertCan|enforce|throwUnlessCan)$/;
// and by the words of the name: `permissionService.getOrgPermission(…)`, `verifyAccess(…)`, `requireRole(…)`
const ACCESS_WORDS = new Set(["permission", "permissions", "ability", "abilities", "authorization", "authorisation", "entitlement", "entitlements", "acl", "rbac"]);
const ACCESS_VERBS = new Set(["check", "verify", "require", "assert", "ensure", "validate", "enforce"]);
const ACCESS_OBJECTS = new Set(["access", "role", "roles", "scope", "scopes", "membership", "owner", "ownership"]);

function accessCheckName(name: string): boolean {
  if (ACCESS_CHECK.test(name)) return true;
  const words = nameWords(name);
  return words.some((w) => ACCESS_WORDS.has(w)) || (ACCESS_VERBS.has(words[0] ?? "") && words.slice(1).some((w) => ACCESS_OBJECTS.has(w)));
}

// a query filter on who belongs (`members: { some: { userId } }`): the answer is a membership check
// also nested and prefixed: `organisationGroupMembers: { some: { organisationMember: { userId } } }`
const MEMBERSHIP_KEYS = /(members?|memberships?|collaborators|participants|owners|admins)$/i;
const USER_NAMES = /^(userId|user|memberId|accountId|ownerId)$/;
/** Does the expression name the user anywhere (`{ some: { userId } }`, `!members.some((m) => m.userId === userId)`)? */
const namesUser = (n: ts.Node): boolean => (ts.isIdentifier(n) && USER_NAMES.test(n.text)) || ts.forEachChild(n, namesUser) === true;

/** The membership filter in a query's arguments, if any. */
function membershipFilter(node: ts.Node): ts.Node | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && MEMBERSHIP_KEYS.test(n.name.text) && namesUser(n.initializer)) found = n;
    // the filter built by a helper: `team: teamOf(teamId, userId)`, `buildTeamWhereQuery({ teamId, userId })`
    else if (ts.isCallExpression(n) && n.arguments.some(namesUser) && filterBuilderName(n)) found = n;
    else ts.forEachChild(n, visit);
  };
  node.arguments.forEach(visit);
  return found;
}

const FILTER_BUILDER_WORDS = new Set(["where", "filter", "member", "members", "membership", "access", "team", "teams", "organisation", "organization", "org", "owner", "scope", "visible", "accessible"]);

function filterBuilderName(call: ts.CallExpression): boolean {
  const name = calledName(call.expression);
  return name !== undefined && nameWords(name).some((w) => FILTER_BUILDER_WORDS.has(w));
}

const ACCESS_ERROR = /\b(UNAUTHORI[SZ]ED|FORBIDDEN|NOT_ALLOWED|ACCESS_DENIED|unauthori[sz]ed|forbidden|not allowed|access denied|not a member|permission)/i;

/**
 * `if (!members.some((m) => m.userId === userId)) throw new AppError(UNAUTHORIZED)`: an access check written as
 * code, after the read; a hit would hand the result to whoever asks with those arguments.
 */
function accessThrow(body: ts.Node): string | undefined {
  let found: string | undefined;
  walk(body, (n) => {
    if (found || !ts.isThrowStatement(n) || !ACCESS_ERROR.test(n.expression.getText())) return;
    let p: ts.Node | undefined = n.parent;
    while (p && p !== body && !ts.isIfStatement(p)) p = p.parent;
    if (p && ts.isIfStatement(p) && namesUser(p.expression)) found = `${shortCode(p.expression, 40)} → ${shortCode(n.expression, 30)}`;
  });
  return found;
}

function isAccessCheck(node: ts.Node): boolean {
  if (!ts.isCallExpression(node)) return false;
  const name = calledName(node.expression);
  return name !== undefined && accessCheckName(name) && node.arguments.length > 0;
}

/** `fetch("/api/keys")`: a path on the page's own origin, which only a browser can fetch (Node needs a full URL). */
function ownOriginFetch(reads: { node: ts.Node; library: string }[]): string | undefined {
  for (const { node, library } of reads) {
    if (library !== "fetch" || !ts.isCallExpression(node)) continue;
    const url = node.arguments[0];
    const text = url && (ts.isStringLiteralLike(url) ? url.text : ts.isTemplateExpression(url) ? url.head.text : undefined);
    if (text?.startsWith("/") && !text.startsWith("//")) return `it fetches \`${shortCode(url!, 30)}\` from its own origin, which only a browser can`;
  }
  return undefined;
}

/** A returned object literal's own values: `{ body: res.body, type }` hands back the stream just the same. */
function returnedValues(e: ts.ObjectLiteralExpression): ts.Expression[] {
  const values: ts.Expression[] = [];
  for (const p of e.properties) {
    if (ts.isPropertyAssignment(p)) values.push(p.initializer);
    else if (ts.isShorthandPropertyAssignment(p)) values.push(p.name);
  }
  return values;
}

/** The first thing `find` reports in the body, or in a same-file helper it calls (`… (inside helper())`). */
function inBodyOrHelpers(fn: CacheCandidate, followed: readonly { fn: ts.Node; via: string }[], find: (body: ts.Node) => string | undefined): string | undefined {
  return inBodyOrHelper(fn, followed, find, (hit, via) => `${hit} (inside ${via})`);
}

/** The same for what `find` reports as an object, `inside` saying in which helper. */
function inBodyOrHelper<T>(fn: CacheCandidate, followed: readonly { fn: ts.Node; via: string }[], find: (body: ts.Node) => T | undefined, inside: (hit: T, via: string) => T): T | undefined {
  const own = fn.body && find(fn.body);
  if (own) return own;
  for (const { fn: helper, via } of followed) {
    const body = (helper as { body?: ts.Node }).body;
    const hit = body && find(body);
    if (hit) return inside(hit, via);
  }
  return undefined;
}

/** The verdict for one candidate; `reads: false` means it is no candidate (no external read in its body). */
export function analyzeCacheability(fn: CacheCandidate, options: CacheabilityOptions = {}): CacheVerdict {
  const sf = fn.getSourceFile();
  const name = candidateName(fn) ?? "anonymous";
  const qualifiedName = qualifiedNameOf(fn, name);
  const settings = options.settings ?? {};
  const classify: CallClassifier = options.classifyCall ?? basicClassifier;
  const base = { fn, name, qualifiedName, key: keyOf(fn), prefix: prefixFor(name), ttl: ttlFor(qualifiedName, settings) };
  const migrated = isMarkedWrapped(fn, sf);
  const reasons: Reason[] = [];
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;

  const fx = collectEffects(fn, (decl) => contains(fn, decl), { classifyCall: options.classifyCall, resolveImport: options.resolveImport });
  let reads = false;
  for (const c of fx.calls) {
    const data = c.data;
    if (data.type === "external") {
      const call = data.call;
      const code = c.via ? `${c.via} → ${c.code}` : c.code;
      if (call.operation === "read") reads = true;
      else if (call.operation === "write") {
        if (call.kind === "api-call" && isLlmCall(c.node, call.library)) reads = true;
        else reasons.push(reason("cache-write", { code, library: call.library }, line(c.node)));
      } else if (call.kind === "api-call" && isLlmLibrary(call.library)) reads = true; // an LLM SDK call the catalog could not tell: a read, as in the estimate
      else reasons.push(reason("cache-unknown-operation", { code, library: call.library }, line(c.node)));
    } else if (data.type === "fs-write") reasons.push(reason("cache-write", { code: c.code, library: "file system" }, line(c.node)));
  }
  // a cacheable name that only writes (getOrCreate…) is reported with its writes; one without external calls is no candidate
  if (!reads) return { ...base, reads: false, safety: reasons.length ? "unsafe" : "safe", reasons: orderReasons(reasons), migrated };
  if (migrated) return { ...base, reads: true, safety: "safe", reasons: [], migrated };
  // `await incrementViews(id)`, `track("doc_viewed")`: on a hit the call would not happen
  for (const c of fx.calls) {
    if (c.data.type === "opaque" && writeNamedCall(c.node)) reasons.push(reason("cache-write-named-call", { name: calleeText(c.node) + (c.via ? ` (inside ${c.via})` : "") }, line(c.node)));
  }

  const wrapped = alreadyCached(fn);
  if (wrapped) reasons.push(reason("cache-already-wrapped", { code: wrapped }, line(fn)));
  const byCaller = wrapped ? undefined : cachedByCaller(fn, sf, options.calls);
  if (byCaller) reasons.push(reason("cache-cached-by-caller", { code: byCaller }, line(fn)));
  if (fn.asteriskToken) reasons.push(reason("cache-generator", {}, line(fn)));
  const body = bodyFacts(fn);
  if (!isAsync(fn) && !fn.asteriskToken && !returnsPromise(fn, classify, body)) reasons.push(reason("cache-not-async", {}, line(fn)));
  if (!fn.asteriskToken && returnsNothing(fn, body)) reasons.push(reason("cache-returns-nothing", {}, line(fn)));
  const accessWord = nameWords(name).find((w) => AUTHORIZATION_WORDS.has(w));
  if (accessWord) reasons.push(reason("cache-authorization", { word: accessWord }, line(fn)));
  // `can(user, "read", collection)`: the answer depends on a permission check made inside
  const check = accessWord ? undefined : fx.calls.find((c) => isAccessCheck(c.node));
  if (check) reasons.push(reason("cache-authorization-call", { code: shortCode(check.node, 40) }, line(check.node)));
  const membership = accessWord || check ? undefined : fx.calls.map((c) => c.data.type === "external" && membershipFilter(c.node)).find(Boolean);
  if (membership) reasons.push(reason("cache-membership", { code: shortCode(membership, 40) }, line(membership)));
  const thrown = accessWord || check || membership ? undefined : inBodyOrHelpers(fn, fx.followed, accessThrow);
  if (thrown) reasons.push(reason("cache-access-check", { code: thrown }, line(fn)));
  const sensitive = sensitiveName(nameWords(name));
  if (sensitive?.kind === "secret") reasons.push(reason("cache-secret", { detail: `the name says it returns a secret (\`${sensitive.word}\`)` }, line(fn)));
  if (sensitive?.kind === "one-time") reasons.push(reason("cache-one-time-value", { word: sensitive.word }, line(fn)));
  // a secret the body or a helper it calls reads (`findUser(where, { includePassword })` selecting the password)
  const secretInput = secretKeyParam(fn) ?? inBodyOrHelper<SecretInput>(fn, fx.followed, (body) => secretFieldRead(body, classify), (hit, via) => ({ ...hit, detail: `${hit.detail} (inside ${via})` }));
  if (secretInput) reasons.push(reason("cache-secret", { detail: secretInput.detail }, line(secretInput.node)));
  const transaction = enclosingTransaction(fn);
  if (transaction) reasons.push(reason("cache-in-transaction", { name: shortCode(transaction.expression, 40) }, line(transaction)));
  const readCalls = fx.calls.flatMap((c) => (c.data.type === "external" && c.data.call.operation === "read" ? [{ node: c.node, library: c.data.call.library, via: c.via }] : []));
  const wholeRows = sensitive ? undefined : readCalls.map((r) => ({ r, table: wholeCredentialRows(r.node, r.library, options.prisma) })).find((x) => x.table);
  if (wholeRows) {
    const { table, fields } = wholeRows.table!;
    const holding = fields.length ? `, with ${fields.map((f) => `\`${f}\``).join(", ")}` : "";
    reasons.push(reason("cache-whole-row", { table, fields: holding, projection: WHOLE_ROW_PROJECTION[wholeRows.r.library] ?? "column list" }, line(wholeRows.r.node)));
  }
  const fresh = readCalls.map((r) => ({ r, asked: freshRequested(r.node) })).find((x) => x.asked);
  if (fresh) reasons.push(reason("cache-fresh-requested", { code: shortCode(fresh.r.node, 40), asked: fresh.asked! }, line(fresh.r.node)));
  const kept = readCalls.map((r) => ({ r, how: frameworkCached(r.node) })).find((x) => x.how);
  if (kept) reasons.push(reason("cache-framework-cached", { code: shortCode(kept.r.node, 40), how: kept.how! }, line(kept.r.node)));
  const billing = readCalls.find((r) => r.library === "stripe" && LIVE_BILLING.test(shortCode(r.node, 200)));
  if (billing) reasons.push(reason("cache-live-billing", { code: shortCode(billing.node, 40) }, line(billing.node)));
  const local = devServerRead(name, readCalls);
  if (local) reasons.push(reason("cache-dev-server", { code: shortCode(local, 40) }, line(local)));
  const redisRead = readCalls.find((r) => REDIS_LIBRARIES.test(r.library));
  if (redisRead) reasons.push(reason("cache-reads-redis", { code: shortCode(redisRead.node, 40) }, line(redisRead.node)));
  const side = sideOfFile(sf);
  const client = (typeof side === "object" && "client" in side ? side.client : undefined) ?? ownOriginFetch(readCalls);
  if (client) reasons.push(reason("cache-client-code", { detail: client }, line(fn)));
  else if (typeof side === "object" && "edge" in side) reasons.push(reason("cache-edge-code", { detail: side.edge }, line(fn)));
  else if (options.bundledInto) reasons.push(reason(options.bundledInto.id, { detail: options.bundledInto.detail }, line(fn)));
  // a cache shared across tests would carry one test's results into the next
  if (isTestFile(options.fileLabel ?? sf.fileName)) reasons.push(reason("cache-test-code", {}, line(fn)));
  // the clock read in the body or in a helper it calls (`calculateStageDurations()` doing `new Date()`)
  const clock = inBodyOrHelpers(fn, fx.followed, clockRead);
  if (clock) reasons.push(reason("cache-reads-clock", { code: clock }, line(fn)));
  const caller = inBodyOrHelpers(fn, fx.followed, requestScopedRead);
  if (caller) reasons.push(reason("cache-request-scoped", { code: caller }, line(fn)));
  const written = sameClientWrite(fn, readCalls, classify, options.calls);
  if (written) reasons.push(reason(written.sameTable ? "cache-same-repository-writes" : "cache-same-class-writes", { code: written.code, client: written.client }, written.line));
  const tables = readCalls.map((r) => ({ r, tables: readTablesOf(r.node, r.library, options.prisma) }));
  const readTables = [...new Set(tables.flatMap((t) => t.tables ?? []))];
  for (const table of readTables) {
    const where = options.writtenElsewhere?.(table);
    if (where) reasons.push(writtenElsewhereReason(table, where, line(fn)));
  }
  // the check above is blind to a read whose table it cannot name (a generic repository's `this.model.find(q)`)
  // (a read the chain around it names, `db.select(…)` inside `db.select(…).from("users")`, counts as that one);
  // a repository or model call only the fallback shapes know (`this.tenantRepository.find(q)`) names no table at all;
  // raw SQL whose table is a `${…}` (`SELECT * FROM ${table}`) neither
  const inNamedChain = (n: ts.Node) => tables.some((o) => o.tables !== undefined && o.r.node !== n && contains(o.r.node, n));
  const mustName = (r: (typeof readCalls)[number]) => TABLE_NAMING_LIBRARIES.has(r.library) || isRawSql(r.node, r.library);
  const unnamed = tables.find((t) => t.tables === undefined && mustName(t.r) && !inNamedChain(t.r.node));
  if (unnamed) {
    const { node, via } = unnamed.r;
    reasons.push(reason("cache-unknown-table", { code: via ? `${via} → ${shortCode(node, 40)}` : shortCode(node, 40) }, line(node)));
  }
  const polled = pollingCall(fn, name, options.calls);
  if (polled) reasons.push(reason("cache-polled", { code: polled.code, line: String(polled.line) }, polled.line));
  const changed = changedResult(fn, name, classify, options.calls);
  if (changed) reasons.push(reason("cache-result-changed", { code: changed.code, line: String(changed.line) }, changed.line));
  const writtenFirst = readAfterWrite(fn, name, classify, options.calls);
  if (writtenFirst) reasons.push(reason("cache-read-after-write", { detail: writtenFirst.detail, line: String(writtenFirst.line) }, writtenFirst.line));
  // a catch that logs and goes on, around the read: the function then hands back `undefined` or a default
  const silent = body.silentCatches.find((t) => readCalls.some((r) => contains(t.tryBlock, r.node)));
  const fallback = body.fallback ?? silent?.catchClause;
  if (fallback) reasons.push(reason("cache-swallows-errors", { code: shortCode(fallback, 40) }, line(fallback)));
  else {
    // a helper that does the reading and swallows its failures (`paginatedRequest` breaking out of its loop on an error)
    const inHelper = helperFallback(fx.followed, readCalls);
    if (inHelper) reasons.push(reason("cache-swallows-errors", { code: `${shortCode(inHelper.node, 40)} (inside ${inHelper.via})` }, line(inHelper.node)));
  }

  for (const w of fx.writes) reasons.push(reason("cache-side-effect", { name: w.data.name, code: w.code }, line(w.node)));
  for (const m of fx.mutations) reasons.push(reason("cache-side-effect", { name: m.data.name, code: m.code }, line(m.node)));

  const mutated = () => mutatedDeclarations(sf, classify, options.writeSites);
  for (const [, ids] of fx.reads) {
    const id = ids[0]!;
    const decl = findDeclaration(id);
    if (!decl || decl.getSourceFile() !== sf) continue;
    const why = mutableStateOf(decl, fn, mutated);
    if (why) reasons.push(reason("cache-mutable-state", { name: id.text, detail: why }, line(id)));
  }
  const thisIs = declaresThis(fn) ? "a context the caller binds as `this`" : "instance state";
  for (const read of thisStateReads(fn)) reasons.push(reason("cache-outer-state", { code: shortCode(read, 40), detail: thisIs }, line(read)));
  for (const read of closureValueReads(fn)) reasons.push(reason("cache-outer-state", { code: read.code, detail: `a value of the enclosing function (\`${read.id.text}\`)` }, line(read.id)));

  const isTs = !/\.(c|m)?jsx?$/i.test(sf.fileName);
  const externalCalls = fx.calls.filter((c) => c.data.type === "external" && !c.via).map((c) => c.node);
  for (const p of fn.parameters) {
    if (ts.isIdentifier(p.name) && p.name.text === "this") continue;
    const label = p.name.getText(sf);
    const switchName = namesOf(p.name).find((id) => CACHE_SWITCH_PARAM.test(id.text));
    if (switchName) {
      reasons.push(reason("cache-switch-param", { name: switchName.text }, line(p)));
      continue;
    }
    // `now = new Date()`: each call's own moment goes into the key, so no call is ever answered from the cache
    const clockDefault = p.initializer && clockRead(p.initializer);
    if (clockDefault) {
      reasons.push(reason("cache-clock-param", { name: label, code: clockDefault }, line(p)));
      continue;
    }
    const decorator = ts.getDecorators(p)?.map((d) => (ts.isCallExpression(d.expression) ? d.expression.expression : d.expression)).find((e) => ts.isIdentifier(e) && NON_DATA_DECORATORS.has(e.text));
    if (decorator) {
      reasons.push(reason("cache-param", { name: label, detail: `the framework's \`@${decorator.getText(sf)}()\` object` }, line(p)));
      continue;
    }
    // a client is refused whatever its name says: `cfnClient: CloudFormationClient` is neither `client` nor untyped
    const asClient = ts.isIdentifier(p.name) ? clientUse(p.name, fn, externalCalls) : undefined;
    if (p.type) {
      // `{ document, user }: Options`: each name the pattern binds is part of the key too
      const byTypes = options.nonData && namesOf(p.name).map((id) => options.nonData!(id)).find(Boolean);
      const why = nonDataType(p.type, sf, NON_DATA_TYPES) ?? byTypes ?? clientType(p.type) ?? asClient;
      if (why) reasons.push(reason("cache-param", { name: label, detail: why }, line(p)));
      else if (!ts.isIdentifier(p.name)) {
        // `{ collectionSlug, req }: Args`: a name the pattern binds can still say what it is when the type does not show
        for (const id of namesOf(p.name)) {
          const byName = SUSPICIOUS_PARAM_NAMES.find(([re]) => re.test(id.text));
          if (byName) reasons.push(reason("cache-param", { name: id.text, detail: `by its name ${byName[1]} (the type \`${shortCode(p.type, 30)}\` does not show here)` }, line(p)));
        }
      }
      continue;
    }
    if (asClient) {
      reasons.push(reason("cache-param", { name: label, detail: asClient }, line(p)));
      continue;
    }
    if (p.initializer && (ts.isArrowFunction(p.initializer) || ts.isFunctionExpression(p.initializer))) {
      reasons.push(reason("cache-param", { name: label, detail: "a function (its default is one)" }, line(p)));
      continue;
    }
    for (const id of namesOf(p.name)) {
      const byName = SUSPICIOUS_PARAM_NAMES.find(([re]) => re.test(id.text));
      const why = byName ? `its name says it is ${byName[1]}` : suspiciousUse(id, fn);
      if (why) reasons.push(reason("cache-param-untyped", { name: id.text, detail: isTs ? why : `${why} (JavaScript: no types)` }, line(p)));
    }
  }
  const named = ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) ? fn.name : undefined;
  const returned = nonDataReturn(fn, sf, classify, body) ?? (named ? options.nonData?.(named) ?? undefined : undefined);
  if (returned) reasons.push(reason("cache-returns", { detail: returned }, line(fn)));
  if (ts.isFunctionDeclaration(fn) && !fn.body) reasons.push(reason("cache-shape", { detail: "an overload signature has no body" }));

  // first, where assess puts them once the whole run is known (src/scan/assess.ts), so that both list them alike
  const first = elsewhereReasons(name, { polled: options.polledElsewhere?.(name), changed: options.changedElsewhere?.(name), readAfterWrite: options.readAfterWriteElsewhere?.(name) }, line(fn));
  const ordered = orderReasons([...first, ...reasons]);
  return { ...base, reads: true, safety: safetyOf(ordered), reasons: ordered, migrated, ...(readTables.length ? { readTables } : {}) };
}

/** Where a file of the project writes a table: its path from the root and the line. */
export interface TableWriter {
  file: string;
  line: number;
  /** How, when the write is not of the table itself: "a nested write through `members`" (src/scan/table-writers.ts). */
  how?: string;
}

/** The read's table is written by another file of the project. */
export function writtenElsewhereReason(table: string, writer: TableWriter, at?: number): Reason {
  return reason("cache-written-elsewhere", { table: table.replace(/^(prisma|mongoose|mongodb|sequelize):/, ""), where: `\`${writer.file}:${writer.line}\`${writer.how ? ` (${writer.how})` : ""}` }, at);
}
