// What a region of code (a loop body, an awaited expression) does to the world outside it: which
// outer bindings it writes or mutates, which calls it makes and what kind they are. Plain facts; the
// loop-safety and await-independence verdicts are built from them.
import { ts } from "ts-morph";
import { oneLine } from "../one-line.js";
import { basicClassifier, type CallClassifier, type ExternalCall } from "./external-calls.js";
import { outerParent } from "../detect/external-calls.js";
import { isPromptCall, isUiActionCall } from "./prompts.js";
import { importOrigin } from "./import-origin.js";
import { resolveLocalFunction } from "./local-functions.js";
import { namedLikeAWrite } from "../detect/operation.js";
import { calledName, contains, findDeclaration, isFunctionLike, isReference, isWriteTarget, memberDepth, rootOf, walk } from "./scope.js";

export type CallFact =
  | { type: "external"; call: ExternalCall }
  | { type: "timer" }
  | { type: "transaction" }
  | { type: "fs-write" }
  | { type: "output" }
  | { type: "prompt" }
  /** An action on a browser page (Playwright, Puppeteer). */
  | { type: "ui" }
  | { type: "opaque" };

export interface Fact<T> {
  node: ts.Node;
  /** Source text, shortened, for messages. */
  code: string;
  /** Set when the fact comes from inside a function the region calls (`via fetchUser()`). */
  via?: string;
  data: T;
}

export interface Effects {
  /** Outer identifiers assigned. */
  writes: Fact<{ name: string; decl?: ts.Identifier }>[];
  /** Outer objects changed through a member write or a mutating method: `a.b = 1`, `a.push(x)`, `delete a[k]`. */
  mutations: Fact<{ name: string; decl?: ts.Identifier; depth: number; call?: ts.CallExpression }>[];
  /** Outer identifiers read (names). */
  reads: Map<string, ts.Identifier[]>;
  calls: Fact<CallFact>[];
  /** The functions of the project the region calls and the analysis followed (their facts are above, `via` them). */
  followed: { fn: ts.Node; via: string }[];
}

/** A function another file of the project exports, with the classifier of that file's calls. */
export interface ImportedFunction {
  fn: ts.Node;
  classifyCall: CallClassifier;
  /** Imports of that other file, resolved from there. */
  resolveImport?: EffectOptions["resolveImport"];
}

export interface EffectOptions {
  classifyCall?: CallClassifier;
  /** Follows `import { f } from "./x"` to the function `./x` exports (the engine provides it; without it imported functions are opaque). */
  resolveImport?: (specifier: string, exportName: string) => ImportedFunction | undefined;
}

// ORM reads that load into the instance they are called on (Sequelize and TypeORM `reload`, Mongoose `populate`,
// Objection `$fetchGraph`, MikroORM/TypeORM `refresh`)
const REFRESHES_RECEIVER = new Set(["reload", "populate", "$fetchGraph", "refresh"]);

export const MUTATING_METHODS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin", "set", "add", "delete", "clear", "append", "assign", "setAttribute", "removeAttribute"]);
const NON_MUTATING_METHODS = new Set([
  "map", "filter", "reduce", "reduceRight", "find", "findIndex", "findLast", "findLastIndex", "some", "every", "includes", "indexOf", "lastIndexOf",
  "slice", "concat", "join", "flat", "flatMap", "at", "keys", "values", "entries", "toString", "toLocaleString", "toJSON", "valueOf",
  "toUpperCase", "toLowerCase", "trim", "trimStart", "trimEnd", "split", "startsWith", "endsWith", "replace", "replaceAll", "padStart", "padEnd",
  "charAt", "charCodeAt", "codePointAt", "substring", "substr", "match", "matchAll", "search", "localeCompare", "normalize", "repeat",
  "get", "has", "toISOString", "getTime", "toFixed", "toPrecision", "getFullYear", "getMonth", "getDate", "getDay", "getHours", "getMinutes",
  "getSeconds", "toDateString", "test", "exec", "then", "catch", "finally", "toSorted", "toReversed", "with", "toSpliced", "json", "text",
]);
const PURE_GLOBALS = new Set([
  "Math", "JSON", "Number", "String", "Boolean", "Array", "Object", "Date", "parseInt", "parseFloat", "isNaN", "isFinite",
  "encodeURIComponent", "decodeURIComponent", "encodeURI", "decodeURI", "Promise", "Symbol", "BigInt", "structuredClone", "URL",
  "URLSearchParams", "AbortController", "Headers", "TextEncoder", "TextDecoder", "Buffer", "Map", "Set", "WeakMap", "WeakSet", "RegExp", "Error", "TypeError", "RangeError", "Intl", "atob", "btoa",
  "performance",
]);
/** Libraries whose calls make a new date: changing it (`dayjs(d).add(…)`) changes nothing else. */
const DATE_MAKERS = new Set(["dayjs", "moment", "date-fns", "date-fns-tz"]);
/** Node modules whose functions compute and return (no I/O, no shared state). */
const PURE_MODULES = new Set([
  "path", "node:path", "url", "node:url", "querystring", "node:querystring", "util", "node:util", "node:path/posix", "path/posix",
  // hashes, HMACs and random ids: `crypto.createHash("sha256").update(x).digest("hex")` changes nothing outside
  "crypto", "node:crypto",
  // date arithmetic returns new dates: `addMinutes(now, 5)`, `dayjs().add(1, "day")`; timing marks (`performance.mark()`)
  "date-fns", "date-fns-tz", "dayjs", "moment", "perf_hooks", "node:perf_hooks",
]);
/** Utility libraries whose functions compute and return, except the few that change their first argument. */
const UTILITY_MODULES = new Set(["lodash", "lodash-es", "lodash/fp", "ramda", "underscore"]);
const UTILITY_MUTATORS = new Set([
  "set", "setWith", "unset", "update", "updateWith", "merge", "mergeWith", "assign", "assignIn", "assignWith", "assignInWith", "extend",
  "extendWith", "defaults", "defaultsDeep", "remove", "pull", "pullAll", "pullAllBy", "pullAllWith", "pullAt", "fill", "reverse", "mixin",
]);
const UTILITY_MUTATORS_LOWER = new Set([...UTILITY_MUTATORS].map((name) => name.toLowerCase()));

