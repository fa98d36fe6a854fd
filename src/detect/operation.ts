// Read or write? Decided from a method name, an HTTP method, SQL text, an AWS command or a GraphQL document.
import type { Operation } from "../findings.js";

const READ_WORDS = new Set([
  "get", "find", "list", "select", "query", "read", "fetch", "search", "count", "aggregate", "group",
  "describe", "retrieve", "head", "exists", "exist", "scan", "load", "lookup", "first", "pluck", "all",
  "each", "iterate", "download", "distinct", "paginate", "options", "estimated", "stat", "check",
  "verify", "validate", "preview", "lookup", "browse", "sum", "max", "min", "avg", "explain",
  "mget", "hget", "hgetall", "hmget", "hkeys", "hvals", "hexists", "hlen", "smembers", "sismember",
  "scard", "zrange", "zrangebyscore", "zrevrange", "zscore", "zcard", "zcount", "lrange", "llen", "lindex",
  "strlen", "getrange", "xrange", "xread", "sscan", "hscan", "zscan", "ttl", "pttl", "keys", "type",
  "embed", "complete", "completion", "completions", "generate", "chat", "moderate", "transcribe",
  "translate", "classify", "parse", "tokenize", "tokens",
]);

const WRITE_WORDS = new Set([
  "create", "insert", "update", "upsert", "delete", "del", "remove", "rem", "destroy", "put", "post",
  "patch", "set", "setex", "setnx", "psetex", "save", "write", "add", "incr", "incrby", "decr", "decrby",
  "increment", "decrement", "push", "pop", "expire", "persist", "rename", "append", "replace", "truncate",
  "drop", "alter", "mutate", "cancel", "capture", "refund", "confirm", "charge", "pay", "send", "publish",
  "upload", "copy", "move", "merge", "restore", "sadd", "srem", "spop", "zadd", "zrem", "zincrby", "hset",
  "hmset", "hsetnx", "hdel", "hincrby", "lpush", "rpush", "lpop", "rpop", "lrem", "ltrim", "lset", "xadd",
  "flushall", "flushdb", "unlink", "getdel", "getset", "enqueue", "dispatch", "trigger", "invoke",
  "start", "stop", "reboot", "terminate", "archive", "unarchive", "lock", "unlock", "approve", "reject",
  "close", "open", "reopen", "assign", "unassign", "attach", "detach", "subscribe", "unsubscribe",
  "register", "deregister", "import", "export", "transfer", "void", "finalize", "void", "mark", "resolve",
  "star", "unstar", "fork", "follow", "unfollow", "block", "unblock", "batchwrite", "transact", "modify",
  "submit",
]);

// The app's own functions and methods that the analysis cannot see into: a name that starts with one of these
// (or ends in Delete) says it changes data. Narrower than WRITE_WORDS, which is for SDK methods.
const APP_WRITE_VERBS = new Set([
  "update", "set", "delete", "remove", "create", "insert", "save", "upsert", "add", "destroy", "put", "patch", "increment", "decrement",
  // side effects other than a row: counters, analytics, messages, jobs, global switches
  "bump", "track", "record", "audit", "send", "notify", "emit", "publish", "enqueue", "schedule", "activate", "register", "mark", "invalidate", "revoke",
  // quota and locks: `limiter.consume(id)` uses up points
  "consume", "reserve", "claim", "acquire",
  // files, switches, lifecycles and money: `writeFile`, `deactivateWorkflow`, `archiveProject`, `refundOrder` (not `migrate`:
  // growthbook's `migrateRampScheduleEndCondition(doc)` upgrades a document in memory)
  "write", "deactivate", "disable", "enable", "purge", "archive", "unarchive", "restore", "rename", "move", "cancel", "refund", "charge",
  "approve", "reject", "unpublish", "install", "uninstall", "deploy", "provision", "seed", "sync", "grant", "ban", "unban", "suspend",
]);
// createS3Service(), createInstance(), rl.createInterface(): a factory makes an object, it stores nothing
const MADE_THINGS = new Set([
  "service", "client", "instance", "interface", "factory", "builder", "logger", "server", "app", "context", "config", "store", "provider", "adapter",
  "handler", "middleware", "agent", "parser", "schema", "validator",
  // values computed, not records: createHash(), createTOTPKeyURI(), createId(), createMongoAbility()
  "hash", "hmac", "digest", "signature", "uri", "url", "slug", "uuid", "id", "ability",
]);
// createArrayFromCommaDelineated(), createMapOfIds(): a value of that shape (not createRecord(), createList())
const VALUE_SHAPES = new Set(["array", "list", "map", "set", "object", "string", "record", "dictionary", "tuple", "regex", "matcher"]);
// removeTrailingSlash(), removeAccents(): a string helper that returns a new value (not removeTags(), a write)
const TEXT_PARTS = new Set(["slash", "slashes", "whitespace", "spaces", "space", "accents", "diacritics", "quotes", "newlines", "chars", "characters", "punctuation", "protocol"]);

