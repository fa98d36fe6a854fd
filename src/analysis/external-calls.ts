// Which calls reach an API or a database, and whether they read or write. The analyses take the
// classifier as a function so that the detector's catalog (src/detect) and this small fallback are
// interchangeable; the fallback only knows the most common shapes and says "unknown" when unsure.
import { ts } from "ts-morph";
import type { Operation } from "../findings.js";
import { importOrigin } from "./import-origin.js";
import { findDeclaration } from "./scope.js";

export interface ExternalCall {
  kind: "api-call" | "db-query";
  library: string;
  operation: Operation;
}

/** Calls (and tagged templates such as sql`…`, passed the same way) that reach an API or a database. */
export type CallClassifier = (call: ts.CallExpression) => ExternalCall | undefined;

const HTTP_READ = new Set(["get", "head", "options"]);
const HTTP_WRITE = new Set(["post", "put", "patch", "delete"]);
const PRISMA_READ = new Set(["findMany", "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "count", "aggregate", "groupBy"]);
const PRISMA_WRITE = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "upsert", "delete", "deleteMany"]);
const DB_READ = new Set(["findOne", "find", "findAll", "findById", "findOneBy", "findBy", "findAndCount", "countDocuments", "exists", "findByPk"]);
const DB_WRITE = new Set(["save", "insert", "insertMany", "insertOne", "updateOne", "updateMany", "deleteOne", "deleteMany", "remove", "destroy", "findOneAndUpdate", "findByIdAndUpdate", "findOneAndDelete", "findByIdAndDelete", "bulkWrite", "bulkCreate", "upsert"]);
// `manager` alone is TypeORM's dataSource.manager; `promptManager.destroy()` is no database
const DB_RECEIVER = /(repo|repository|model|prisma|db|collection|knex|orm|entityManager)$|^manager$/i;

// the name must say HTTP client (`http`, `apiClient`, `githubApi`, `httpService`): `clientApplicationsStore.get`
// is some store's method, whatever it does
const HTTP_RECEIVER = /(https?|api|client)$|^https?\w*(service|client)$/i;

// A capitalised receiver is taken for an ORM model (`User.create()`), except builtins and classes named for
// what they are: `Object.create(proto)`, Novu's `GetChangesCommand.create(…)` (builds and validates a command).
const NOT_A_MODEL = /^(Object|Array|Promise|Date|Map|Set|WeakMap|JSON|Math|Reflect|Symbol|Buffer|URL|String|Number|Boolean|Error|Intl)$|(Command|Query|Dto|DTO|Request|Response|Event|Error|Exception|Builder|Factory|Schema|Validator|Service|Controller|Helper|Utils?|Options|Config|Params|Payload|Message|Mapper|Serializer|Context|Module|Guard|Interceptor|Pipe|Strategy|Provider|Handler|Adapter|Logger)$/;

function lastName(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isCallExpression(e)) return lastName(e.expression);
  return undefined;
}

/** The module a name comes from, also through an instance made by its `create()` (`const api = axios.create()`). */
function importedFrom(id: ts.Identifier, hops = 0): string | undefined {
  const origin = importOrigin(id);
  if (origin) return origin.module;
  const decl = findDeclaration(id)?.parent;
  const init = decl && ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
  if (hops < 3 && init && ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && init.expression.name.text === "create" && ts.isIdentifier(init.expression.expression)) {
    return importedFrom(init.expression.expression, hops + 1);
  }
  return undefined;
}

function sqlOperation(arg: ts.Expression | undefined): Operation {
  if (!arg) return "unknown";
  let text: string | undefined;
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) text = arg.text;
  else if (ts.isTemplateExpression(arg)) text = arg.head.text;
  if (text === undefined) return "unknown";
  const word = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase();
  if (word === "SELECT") return "read";
  if (word && ["INSERT", "UPDATE", "DELETE", "UPSERT", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE", "REPLACE"].includes(word)) return "write";
  return "unknown";
}

function fetchOperation(init: ts.Expression | undefined): Operation {
  if (!init) return "read";
  if (!ts.isObjectLiteralExpression(init)) return "unknown";
  // the last word on the method wins: `{ method: "GET", ...init }` may be a POST
  let operation: Operation = "read";
  for (const p of init.properties) {
    if (ts.isSpreadAssignment(p)) operation = "unknown";
    // `{ method }` (a variable) and `{ "method": "DELETE" }` too
    else if (ts.isShorthandPropertyAssignment(p) && p.name.text === "method") operation = "unknown";
    else if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === "method") {
      operation = !ts.isStringLiteralLike(p.initializer) ? "unknown" : HTTP_READ.has(p.initializer.text.toLowerCase()) ? "read" : "write";
    }
  }
  return operation;
}