function skipParentheses(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

/** A hash, HMAC or cipher that node:crypto made in the same chain: its methods change only it. */
function madeByCrypto(receiver: ts.Expression): boolean {
  let e: ts.Expression = receiver;
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) e = e.expression.expression;
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression)) e = e.expression; // createHash("sha256") imported by name
  if (e === receiver || !ts.isIdentifier(e)) return false;
  const origin = importOrigin(e);
  return origin !== undefined && /^(node:)?crypto$/.test(origin.module);
}

/**
 * The lodash-style function an import (with `method`, the name called on it) stands for, and whether it changes its
 * first argument: `_.set`, `set` from lodash, the `lodash/set` or `lodash.set` package. undefined: no such function.
 */
function utilityFunction(origin: { module: string; name: string }, method?: string): { mutates: boolean } | undefined {
  // one function per module: `lodash/cloneDeep`, `lodash-es/pick`, the `lodash.clonedeep` package
  const single = /^lodash(?:-es)?\/(\w+)$|^lodash\.(\w+)$/.exec(origin.module);
  if (single && origin.name === "*") return { mutates: UTILITY_MUTATORS_LOWER.has((single[1] ?? single[2]!).toLowerCase()) };
  if (!UTILITY_MODULES.has(origin.module)) return undefined;
  const fn = origin.name === "*" ? method : origin.name;
  return fn === undefined ? undefined : { mutates: UTILITY_MUTATORS.has(fn) };
}

/**
 * `path.join()`, `join()` from node:path, `_.upperFirst()`, `cloneDeep()` from lodash/cloneDeep: a call that computes
 * and returns. `method`: the name called on `id`.
 */
function importedFromPureModule(id: ts.Identifier, method?: string): boolean {
  const origin = importOrigin(id);
  if (!origin) return false;
  if (PURE_MODULES.has(origin.module)) return true;
  const fn = utilityFunction(origin, method);
  return fn !== undefined && !fn.mutates;
}

/** `set`, `merge`, `unset` from lodash (or one of its single-function packages): it changes its first argument. */
function utilityMutator(id: ts.Identifier): boolean {
  const origin = importOrigin(id);
  return Boolean(origin && utilityFunction(origin)?.mutates);
}

/** A library call that only computes and returns (`cloneDeep(x)`, `_.pick(x, keys)`, `path.join(a, b)`): it changes none of its arguments. */
export function isPureLibraryCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return importedFromPureModule(callee);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && importedFromPureModule(callee.expression, callee.name.text);
}
const OBJECT_MUTATORS = new Set(["assign", "defineProperty", "defineProperties", "setPrototypeOf"]);
const TIMER_NAMES = new Set(["sleep", "delay", "wait", "pause", "setTimeout", "throttle", "backoff", "waitFor", "timeout"]);
const FS_WRITE_NAMES = new Set([
  "writeFile", "writeFileSync", "appendFile", "appendFileSync", "unlink", "unlinkSync", "rm", "rmSync", "rmdir", "rmdirSync", "mkdir",
  "mkdirSync", "rename", "renameSync", "copyFile", "copyFileSync", "truncate", "createWriteStream", "writeJson", "writeJSON", "outputFile",
  "outputJson", "remove", "ensureDir", "cp", "symlink",
]);
const FS_MODULES = /^(node:)?fs(\/promises)?$|^(fs-extra|graceful-fs|memfs|fs-jetpack)$/;
const FS_NAMES = /^(fs|fse|fsp|fsPromises|fsExtra|fileSystem|promises|jetpack)$/i;

/** `fs.unlink`, `fs.promises.rm`, `this.fs.writeFile`: not `redis.unlink(key)` or `repo.remove(row)`. */
function isFileSystem(receiver: ts.Expression): boolean {
  let root: ts.Expression = receiver;
  while (ts.isPropertyAccessExpression(root)) {
    if (FS_NAMES.test(root.name.text)) return true;
    root = root.expression;
  }
  if (!ts.isIdentifier(root)) return false;
  const origin = importOrigin(root);
  return origin ? FS_MODULES.test(origin.module) : FS_NAMES.test(root.text);
}
const CONNECTS_ON_CONSTRUCTION = /^(WebSocket|ReconnectingWebSocket|WebSocketServer|EventSource|Worker|SharedWorker)$/;
const OUTPUT_METHODS = new Set(["log", "info", "warn", "error", "debug", "trace", "fatal", "table", "write", "writeHead", "send", "end", "emit", "render", "progress"]);
/** `send()` is output on a response or a socket (`res.send`, `ws.send`), not on an SDK client (`s3Client.send(command)`). */
const SENDS_OUTPUT = /^(res|resp|response|reply|ctx|context|socket|ws|websocket|conn|connection|channel|port|worker|process|stream)$/i;
const TRANSACTION_WORDS = /^(init|begin|start|commit|kill|rollback|abort|end|open|close)Transaction$/;
export const TRANSACTION_METHODS = new Set(["$transaction", "transaction", "withTransaction", "startTransaction", "runInTransaction", "startSession"]);