/** Does the name of a function the analysis cannot see into say it writes? `updateDefaultStrategy`, `batchDelete`. */
export function namedLikeAWrite(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  // `createWorkspaceDBSchema()` makes tables; `createInsertSchema()` makes a validator
  const madeThing = MADE_THINGS.has(words[words.length - 1]!) && !(words[words.length - 1] === "schema" && words.some((w) => w === "db" || w === "database"));
  if (words[0] === "create" && (madeThing || (VALUE_SHAPES.has(words[1] ?? "") && (words[2] === "from" || words[2] === "of")))) return false;
  if (words[0] === "remove" && TEXT_PARTS.has(words[words.length - 1]!)) return false;
  // `send` alone is a transport's (an SDK client's `send(command)`); `sendInvoice` says what it sends
  if (words.length === 1 && words[0] === "send") return false;
  if (APP_WRITE_VERBS.has(words[0]!) || words[words.length - 1] === "delete") return true;
  // a second verb after "and"/"or" does its part too: `loadAndActivate`, `findOrCreate`, `fetchAndSave`; not `getOrCreateClient`
  return words.some((w, i) => {
    const next = words[i + 1] ?? "";
    return (w === "and" || w === "or") && APP_WRITE_VERBS.has(next) && !(next === "create" && MADE_THINGS.has(words[words.length - 1]!));
  });
}

// calls whose name says they only tell someone (a message, an event, an analytics hit), not change stored data;
// `publishPost`, `registerMember`, `scheduleMeeting` may well write rows
const SIDE_EFFECT_VERBS = new Set(["send", "notify", "emit", "track"]);

/** Named like a write that changes stored data (`updateUser`, `this.repo.markRead`), not one that only sends or emits (`sendInvitationEmail`). */
export function namedLikeADataWrite(name: string): boolean {
  return namedLikeAWrite(name) && !SIDE_EFFECT_VERBS.has(nameWords(name)[0] ?? "");
}

// Brand words written in mixed case are one word each: `OAuthRepository` is oauth + repository, not o + auth.
const MIXED_CASE_WORDS = /OAuth|GraphQL|GitHub|GitLab|MySQL|PostgreSQL|MongoDB|NoSQL|YouTube|LinkedIn|PayPal|WhatsApp|iOS|macOS/g;