// A Redis client the imports do not reveal (`Redis.defaultClient.get(key)`, `this.redis.set(…)`): named so somewhere on the way.
const REDIS_READ = new Set(["get", "mget", "getex", "hget", "hgetall", "hmget", "hexists", "exists", "ttl", "pttl", "smembers", "sismember", "scard", "zrange", "zrangebyscore", "zrevrange", "zscore", "zcard", "lrange", "llen", "lindex", "keys", "scan", "type", "strlen"]);
const REDIS_WRITE = new Set(["set", "setex", "psetex", "setnx", "mset", "getset", "getdel", "del", "unlink", "hset", "hmset", "hdel", "hincrby", "expire", "pexpire", "expireat", "persist", "incr", "incrby", "decr", "decrby", "lpush", "rpush", "lpop", "rpop", "lrem", "ltrim", "sadd", "srem", "spop", "zadd", "zrem", "zincrby", "publish", "rename", "flushdb", "flushall"]);

function namesRedis(receiver: ts.Expression): boolean {
  for (let e: ts.Expression = receiver; ; e = (e as ts.PropertyAccessExpression).expression) {
    if (ts.isIdentifier(e)) return /redis/i.test(e.text);
    if (!ts.isPropertyAccessExpression(e)) return false;
    if (/redis/i.test(e.name.text)) return true;
  }
}

const PROMISE_COMBINATORS = /^(all|allSettled|race|any)$/;

/**
 * `qb.where("id", db.raw("(SELECT …)"))`, `select([db.raw("'x' as y")])`: a knex raw() handed to another
 * call is a fragment of that call's query, not a query sent on its own (unless Promise.all sends it).
 */
function isArgumentOfCall(node: ts.Node): boolean {
  return argumentOfCall(node) !== undefined;
}

function argumentOfCall(node: ts.Node): ts.CallExpression | ts.NewExpression | undefined {
  let child = node;
  let parent = node.parent;
  for (;;) {
    if (!parent) return undefined;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isPropertyAssignment(parent) || ts.isObjectLiteralExpression(parent) || ts.isSpreadElement(parent)) {
      if (ts.isPropertyAssignment(parent) && parent.initializer !== child) return undefined;
      child = parent;
      parent = parent.parent;
      continue;
    }
    break;
  }
  if (!(ts.isCallExpression(parent) || ts.isNewExpression(parent)) || !parent.arguments?.includes(child as ts.Expression)) return undefined;
  const callee = parent.expression;
  return ts.isPropertyAccessExpression(callee) && PROMISE_COMBINATORS.test(callee.name.text) ? undefined : parent;
}

// calls that take a sql`…` as part of the query they send or build (`$queryRaw(sql`…`)`, `db.execute(sql`…`)`,
// `sql.join([…])`); any other call may just run it (`withRetry(sql`UPDATE …`)`)
const SQL_COMPOSING_CALLS = /^(\$(query|execute)Raw(Unsafe)?|execute|query|join|raw|append|unsafe|sql|empty)$/;

/**
 * A sql`…` that is part of another query, not one sent: Prisma.sql`…` always, and any sql`…` put into a template's
 * `${…}` (also as a branch: `${cursor ? sql`…` : sql.empty}`) or handed to a call that composes or sends queries
 * (`$queryRaw(sql`…`)`).
 */
function isSqlFragment(tagged: ts.TaggedTemplateExpression): boolean {
  const tag = tagged.tag;
  if (ts.isPropertyAccessExpression(tag) && ts.isIdentifier(tag.expression) && tag.expression.text === "Prisma") return true;
  let child: ts.Node = tagged;
  let parent = tagged.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || (ts.isConditionalExpression(parent) && parent.condition !== child))) {
    child = parent;
    parent = parent.parent;
  }
  if (parent !== undefined && ts.isTemplateSpan(parent)) return true;
  const call = argumentOfCall(tagged);
  return call !== undefined && SQL_COMPOSING_CALLS.test(lastName(call.expression) ?? "");
}

/**
 * `SENTIMENT_VALUES.find(…)`, `ROLES.filter(…)`: a SCREAMING_CASE constant, or a name the file declares with an array or
 * object literal, is a list of values, not a model class.
 */
function isConstantList(receiver: ts.Expression): boolean {
  if (!ts.isIdentifier(receiver)) return false;
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(receiver.text)) return true;
  const declared = findDeclaration(receiver)?.parent;
  if (!declared || !ts.isVariableDeclaration(declared) || !declared.initializer) return false;
  let init = declared.initializer;
  while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
  return ts.isArrayLiteralExpression(init) || ts.isObjectLiteralExpression(init);
}