export function shortCode(node: ts.Node, max = 60): string {
  const text = oneLine(node.getText());
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `client.users.get()`; a long callee keeps its start and its end, the method actually called: `new Builder({ me…).execute()`. */
function calleeLabel(call: ts.CallExpression | ts.NewExpression): string {
  const text = oneLine(call.expression.getText());
  const shown = text.length > 50 ? `${text.slice(0, 20)}…${text.slice(-29)}` : text;
  return ts.isNewExpression(call) ? `new ${shown}()` : `${shown}()`;
}

const SCHEDULERS = new Set(["setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval"]);

/** Awaited (or handed back to the caller, who awaits it): `await sleep(1)`, `return delay(5)`. */
function isWaitedFor(node: ts.Node): boolean {
  const parent = outerParent(node);
  if (!parent) return false;
  if (ts.isAwaitExpression(parent) || ts.isReturnStatement(parent)) return true;
  // the body of `const pause = (ms) => new Promise(…)` is handed back; a callback's (a Promise executor's) goes nowhere
  return ts.isArrowFunction(parent) && !(parent.parent && (ts.isCallExpression(parent.parent) || ts.isNewExpression(parent.parent)));
}

/** `resolve`/`reject` of a `new Promise((resolve, reject) => …)` executor: settling the promise does nothing else. */
function isExecutorParameter(decl: ts.Identifier): boolean {
  const param = decl.parent;
  if (!ts.isParameter(param) || param.name !== decl) return false;
  const executor = param.parent;
  const made = executor.parent;
  return (ts.isArrowFunction(executor) || ts.isFunctionExpression(executor)) && Boolean(made && ts.isNewExpression(made) && ts.isIdentifier(made.expression) && made.expression.text === "Promise" && made.arguments?.[0] === executor);
}

function isTimerPromise(node: ts.NewExpression): boolean {
  if (!ts.isIdentifier(node.expression) || node.expression.text !== "Promise") return false;
  let timer = false;
  walk(node, (n) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "setTimeout") timer = true;
  }, { intoFunctions: true });
  return timer;
}

interface Collector {
  effects: Effects;
  resolveImport?: EffectOptions["resolveImport"];
  classify: (call: ts.CallExpression | ts.TaggedTemplateExpression) => ExternalCall | undefined;
  /** The classifier `classify` calls: part of the key of a followed function's remembered facts. */
  classifier: CallClassifier;
  visiting: Set<ts.Node>;
  /** Calls skipped because their function was already being looked at (recursion): facts found meanwhile depend on the path. */
  recursions: number;
}

/**
 * Facts about `region`: names are "outer" when `isLocal` says their declaration is not part of the
 * region. Nested functions are included (their effects happen when they are called). Calls to
 * functions declared in the same file are followed (depth 3) and their facts reported `via` them.
 */
export function collectEffects(region: ts.Node, isLocal: (decl: ts.Identifier) => boolean, options: EffectOptions = {}): Effects {
  const classifier = options.classifyCall ?? basicClassifier;
  const collector: Collector = {
    effects: noEffects(),
    classify: (call) => classifier(call as ts.CallExpression),
    classifier,
    resolveImport: options.resolveImport,
    visiting: new Set(),
    recursions: 0,
  };
  visitRegion(region, isLocal, collector, undefined, 0);
  return collector.effects;
}

interface OuterRoot {
  name: string;
  decl?: ts.Identifier;
  aliasDepth: number;
}
type RootFinder = (e: ts.Expression) => OuterRoot | undefined;
/** For a followed function: what a parameter stands for at the call (null: nothing outside; undefined: not a parameter). */
type ParameterRoots = (decl: ts.Identifier) => OuterRoot | null | undefined;

/**
 * A followed function's parameters are the call's arguments: `add(totals, x)` with `totals.sum += x` inside
 * `add` changes the caller's `totals`, as if the body were written at the call. One entry per parameter
 * (null: the argument is nothing outside).
 */
function argumentRoots(fn: ts.Node, call: ts.CallExpression, callerRoot: RootFinder): (OuterRoot | null)[] | undefined {
  if (!isFunctionLike(fn)) return undefined;
  return fn.parameters.map((param, index) => {
    const arg = call.arguments[index];
    if (!arg || param.dotDotDotToken || ts.isSpreadElement(arg)) return null;
    const root = callerRoot(arg);
    if (!root) return null;
    // `{ totals }` of an argument is a member of it
    return ts.isIdentifier(param.name) ? root : { ...root, aliasDepth: root.aliasDepth + 1 };
  });
}