/** Words of a camelCase / snake_case name, lowercased: `findManyUsers` → find, many, users. */
export function nameWords(name: string): string[] {
  return name
    .replace(/^[$_]+/, "")
    .replace(MIXED_CASE_WORDS, (word) => word[0] + word.slice(1).toLowerCase())
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Operation from a method name such as findMany, getObject, hgetall, batchGetItem, deleteMany. */
export function operationFromName(name: string): Operation {
  const whole = name.replace(/^[$_]+/, "").toLowerCase();
  if (WRITE_WORDS.has(whole) && !READ_WORDS.has(whole)) return "write";
  if (READ_WORDS.has(whole)) return "read";
  const words = nameWords(name);
  let first = words[0];
  if ((first === "batch" || first === "bulk" || first === "async" || first === "try" || first === "soft" || first === "hard") && words[1]) first = words[1];
  if (first === undefined) return "unknown";
  if (READ_WORDS.has(first)) return writesToo(words) ? "write" : "read";
  if (WRITE_WORDS.has(first)) return "write";
  return "unknown";
}

/** A read that writes when it finds nothing: `findOrCreate`, `findOneAndUpdate`, Sequelize's `findCreateFind`. */
function writesToo(words: readonly string[]): boolean {
  if (words.join(" ") === "find create find") return true;
  return words.some((w, i) => i > 0 && WRITE_WORDS.has(w) && !READ_WORDS.has(w) && (words[i - 1] === "or" || words[i - 1] === "and"));
}

export function operationFromHttpMethod(method: string | undefined): Operation {
  if (method === undefined) return "read";
  const m = method.toUpperCase();
  if (m === "GET" || m === "HEAD" || m === "OPTIONS") return "read";
  if (m === "POST" || m === "PUT" || m === "PATCH" || m === "DELETE") return "write";
  return "unknown";
}

const SQL_READ = /^(select|with\b[\s\S]*\bselect\b(?![\s\S]*\b(insert|update|delete|merge)\b)|show|explain|describe|desc|values|table|pragma\s+\w+\s*$)/i;
const SQL_WRITE = /^(insert|update|delete|merge|upsert|replace|create|drop|alter|truncate|grant|revoke|copy|call|do|lock|vacuum|analyze|refresh|set|begin|commit|rollback|savepoint|release|with\b[\s\S]*\b(insert|update|delete|merge)\b)/i;

/**
 * A SELECT that changes server state: settings, advisory locks, ending other sessions, sequences,
 * notifications, row locks. Not cacheable, so a write.
 */
const SQL_SIDE_EFFECT =
  /\b(set_config|pg_(try_)?advisory_(xact_)?lock(_shared)?|pg_advisory_unlock(_shared|_all)?|pg_terminate_backend|pg_cancel_backend|nextval|setval|pg_notify)\s*\(|\bfor\s+(no\s+key\s+)?update\b|\bfor\s+(key\s+)?share\b/i;

/** Operation from SQL text: leading comments and parentheses skipped. */
export function operationFromSql(sql: string | undefined): Operation {
  if (sql === undefined) return "unknown";
  const text = sql.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/--[^\n]*/g, " ").replace(/^[\s(]+/, "");
  if (SQL_WRITE.test(text)) return "write";
  if (SQL_READ.test(text)) return SQL_SIDE_EFFECT.test(text) ? "write" : "read";
  return "unknown";
}

/** Operation from an AWS SDK v3 command class name: GetObjectCommand, PutItemCommand, QueryCommand. */
export function operationFromAwsCommand(className: string | undefined): Operation {
  if (!className) return "unknown";
  return operationFromName(className.replace(/Command$/, ""));
}

export function operationFromGraphql(document: string | undefined): Operation {
  if (document === undefined) return "unknown";
  const text = document.replace(/#[^\n]*/g, " ").trim();
  if (/^mutation\b/.test(text)) return "write";
  if (/^(query\b|subscription\b|\{|fragment\b)/.test(text)) return "read";
  return "unknown";
}

/** Octokit route strings: "GET /repos/{owner}/{repo}". */
export function operationFromRoute(route: string | undefined): Operation {
  if (route === undefined) return "unknown";
  const method = /^\s*([A-Z]+)\s+\//.exec(route)?.[1];
  return method ? operationFromHttpMethod(method) : "read";
}

/** Combines the operations of a chain: any write makes it a write, else any read a read. */
export function combineOperations(a: Operation, b: Operation): Operation {
  if (a === "write" || b === "write") return "write";
  if (a === "read" || b === "read") return "read";
  return "unknown";
}
