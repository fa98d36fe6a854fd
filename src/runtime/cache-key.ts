// Cache keys: a stable, type-tagged serialization of a call's arguments, so two different calls never share
// an entry and two equal calls always do (object key order, Map and Set insertion order do not matter).
import { createHash } from "node:crypto";
import { describeObject, isTypedArrayPrototype } from "./cached-value.js";
import { valueClassOf, valueObjectKey } from "./value-objects.js";

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

/**
 * An argument that cannot be part of a key. `cacheKey` throws it; `cached()` does not: it calls the function
 * uncached instead (and warns once per prefix with `detail`).
 */
export class CacheKeyError extends TypeError {
  override name = "CacheKeyError";
  constructor(
    message: string,
    /** Which argument and what it is: `argument 0._options.include[0].model is a function`. */
    readonly detail?: string,
  ) {
    super(message);
  }
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
    const detail = `argument ${this.argIndex}${this.path.join("")} is ${what}`;
    throw new CacheKeyError(
      `optimigrate: cannot build a cache key for "${this.prefix}": ${detail}; ` +
        `every argument goes into the key, so pass plain data (or do not cache this function)`,
      detail,
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
  // The same plain data a cached value may hold (cached-value.ts), recognised by exact prototype, plus URL and
  // URLSearchParams (identified by their text), and the drivers' value objects (`ObjectId(…)`, value-objects.ts).
  // Anything else (a class instance, with or without toJSON) is refused: its own properties are not a safe identity (hidden state, credentials in an ORM row, a class for a
  // value), so such a call is not cached at all.
  const proto = Object.getPrototypeOf(v) as object | null;
  if (proto === Object.prototype || proto === null) return serializePlain(v as Record<string, unknown>, ctx);
  if (proto === Array.prototype) {
    const a = v as unknown[];
    let out = "[";
    for (let i = 0; i < a.length; i++) out += (i ? "," : "") + child(ctx, `[${i}]`, a[i]);
    return out + "]";
  }
  if (proto === Date.prototype) return `Date(${(v as Date).getTime()})`;
  if (proto === Map.prototype) {
    const entries: string[] = [];
    for (const [k, val] of v as Map<unknown, unknown>) entries.push(child(ctx, ".<key>", k) + "=>" + child(ctx, ".get()", val));
    return `Map{${entries.sort().join(",")}}`;
  }
  if (proto === Set.prototype) {
    const members: string[] = [];
    for (const m of v as Set<unknown>) members.push(child(ctx, ".<member>", m));
    return `Set{${members.sort().join(",")}}`;
  }
  if (proto === RegExp.prototype) return `RegExp(${JSON.stringify(String(v))})`;
  if (proto === URL.prototype) return `URL(${JSON.stringify((v as URL).href)})`;
  if (proto === URLSearchParams.prototype) return `URLSearchParams(${JSON.stringify(String(v))})`;
  if (ArrayBuffer.isView(v) && (proto === Buffer.prototype || proto === DataView.prototype || isTypedArrayPrototype(proto))) {
    const name = (proto as { constructor: { name: string } }).constructor.name;
    return `${name}(${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64")})`;
  }
  if (proto === ArrayBuffer.prototype) return `ArrayBuffer(${Buffer.from(v as ArrayBuffer).toString("base64")})`;
  if (proto === Number.prototype || proto === String.prototype || proto === Boolean.prototype || proto === BigInt.prototype) {
    return `${(proto as { constructor: { name: string } }).constructor.name}(${serializeValue((v as { valueOf(): unknown }).valueOf(), ctx)})`;
  }
  const kind = valueClassOf(v);
  if (kind) return valueObjectKey(kind, v);
  return ctx.fail(describeObject(v));
}

function serializePlain(v: Record<string, unknown>, ctx: KeyContext): string {
  const keys = Object.keys(v).sort();
  let out = "{";
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