function parameterRoots(fn: ts.Node, roots: (OuterRoot | null)[]): ParameterRoots {
  const params = (fn as ts.SignatureDeclaration).parameters;
  return (decl) => {
    const index = params.findIndex((p) => contains(p.name, decl));
    return index === -1 ? undefined : roots[index];
  };
}

function noEffects(): Effects {
  return { writes: [], mutations: [], reads: new Map(), calls: [], followed: [] };
}

/**
 * What following a function found, by the inputs that decide it (depth, classifier, import resolver, what
 * its parameters stand for): a factory that 40 tests call is looked at once per caller's shape, not 40 times,
 * each through its own helpers three deep. A parameter's declaration in the caller is left out of the key:
 * the body is visited with a stand-in per parameter, which each replay swaps for the caller's.
 */
const followed = new WeakMap<ts.Node, Map<string, { effects: Effects; inside: ts.Node[] }>>();
const ids = new WeakMap<object, number>();
let nextId = 1;
function idOf(value: object | undefined): number {
  if (!value) return 0;
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = nextId++));
  return id;
}
/** Stand-ins for the declarations parameters stand for; only ever stored in facts, never looked into. */
const standIns: ts.Identifier[] = [];
function standIn(index: number): ts.Identifier {
  return (standIns[index] ??= { kind: ts.SyntaxKind.Identifier, text: `(parameter ${index})` } as unknown as ts.Identifier);
}

function appendEffects(to: Effects, from: Effects, via: string, decls: Map<ts.Identifier, ts.Identifier | undefined>): void {
  const relabel = <T extends { via?: string }>(fact: T): T => (fact.via === via ? fact : { ...fact, via });
  for (const f of from.writes) to.writes.push(relabel(f));
  for (const f of from.mutations) {
    const decl = f.data.decl;
    to.mutations.push(decl && decls.has(decl) ? { ...f, via, data: { ...f.data, decl: decls.get(decl) } } : relabel(f));
  }
  for (const [name, nodes] of from.reads) {
    const list = to.reads.get(name);
    if (list) list.push(...nodes);
    else to.reads.set(name, [...nodes]);
  }
  for (const f of from.calls) to.calls.push(relabel(f));
  for (const f of from.followed) to.followed.push(relabel(f));
}

/** Visits the body of a function the region calls, as part of the region (its facts are reported `via` the call). */
function follow(c: Collector, fn: ts.Node, from: "file" | "import", via: string, depth: number, roots: (OuterRoot | null)[] | undefined): void {
  c.effects.followed.push({ fn, via });
  // an imported function's names are its own file's (a position inside `fn` in another file is not)
  const isLocal = from === "file" ? (decl: ts.Identifier) => contains(fn, decl) : (decl: ts.Identifier) => contains(fn, decl) && decl.getSourceFile() === fn.getSourceFile();
  const key = `${from}|${depth}|${idOf(c.classifier)}|${idOf(c.resolveImport)}|${(roots ?? []).map((r) => (r ? `${r.name}\u0001${r.decl ? 1 : 0}\u0001${r.aliasDepth}` : "-")).join("\u0002")}`;
  const decls = new Map<ts.Identifier, ts.Identifier | undefined>();
  const standInRoots = roots?.map((r, index) => {
    if (!r?.decl) return r;
    decls.set(standIn(index), r.decl);
    return { ...r, decl: standIn(index) };
  });
  const memo = followed.get(fn)?.get(key);
  // facts found while some function in there was being looked at higher up would have stopped there
  if (memo && !memo.inside.some((f) => c.visiting.has(f))) return appendEffects(c.effects, memo.effects, via, decls);
  const outer = c.effects;
  const recursions = c.recursions;
  c.effects = noEffects();
  c.visiting.add(fn);
  let found: Effects;
  try {
    visitRegion(fn, isLocal, c, via, depth, standInRoots && parameterRoots(fn, standInRoots));
  } finally {
    c.visiting.delete(fn);
    found = c.effects;
    c.effects = outer;
  }
  appendEffects(outer, found, via, decls);
  if (c.recursions !== recursions) return; // cut short by recursion: what it found depends on the path here
  let memos = followed.get(fn);
  if (!memos) followed.set(fn, (memos = new Map()));
  memos.set(key, { effects: found, inside: found.followed.map((f) => f.fn) });
}

