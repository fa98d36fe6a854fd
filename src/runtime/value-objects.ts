// Immutable value classes that database results are full of: MongoDB's ObjectId and Decimal128 (bson, in every
// Mongoose and driver document) and Prisma's Decimal (decimal.js). They are class instances, but values: equal
// text means equal value, and no method changes one. So a cached value may hold them (by reference: nobody can
// change them), a key may contain them (as their text), and Redis gets their text, turned back into an instance
// of the same class when read.
//
// They are recognised by shape, without importing the drivers (the app has its own copy, often several). The
// class to revive one with is the one this process last saw an instance of; a Redis entry holding a kind this
// process has not met yet is not used (a miss, then stored again), so no instance is ever made of a guessed class.

interface ValueClass {
  toText(v: object): string;
  fromText(ctor: Function, text: string): object;
}

type Ctor = Function & { fromString?: (text: string) => object };

const CLASSES: Record<string, ValueClass> = {
  ObjectId: { toText: (v) => (v as { toHexString(): string }).toHexString(), fromText: (C, t) => new (C as new (t: string) => object)(t) },
  Decimal128: { toText: (v) => String(v), fromText: (C, t) => (C as Ctor).fromString!(t) },
  Decimal: { toText: (v) => String(v), fromText: (C, t) => new (C as new (t: string) => object)(t) },
};

const seen = new Map<string, Function>();

/** The value class of `v` ("ObjectId", "Decimal128", "Decimal"), or undefined for any other object. */
export function valueClassOf(v: object): string | undefined {
  try {
    const bsonType = (v as { _bsontype?: unknown })._bsontype;
    if (bsonType === "ObjectId" || bsonType === "ObjectID") return typeof (v as { toHexString?: unknown }).toHexString === "function" ? "ObjectId" : undefined;
    if (bsonType === "Decimal128") return typeof (Object.getPrototypeOf(v)?.constructor as Ctor | undefined)?.fromString === "function" ? "Decimal128" : undefined;
    const ctor = Object.getPrototypeOf(v)?.constructor as { isDecimal?: (x: unknown) => boolean } | undefined;
    if (typeof ctor?.isDecimal === "function" && ctor.isDecimal(v)) return "Decimal";
  } catch {
    // a getter or Proxy that throws: not a value class
  }
  return undefined;
}

/** Notes the class of an instance met in a result, to revive the same kind read back from Redis. */
export function learnValueClass(kind: string, v: object): void {
  const ctor = Object.getPrototypeOf(v)?.constructor as Function | undefined;
  if (typeof ctor === "function") seen.set(kind, ctor);
}

/** How a value object appears in a cache key: `ObjectId(65f1…)`. */
export function valueObjectKey(kind: string, v: object): string {
  return `${kind}(${CLASSES[kind]!.toText(v)})`;
}

// The tag of a value object written to Redis: a plain object no app result has (a NUL in its key).
const TAG = "\u0000optimigrate:value";

interface Tagged {
  [TAG]: string;
  text: string;
}

function isTagged(v: Record<string, unknown>): v is Record<string, unknown> & Tagged {
  return typeof v[TAG] === "string" && typeof v.text === "string";
}

/** A value object read back from Redis, or undefined for a plain object; throws when its class is not known here. */
export function revivedValueObject(v: Record<string, unknown>): object | undefined {
  if (!Object.hasOwn(v, TAG) || !isTagged(v)) return undefined;
  const kind = v[TAG];
  const valueClass = CLASSES[kind];
  const ctor = seen.get(kind);
  if (!valueClass || !ctor) throw new Error(`a stored ${kind}, and no ${kind} seen in this process yet`);
  return valueClass.fromText(ctor, v.text);
}

/**
 * The value as written to Redis: a copy in which every value object is its tagged text (v8.serialize would keep an
 * instance's fields and lose its class). Only called for values known to hold one.
 */
export function tagValueObjects(value: unknown, copies = new Map<object, unknown>()): unknown {
  if (value === null || typeof value !== "object") return value;
  const done = copies.get(value);
  if (done !== undefined) return done;
  const kind = valueClassOf(value);
  if (kind) return { [TAG]: kind, text: CLASSES[kind]!.toText(value) } satisfies Tagged;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Array.prototype) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (const item of value as unknown[]) out.push(tagValueObjects(item, copies));
    return out;
  }
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
    copies.set(value, out);
    for (const k of Object.keys(value)) {
      const item = tagValueObjects((value as Record<string, unknown>)[k], copies);
      if (k === "__proto__") Object.defineProperty(out, k, { value: item, enumerable: true, writable: true, configurable: true });
      else out[k] = item;
    }
    return out;
  }
  if (proto === Map.prototype) {
    const out = new Map<unknown, unknown>();
    copies.set(value, out);
    for (const [k, v] of value as Map<unknown, unknown>) out.set(tagValueObjects(k, copies), tagValueObjects(v, copies));
    return out;
  }
  if (proto === Set.prototype) {
    const out = new Set<unknown>();
    copies.set(value, out);
    for (const m of value as Set<unknown>) out.add(tagValueObjects(m, copies));
    return out;
  }
  return value; // Date, RegExp, binary data: nothing inside to tag
}