/** The fallback classifier: fetch, axios, Prisma, SQL `query(…)`, repository/model reads and writes. */
export const basicClassifier: CallClassifier = (call) => {
  if (ts.isTaggedTemplateExpression(call as ts.Node)) {
    // postgres.js / slonik style: sql`SELECT …`
    const tagged = call as unknown as ts.TaggedTemplateExpression;
    const tag = lastName(tagged.tag) ?? "";
    if (!/^sql$/i.test(tag) || isSqlFragment(tagged)) return undefined;
    return { kind: "db-query", library: "sql", operation: sqlOperation(tagged.template) };
  }
  const e = call.expression;
  if (ts.isIdentifier(e)) {
    if (e.text === "fetch" && !findDeclaration(e)) return { kind: "api-call", library: "fetch", operation: fetchOperation(call.arguments[1]) };
    if (importedFrom(e) === "axios" || (e.text === "axios" && !findDeclaration(e))) return { kind: "api-call", library: "axios", operation: call.arguments.length > 1 || call.arguments[0]?.kind === ts.SyntaxKind.ObjectLiteralExpression ? "unknown" : "read" };
    return undefined;
  }
  if (!ts.isPropertyAccessExpression(e)) return undefined;
  const method = e.name.text;
  const receiver = e.expression;
  if (ts.isIdentifier(receiver) && (importedFrom(receiver) === "axios" || receiver.text === "axios")) {
    if (HTTP_READ.has(method)) return { kind: "api-call", library: "axios", operation: "read" };
    if (HTTP_WRITE.has(method)) return { kind: "api-call", library: "axios", operation: "write" };
    return { kind: "api-call", library: "axios", operation: "unknown" };
  }
  if (PRISMA_READ.has(method) && ts.isPropertyAccessExpression(receiver) && /prisma|db|tx|client/i.test(lastName(receiver.expression) ?? "")) return { kind: "db-query", library: "prisma", operation: "read" };
  if (PRISMA_WRITE.has(method) && ts.isPropertyAccessExpression(receiver) && /prisma|db|tx|client/i.test(lastName(receiver.expression) ?? "")) return { kind: "db-query", library: "prisma", operation: "write" };
  if (method === "raw" && isArgumentOfCall(call)) return undefined;
  if (method === "query" || method === "execute" || method === "raw") {
    const name = lastName(receiver) ?? "";
    if (/pool|client|db|conn|connection|knex|pg|mysql|sql|trx|tx|sequelize|manager/i.test(name)) return { kind: "db-query", library: "sql", operation: sqlOperation(call.arguments[0]) };
  }
  if ((REDIS_READ.has(method) || REDIS_WRITE.has(method)) && namesRedis(receiver)) return { kind: "db-query", library: "redis", operation: REDIS_READ.has(method) ? "read" : "write" };
  const receiverName = lastName(receiver) ?? "";
  // a TypeORM repository's create()/merge() build an entity in memory; its save() writes
  if ((method === "create" || method === "merge") && /Repository$/.test(receiverName)) return undefined;
  const looksLikeDb = DB_RECEIVER.test(receiverName) || (/^[A-Z]\w*$/.test(receiverName) && !NOT_A_MODEL.test(receiverName) && !isConstantList(receiver));
  if (looksLikeDb && DB_READ.has(method)) return { kind: "db-query", library: "orm", operation: "read" };
  if (looksLikeDb && (DB_WRITE.has(method) || PRISMA_WRITE.has(method))) return { kind: "db-query", library: "orm", operation: "write" };
  if (HTTP_READ.has(method) && HTTP_RECEIVER.test(receiverName)) return { kind: "api-call", library: "http", operation: "read" };
  if (HTTP_WRITE.has(method) && HTTP_RECEIVER.test(receiverName)) return { kind: "api-call", library: "http", operation: "write" };
  return undefined;
};

// method names under which the fallback finds a database write (the table check needs no other)
export const FALLBACK_WRITE_NAMES: ReadonlySet<string> = new Set([...PRISMA_WRITE, ...DB_WRITE]);

/**
 * Database writes only the fallback shapes know (`prisma.user.update(…)` through a client imported from a package
 * this run could not follow): the tables they write count against cached reads elsewhere as much as known ones.
 */
export function fallbackWrites(calls: Iterable<ts.Node>, known: ReadonlyMap<ts.Node, ExternalCall>): [ts.Node, string][] {
  const found: [ts.Node, string][] = [];
  for (const call of calls) {
    if (!ts.isCallExpression(call) || known.has(call) || !ts.isPropertyAccessExpression(call.expression) || !FALLBACK_WRITE_NAMES.has(call.expression.name.text)) continue;
    const classified = basicClassifier(call);
    if (classified?.operation === "write" && classified.kind === "db-query") found.push([call, classified.library]);
  }
  return found;
}

/** The detector's catalog first (import/instance tracking), then the fallback shapes. Calls inside a builder chain take the chain's verdict. */
export function classifierFor(externalCalls: ReadonlyMap<ts.Node, ExternalCall>): CallClassifier {
  return (call) => {
    let top: ts.Node = call;
    for (;;) {
      const parent = top.parent;
      if (parent && (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === top && parent.parent && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) top = parent.parent;
      else break;
    }
    for (let n: ts.Node | undefined = top; n; n = n.parent) {
      const hit = externalCalls.get(n);
      if (hit) return hit;
      if (!n.parent || !(ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent))) break;
    }
    if (top !== call) {
      const chained = externalCalls.get(top);
      if (chained) return chained;
    }
    return basicClassifier(call);
  };
}