function visitRegion(region: ts.Node, isLocal: (decl: ts.Identifier) => boolean, c: Collector, via: string | undefined, depth: number, parameters?: ParameterRoots): void {
  const fx = c.effects;
  // the outer binding an expression reaches, following local aliases (`const c = item.customer`)
  const outerRoot = (e: ts.Expression, hops = 0): OuterRoot | undefined => {
    const root = rootOf(e);
    if (!root) return undefined;
    if (root.kind === ts.SyntaxKind.ThisKeyword) return { name: "this", aliasDepth: 0 };
    const decl = findDeclaration(root as ts.Identifier);
    if (decl && isLocal(decl)) {
      const argument = parameters?.(decl);
      if (argument !== undefined) return argument ?? undefined;
      const alias = hops < 5 ? aliasOf(decl) : undefined;
      const target = alias && outerRoot(alias.expression, hops + 1);
      return target ? { ...target, aliasDepth: target.aliasDepth + alias.depth } : undefined;
    }
    return { name: (root as ts.Identifier).text, decl, aliasDepth: 0 };
  };
  walk(region, (node) => {
    if (ts.isIdentifier(node) && isReference(node)) {
      const decl = findDeclaration(node);
      if (decl && isLocal(decl)) return;
      if (isWriteTarget(node)) fx.writes.push({ node, code: shortCode(node.parent), via, data: { name: node.text, decl } });
      else {
        const list = fx.reads.get(node.text) ?? [];
        list.push(node);
        fx.reads.set(node.text, list);
      }
      return;
    }
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isWriteTarget(node)) {
      const root = outerRoot(node);
      if (root) fx.mutations.push({ node, code: shortCode(node.parent), via, data: { name: root.name, decl: root.decl, depth: memberDepth(node) + root.aliasDepth } });
      return;
    }
    if (ts.isNewExpression(node)) {
      if (isTimerPromise(node)) {
        // a timer promise that is waited for is a deliberate pause; one raced against a request is a timeout
        if (isWaitedFor(node)) fx.calls.push({ node, code: shortCode(node), via, data: { type: "timer" } });
      }
      else if (ts.isIdentifier(node.expression) && !findDeclaration(node.expression) && (PURE_GLOBALS.has(node.expression.text) || /(Error|Exception)$/.test(node.expression.text))) {
        // builtin constructors and error classes
      } else if (ts.isIdentifier(node.expression) && /(Error|Exception)$/.test(node.expression.text)) {
        // error classes of the app
      } else if (ts.isIdentifier(node.expression) && CONNECTS_ON_CONSTRUCTION.test(node.expression.text)) {
        // `new WebSocket(url)` opens a connection (and a server socket listens): the order of those can matter
        fx.calls.push({ node, code: shortCode(node), via, data: { type: "opaque" } });
      } else if (ts.isIdentifier(node.expression) && isPackageImport(node.expression)) {
        // a library's class (a client, an AWS SDK command): constructing it does no I/O of its own
      } else fx.calls.push({ node, code: shortCode(node), via, data: { type: "opaque" } });
      return;
    }
    if (ts.isCallExpression(node)) classifyCallFact(node, isLocal, c, via, depth, outerRoot);
    if (ts.isTaggedTemplateExpression(node)) {
      const external = c.classify(node);
      const tag = rootOf(node.tag);
      if (external) fx.calls.push({ node, code: shortCode(node), via, data: external.operation === "read" || external.operation === "write" || external.operation === "unknown" ? { type: "external", call: external } : { type: "opaque" } });
      else if (!(tag && ts.isIdentifier(tag) && !findDeclaration(tag) && PURE_GLOBALS.has(tag.text))) fx.calls.push({ node, code: shortCode(node), via, data: { type: "opaque" } });
    }
  }, { intoFunctions: true });
}

