// Cache keys: a stable, type-tagged serialization of a call's arguments, so two different calls never share
// an entry and two equal calls always do (object key order, Map and Set insertion order do not matter).
import { createHash } from "node:crypto";

/** Keys longer than this are stored in Redis under a hash; the full key travels with the value and is compared on read. */
export const MAX_PLAIN_KEY_LENGTH = 200;

/** Characters a prefix may not contain: they would make glob patterns or the key grammar ambiguous. */
const FORBIDDEN_PREFIX_CHARS = /[[\]*?\\\s]/;

/** Strings that JSON.stringify would only wrap in quotes (no quote, backslash, control or surrogate character). */
const PLAIN_STRING = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** JSON.stringify for strings, without its cost for the common plain string. */
function quote(s: string): string {
  return PLAIN_STRING.test(s) ? '"' + s + '"' : JSON.stringify(s);
}

export class CacheKeyError extends TypeError {
  override name = "CacheKeyError";
}

export function assertValidPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== "string" || prefix.length === 0 || prefix.length > 200 || FORBIDDEN_PREFIX_CHARS.test(prefix)) {
    throw new CacheKeyError(
      `optimigrate: invalid cache prefix ${JSON.stringify(prefix)}: use a non-empty name of at most 200 characters without spaces, "[", "]", "*", "?" or "\\"`,
    );
  }
}

/**
 * The logical key of a call: `<prefix>:[<arg>,<arg>…]`. Strings are JSON-quoted, so `1` and `"1"` differ;
 * `undefined`, `null`, `NaN`, `-0`, `1n`, `Date(…)`, `Map{…}`, `Set{…}` each have their own spelling.
 */
export function cacheKey(prefix: string, args: readonly unknown[]): string {
  if (!Array.isArray(args)) {
    throw new CacheKeyError(`optimigrate: cached("${prefix}", args, …): args must be an array of the call's arguments`);
  }
  let out = prefix + ":[";
  for (let i = 0; i < args.length; i++) {
    if (i > 0) out += ",";
    const v = args[i];
    // Primitives inline: the common 1–3 argument key must stay well under a microsecond.
    switch (typeof v) {
      case "string":
        out += quote(v);
        break;
      case "number":
        out += v === 0 && 1 / v < 0 ? "-0" : String(v);
        break;
      case "boolean":
        out += v ? "true" : "false";
        break;
      default:
        out += serializeValue(v, new KeyContext(prefix, i));
    }
  }
  return out + "]";
}

/** Where serialization is, for error messages and cycle detection; only allocated for non-primitive arguments. */
class KeyContext {
  readonly ancestors: object[] = [];
  readonly path: string[] = [];
  constructor(
    readonly prefix: string,
    readonly argIndex: number,
  ) {}

  fail(what: string): never {
    const where = `argument ${this.argIndex}${this.path.join("")}`;
    throw new CacheKeyError(
      `optimigrate: cannot build a cache key for "${this.prefix}": ${where} is ${what}; ` +
        `every argument goes into the key, so pass plain data (or do not cache this function)`,
    );
  }
}

function serializeValue(v: unknown, ctx: KeyContext): string {
  switch (typeof v) {
    case "string":
      return quote(v);
    case "number":
      return v === 0 && 1 / v < 0 ? "-0" : String(v);
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "undefined";
    case "bigint":
      return `${v}n`;
    case "symbol":
      return ctx.fail("a symbol");
    case "function":
      return ctx.fail("a function");
    default:
      return v === null ? "null" : serializeObject(v as object, ctx);
  }
}

function serializeObject(v: object, ctx: KeyContext): string {
  if (ctx.ancestors.includes(v)) ctx.fail("a cyclic reference (an object that contains itself)");
  ctx.ancestors.push(v);
  try {
    return serializeObjectBody(v, ctx);
  } finally {
    ctx.ancestors.pop();
  }
}

function child(ctx: KeyContext, segment: string, value: unknown): string {
  ctx.path.push(segment);
  const s = serializeValue(value, ctx);
  ctx.path.pop();
  return s;
}

function serializeObjectBody(v: object, ctx: KeyContext): string {
  if (Array.isArray(v)) {
    let out = "[";
    for (let i = 0; i < v.length; i++) out += (i ? "," : "") + child(ctx, `[${i}]`, v[i]);
    return out + "]";
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) return serializePlain(v as Record<string, unknown>, ctx, "");
  if (v instanceof Date) return `Date(${v.getTime()})`;
  if (v instanceof Map) {
    const entries: string[] = [];
    for (const [k, val] of v) entries.push(child(ctx, ".<key>", k) + "=>" + child(ctx, ".get()", val));
    return `Map{${entries.sort().join(",")}}`;
  }
  if (v instanceof Set) {
    const members: string[] = [];
    for (const m of v) members.push(child(ctx, ".<member>", m));
    return `Set{${members.sort().join(",")}}`;
  }
  if (v instanceof RegExp) return `RegExp(${JSON.stringify(String(v))})`;
  if (v instanceof URL) return `URL(${JSON.stringify(v.href)})`;
  if (v instanceof URLSearchParams) return `URLSearchParams(${JSON.stringify(v.toString())})`;
  if (ArrayBuffer.isView(v)) {
    return `${v.constructor.name}(${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64")})`;
  }
  if (v instanceof ArrayBuffer) return `ArrayBuffer(${Buffer.from(v).toString("base64")})`;
  if (v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof BigInt) {
    return `${v.constructor.name}(${serializeValue(v.valueOf(), ctx)})`;
  }
  if (v instanceof Promise) ctx.fail("a Promise (await it before calling)");
  if (v instanceof WeakMap || v instanceof WeakSet) ctx.fail(`a ${v.constructor.name}`);
  const className = typeof proto?.constructor === "function" ? proto.constructor.name : "";
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return `@${className}:${child(ctx, ".toJSON()", toJSON.call(v))}`;
  if (Object.keys(v).length === 0) {
    // An instance whose state is hidden (private fields, native slots) would give every instance the same key.
    ctx.fail(`an instance of ${className || "an anonymous class"} with no enumerable state; give it a toJSON() or pass plain data`);
  }
  return serializePlain(v as Record<string, unknown>, ctx, `@${className}`);
}

function serializePlain(v: Record<string, unknown>, ctx: KeyContext, tag: string): string {
  const keys = Object.keys(v).sort();
  let out = tag + "{";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    out += (i ? "," : "") + JSON.stringify(k) + ":" + child(ctx, `.${k}`, v[k]);
  }
  return out + "}";
}

/** The key a value is stored under in Redis: namespaced, and hashed when long (the value carries the full key). */
export function redisKeyFor(namespace: string, prefix: string, key: string): { redisKey: string; hashed: boolean } {
  if (key.length <= MAX_PLAIN_KEY_LENGTH) return { redisKey: `${namespace}:c:${key}`, hashed: false };
  const digest = createHash("sha256").update(key).digest("base64url");
  return { redisKey: `${namespace}:c:${prefix}:#${digest}`, hashed: true };
}

/** The prefix a logical key belongs to. */
export function prefixOfKey(key: string): string {
  return key.slice(0, key.indexOf(":["));
}

/** FNV-1a over the key: a stable 0–99 bucket so a key stays in or out of a percentage rollout on every instance. */
export function rolloutBucket(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 100;
}