function classifyCallFact(
  call: ts.CallExpression,
  isLocal: (decl: ts.Identifier) => boolean,
  c: Collector,
  via: string | undefined,
  depth: number,
  outerRoot: RootFinder,
): void {
  const fx = c.effects;
  const push = (data: CallFact): void => {
    fx.calls.push({ node: call, code: shortCode(call), via, data });
  };
  const callee = call.expression;
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  const name = ts.isIdentifier(callee) ? callee.text : method;
  // import(): evaluating a module runs its top-level code, whose order can matter
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return push({ type: "opaque" });
  if (name && TRANSACTION_METHODS.has(name) && method) return push({ type: "transaction" });
  // initTransaction(req), commitTransaction(req), beginTransaction(): the calls that follow share it
  if (name && TRANSACTION_WORDS.test(name)) return push({ type: "transaction" });
  if (isPromptCall(call)) return push({ type: "prompt" });
  const external = c.classify(call);
  if (external) {
    // `team.reload()`, `post.populate("author")`: a read that refreshes the object it is called on
    if (method && REFRESHES_RECEIVER.has(method)) {
      const receiver = (callee as ts.PropertyAccessExpression).expression;
      const root = outerRoot(receiver);
      if (root) fx.mutations.push({ node: call, code: shortCode(call), via, data: { name: root.name, decl: root.decl, depth: memberDepth(receiver) + 1 + root.aliasDepth, call } });
    }
    return push({ type: "external", call: external });
  }
  if (isUiActionCall(call)) return push({ type: "ui" });
  if (name && TIMER_NAMES.has(name)) {
    const fn = resolveLocalFunction(callee);
    if (isWaitedFor(call)) {
      if (!fn || containsTimer(fn)) return push({ type: "timer" });
    } else if (!fn && ts.isIdentifier(callee) && SCHEDULERS.has(callee.text) && !findDeclaration(callee)) {
      // setTimeout(() => controller.abort(), ms) only schedules its callback, whose body is part of the region
      return;
    }
  }
  if (name && FS_WRITE_NAMES.has(name) && (ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && isFileSystem(callee.expression)))) return push({ type: "fs-write" });
  if (ts.isPropertyAccessExpression(callee)) {
    const receiver = callee.expression;
    const root = outerRoot(receiver);
    // console.log, logger.info, res.write, process.stdout.write
    const outputCall = OUTPUT_METHODS.has(callee.name.text) && (callee.name.text !== "send" || SENDS_OUTPUT.test(root?.name ?? ""));
    if (root && outputCall && !(ts.isIdentifier(receiver) && PURE_GLOBALS.has(receiver.text))) return push({ type: "output" });
    if (ts.isIdentifier(receiver) && receiver.text === "Object" && !findDeclaration(receiver) && OBJECT_MUTATORS.has(callee.name.text)) {
      const target = call.arguments[0];
      const targetRoot = target ? outerRoot(target) : undefined;
      if (targetRoot) fx.mutations.push({ node: call, code: shortCode(call), via, data: { name: targetRoot.name, decl: targetRoot.decl, depth: memberDepth(target!) + targetRoot.aliasDepth, call } });
      return;
    }
    // `this.userService.delete(id)`, `workflowRepository.delete(…)`: a service's own method, not a collection's
    if (MUTATING_METHODS.has(callee.name.text) && !isServiceLike(receiver)) {
      // `find(…).sort(…)`, `items.filter(…).reverse()`: the call's result is changed, not the object it started from
      let made: ts.Expression = receiver;
      while (ts.isParenthesizedExpression(made) || ts.isNonNullExpression(made)) made = made.expression;
      if (ts.isCallExpression(made)) {
        const inner = ts.isPropertyAccessExpression(made.expression) ? made.expression.name.text : undefined;
        // `groups.get(key).push(x)` changes a value the collection holds; `Container.get(WorkflowService).delete(…)`
        // is a service's method, seen no further
        if (inner === "get" || inner === "at") {
          const collection = (made.expression as ts.PropertyAccessExpression).expression;
          const owner = isServiceLookup(made) ? undefined : outerRoot(collection);
          if (owner) fx.mutations.push({ node: call, code: shortCode(call), via, data: { name: owner.name, decl: owner.decl, depth: memberDepth(collection) + 2 + owner.aliasDepth, call } });
          else if (isServiceLookup(made)) push({ type: "opaque" });
          return;
        }
        // `Model.find(q).sort(…)` builds a query, `items.filter(…).reverse()` changes only what filter made
        // `dayjs(date).add(1, "day")`: a date a date library just made (not lodash's `get(shared, "list")`, a shared value)
        const maker = made.expression;
        if (inner === undefined && ts.isIdentifier(maker) && DATE_MAKERS.has(importOrigin(maker)?.module ?? "")) return;
        if (inner === undefined || !NON_MUTATING_METHODS.has(inner)) push({ type: "opaque" });
        return;
      }
      if (root) fx.mutations.push({ node: call, code: shortCode(call), via, data: { name: root.name, decl: root.decl, depth: memberDepth(receiver) + 1 + root.aliasDepth, call } });
      return;
    }
    if (NON_MUTATING_METHODS.has(callee.name.text)) return;
    const base = rootOf(receiver);
    if (receiver.kind === ts.SyntaxKind.SuperKeyword) return push({ type: "opaque" });
    if (base && ts.isIdentifier(base) && !findDeclaration(base) && PURE_GLOBALS.has(base.text)) return;
    if (ts.isIdentifier(receiver) && importedFromPureModule(receiver, callee.name.text)) return; // path.join(…), _.upperFirst(…)
    if (madeByCrypto(receiver)) return; // crypto.createHash("sha512").update(text).digest("hex")
    // `new Date().setDate(1)` changes only what it made; an app's `new OrderService().update(…)` is a call like any
    const made = skipParentheses(receiver);
    if (ts.isNewExpression(made) && ts.isIdentifier(made.expression) && !findDeclaration(made.expression) && PURE_GLOBALS.has(made.expression.text)) return;
    // a method of a value made inside the region (its making was looked at); not `super.x()` or `(await f()).x()`.
    // A parameter's value is not made here: it comes from a caller (a helper's argument, a callback's item).
    if (!root && base && ts.isIdentifier(base) && !comesFromParameter(base) && !madeByAppClass(base)) return;
  } else if (ts.isIdentifier(callee)) {
    const decl = findDeclaration(callee);
    if (!decl && PURE_GLOBALS.has(callee.text)) return;
    if (decl && importedFromPureModule(callee)) return; // join(…) from node:path
    // lodash's `set(error, "message", text)`, `merge(target, …)`: a change to the first argument, not a write elsewhere
    const target = decl && call.arguments[0] && utilityMutator(callee) ? call.arguments[0] : undefined;
    if (target) {
      const targetRoot = outerRoot(target);
      if (targetRoot) fx.mutations.push({ node: call, code: shortCode(call), via, data: { name: targetRoot.name, decl: targetRoot.decl, depth: memberDepth(target) + targetRoot.aliasDepth, call } });
      return;
    }
    if (decl && isLocal(decl) && isFunctionValue(decl)) return; // a function made inside the region: its body is part of the region
    if (decl && isExecutorParameter(decl)) return;
  }
  const fn = resolveLocalFunction(callee);
  if (fn && depth < 3 && !c.visiting.has(fn)) return follow(c, fn, "file", via ?? calleeLabel(call), depth + 1, argumentRoots(fn, call, outerRoot));
  if (fn && c.visiting.has(fn)) {
    c.recursions++; // recursion: already being looked at
    return;
  }
  const imported = ts.isIdentifier(callee) && c.resolveImport ? importedFunction(callee, c.resolveImport) : undefined;
  if (imported && depth < 3 && !c.visiting.has(imported.fn)) {
    const own = { classify: c.classify, classifier: c.classifier, resolveImport: c.resolveImport };
    const classifier = imported.classifyCall ?? basicClassifier;
    c.classify = (node) => classifier(node as ts.CallExpression);
    c.classifier = classifier;
    c.resolveImport = imported.resolveImport;
    try {
      follow(c, imported.fn, "import", via ?? calleeLabel(call), depth + 1, argumentRoots(imported.fn, call, outerRoot));
    } finally {
      Object.assign(c, own);
    }
    return;
  }
  if (imported && c.visiting.has(imported.fn)) {
    c.recursions++;
    return;
  }
  push({ type: "opaque" });
}

/** `f` in `import { f } from "./x"` / `import f from "./x"`: the function that module exports. */
function importedFunction(id: ts.Identifier, resolve: NonNullable<EffectOptions["resolveImport"]>): ImportedFunction | undefined {
  const decl = findDeclaration(id);
  const parent = decl?.parent;
  if (!decl || !parent) return undefined;
  let exportName: string;
  let declaration: ts.Node;
  if (ts.isImportSpecifier(parent)) {
    if (parent.isTypeOnly) return undefined;
    exportName = (parent.propertyName ?? parent.name).text;
    declaration = parent.parent.parent.parent;
  } else if (ts.isImportClause(parent) && parent.name === decl) {
    exportName = "default";
    declaration = parent.parent;
  } else return undefined;
  if (!ts.isImportDeclaration(declaration) || !ts.isStringLiteral(declaration.moduleSpecifier) || declaration.importClause?.isTypeOnly) return undefined;
  return resolve(declaration.moduleSpecifier.text, exportName);
}

/** The function a module exports under `name` (declaration, `const f = () => …`, `export default function`), if any. */
export function exportedFunction(sf: ts.SourceFile, name: string): ts.Node | undefined {
  const exported = (node: ts.Node) => Boolean(ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
  const isDefault = (node: ts.Node) => Boolean(ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword));
  let localName = name;
  let listed = false; // `export { name }` / `export default name`
  for (const st of sf.statements) {
    if (name === "default" && ts.isFunctionDeclaration(st) && isDefault(st) && st.body) return st;
    if (name === "default" && ts.isExportAssignment(st) && ts.isIdentifier(st.expression)) {
      localName = st.expression.text;
      listed = true;
    }
    if (ts.isExportDeclaration(st) && !st.moduleSpecifier && !st.isTypeOnly && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const spec of st.exportClause.elements) {
        if (spec.name.text !== name) continue;
        localName = (spec.propertyName ?? spec.name).text;
        listed = true;
      }
    }
  }
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name?.text === localName && st.body && (listed || (exported(st) && name !== "default"))) return st;
    if (ts.isVariableStatement(st) && st.declarationList.flags & ts.NodeFlags.Const) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === localName && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)) && (listed || (exported(st) && name !== "default"))) return d.initializer;
      }
    }
  }
  return undefined;
}

/** `const c = item.customer` / `const { customer } = item`: the expression a local stands for, and how many member steps it adds. */
function aliasOf(decl: ts.Identifier): { expression: ts.Expression; depth: number } | undefined {
  let depth = 0;
  let node: ts.Node = decl.parent;
  while (ts.isBindingElement(node)) {
    depth++;
    node = node.parent.parent; // BindingElement -> pattern -> BindingElement | VariableDeclaration
  }
  if (!ts.isVariableDeclaration(node) || !node.initializer) return undefined;
  let init: ts.Expression = node.initializer;
  while (ts.isParenthesizedExpression(init) || ts.isNonNullExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
  // `clients.get(name)`, `users.find(…)`, `items.at(i)`: one of the collection's own values, not a new one
  if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && LOOKUP_METHODS.has(init.expression.name.text)) {
    const collection = init.expression.expression;
    const inner = aliasOfExpression(collection);
    return inner === undefined ? undefined : { expression: collection, depth: depth + inner + 1 };
  }
  if (!(ts.isIdentifier(init) || ts.isPropertyAccessExpression(init) || ts.isElementAccessExpression(init) || init.kind === ts.SyntaxKind.ThisKeyword)) return undefined;
  // a chain that calls something makes a new value (`a.b().c` is not an alias of a)
  for (let e: ts.Expression = init; ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e); e = e.expression) if (ts.isCallExpression(e.expression)) return undefined;
  return { expression: init, depth: depth + memberDepth(init) };
}

const LOOKUP_METHODS = new Set(["get", "find", "findLast", "at"]);

/** A receiver named as a service, repository or client: its `delete`/`set`/`add` are calls like any. */
// singular only: `allRepos`, `clients` and `apis` are lists and maps of them
const SERVICE_NAME = /(^(service|svc|repository|client|api|manager|controller|provider|dao|gateway)|(Service|Repository|Client|Api|Manager|Controller|Provider|Dao|Gateway))$/;
function isServiceLike(receiver: ts.Expression): boolean {
  const e = skipParentheses(receiver);
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  if (name === undefined || !SERVICE_NAME.test(name)) return false;
  // `const byService = new Map()`: a collection whatever its name
  const decl = ts.isIdentifier(e) ? findDeclaration(e)?.parent : undefined;
  const init = decl && ts.isVariableDeclaration(decl) ? decl.initializer && skipParentheses(decl.initializer) : undefined;
  return !(init && (ts.isArrayLiteralExpression(init) || ts.isObjectLiteralExpression(init) || (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && /^(Map|Set|WeakMap|WeakSet|Array)$/.test(init.expression.text))));
}

/** `Container.get(WorkflowService)`, `moduleRef.get(UsersService)`, `container.get(TYPES.Mailer)`: a dependency injector's lookup by class or token. */
function isServiceLookup(call: ts.CallExpression): boolean {
  const token = call.arguments.length === 1 ? call.arguments[0]! : undefined;
  let root: ts.Expression | undefined = token;
  while (root && ts.isPropertyAccessExpression(root)) root = root.expression;
  if (!root || !ts.isIdentifier(root) || !/^[A-Z]/.test(root.text)) return false;
  // the injector by its name (`Container`, `moduleRef`, `this.injector`, `app`), or a token that is a class
  const receiver = (call.expression as ts.PropertyAccessExpression).expression;
  const holder = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : "";
  if (/^(container|modulere?f|injector|app|di|ioc|locator|serviceLocator)$/i.test(holder)) return true;
  const decl = findDeclaration(root)?.parent;
  return Boolean(decl && (ts.isClassDeclaration(decl) || ts.isImportSpecifier(decl) || ts.isImportClause(decl)) && ts.isIdentifier(token!));
}

/** The member depth of a plain chain (`this.clients`, `registry.workers`), undefined when it calls something on the way. */
function aliasOfExpression(e: ts.Expression): number | undefined {
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isNonNullExpression(x)) x = x.expression;
  if (!(ts.isIdentifier(x) || ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x) || x.kind === ts.SyntaxKind.ThisKeyword)) return undefined;
  for (let c: ts.Expression = x; ts.isPropertyAccessExpression(c) || ts.isElementAccessExpression(c); c = c.expression) if (ts.isCallExpression(c.expression)) return undefined;
  return memberDepth(x);
}

/**
 * `const ops = new TxOperations(client, account)`: an instance of a class other than the built-ins, made inside the
 * region, whose methods (`ops.remove(doc)`) act through what it was given like any other call.
 */
function madeByAppClass(id: ts.Identifier): boolean {
  const decl = findDeclaration(id)?.parent;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return false;
  let init: ts.Expression = decl.initializer;
  while (ts.isParenthesizedExpression(init) || ts.isAwaitExpression(init) || ts.isAsExpression(init) || ts.isNonNullExpression(init)) init = init.expression;
  return ts.isNewExpression(init) && !(ts.isIdentifier(init.expression) && !findDeclaration(init.expression) && PURE_GLOBALS.has(init.expression.text));
}

/** `c` in `function f(c) { c.x() }` or `({ c }) => …`, also through local aliases (`const a = c.amplify`). */
function comesFromParameter(id: ts.Identifier, hops = 0): boolean {
  const decl = findDeclaration(id);
  if (!decl) return false;
  let node: ts.Node = decl.parent;
  while (ts.isBindingElement(node)) node = node.parent.parent;
  if (ts.isParameter(node)) return !isExecutorParameter(decl);
  const alias = hops < 5 ? aliasOf(decl) : undefined;
  const root = alias && rootOf(alias.expression);
  return Boolean(root && ts.isIdentifier(root) && comesFromParameter(root, hops + 1));
}

/** Imported from a package (`@aws-sdk/client-s3`), not from a file of the project (`./x`). */
function isPackageImport(id: ts.Identifier): boolean {
  const origin = importOrigin(id);
  return Boolean(origin && !origin.module.startsWith(".") && !origin.module.startsWith("/"));
}

function isFunctionValue(decl: ts.Identifier): boolean {
  const parent = decl.parent;
  if (ts.isFunctionDeclaration(parent) || ts.isClassDeclaration(parent)) return true;
  return ts.isVariableDeclaration(parent) && parent.name === decl && parent.initializer !== undefined && (ts.isArrowFunction(parent.initializer) || ts.isFunctionExpression(parent.initializer));
}

function containsTimer(fn: ts.Node): boolean {
  let timer = false;
  walk(fn, (n) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "setTimeout") timer = true;
  }, { intoFunctions: true });
  return timer;
}

/**
 * The calls with the awaited ones first (stable otherwise): a reason names its first call, and an awaited
 * `this.store.save()` says more than the `toSnakeCase()` beside it.
 */
export function awaitedFirst<T extends { node: ts.Node }>(calls: readonly T[]): T[] {
  const awaited = (n: ts.Node): boolean => {
    const p = outerParent(n);
    return Boolean(p && ts.isAwaitExpression(p));
  };
  return [...calls.filter((c) => awaited(c.node)), ...calls.filter((c) => !awaited(c.node))];
}

export function calleeText(node: ts.Node): string {
  return ts.isCallExpression(node) || ts.isNewExpression(node) ? calleeLabel(node) : shortCode(node);
}

export { isFunctionLike };

// `GetTenantsCommand.create({ … })`: a value object's factory, not a row
const VALUE_CLASS = /(Command|Dto|DTO|Input|Options|Params|Payload)$/;

/** An opaque call whose name says it writes: `this.updateDefaultStrategy()`, `store.batchDelete()`, `incrementDocumentId()`. */
export function writeNamedCall(node: ts.Node): boolean {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === "create" && ts.isIdentifier(callee.expression) && VALUE_CLASS.test(callee.expression.text)) return false;
  const name = calledName(callee);
  return name !== undefined && namedLikeAWrite(name);
}
