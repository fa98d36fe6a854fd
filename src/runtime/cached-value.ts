// How a value is kept in the cache so that no caller can change what other callers will get, and so that what
// comes out of the cache is the same kind of thing the function returned.
//
// Only plain data is cached (see PLAIN DATA below). One walk over a freshly loaded value does three jobs: it checks
// that every part is plain data, copies it, and deep-freezes the copy; that copy is handed to every caller (the
// first one included), so a hit costs no copy, a caller that mutates a result fails loudly (TypeError in strict
// code) instead of corrupting the cache, and the object returned by `load` is never frozen behind its owner's
// back. Freezing cannot protect Map, Set, Date, RegExp or binary data (and Object.freeze throws on a non-empty
// typed array), so those are never frozen and a value containing one is handed out as a fresh copy on every
// read, made by the same walk. The walk stops at the first part that is not plain data (a class instance, a
// function, a Promise, a stream…): such a value is not cached at all and the caller gets the loader's own
// result, untouched (see `Cache.fill`).
//
// PLAIN DATA: string, number, boolean, null, undefined, bigint; objects whose prototype is Object.prototype or
// null (own enumerable string keys, read as values: a getter is copied as what it returned); arrays whose
// prototype is Array.prototype (indices 0…length-1, holes read as undefined); Date, Map, Set, RegExp (lastIndex
// starts at 0); Buffer (kept a Buffer), every typed array kind, DataView, ArrayBuffer; boxed primitives
// (`new String("x")`…). Built-ins are recognised by their exact prototype, so a subclass (`class Rows extends
// Array`) is a class instance. Shared references and cycles are kept as they were. The same set is what a cache
// key accepts (cache-key.ts), plus URL and URLSearchParams there. Values are written to Redis with v8.serialize,
// which round-trips every one of these kinds (a Buffer comes back a Buffer).
// Also plain data, though class instances: the immutable value classes of database drivers (MongoDB's ObjectId
// and Decimal128, Prisma's Decimal), kept by reference and written to Redis as their text (value-objects.ts).

import { learnValueClass, revivedValueObject, valueClassOf } from "./value-objects.js";

export interface StoredValue {
  readonly value: unknown;
  /** True when the value holds Map/Set/Date/RegExp/binary data: each read gets its own copy. */
  readonly cloneOnRead: boolean;
  /** Approximate bytes, for the memory bound. */
  readonly size: number;
  /** True when the value holds value objects (an ObjectId…): Redis gets a copy with their text (value-objects.ts). */
  readonly valueObjects?: boolean;
  /**
   * True when the value is not plain data: `value` is the loader's own result, returned to the caller that
   * loaded it and never stored (`reason` says why).
   */
  readonly passThrough?: boolean;
  readonly reason?: string;
}

/** Why a value is not plain data: where in it (`.items[3].owner`, "" for the value itself) and what was found. */
class NotPlainData {
  path = "";
  constructor(readonly what: string) {}
}

interface Walk {
  /** Original object -> its copy: keeps shared references and cycles. */
  readonly copies: Map<object, unknown>;
  readonly freeze: boolean;
  /** Read back from Redis: tagged value objects become instances again. */
  readonly revive: boolean;
  size: number;
  cloneOnRead: boolean;
  valueObjects: boolean;
}

const TYPED_ARRAY_PROTOTYPES = new Set<object>(
  [
    Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float32Array, Float64Array, BigInt64Array, BigUint64Array,
    (globalThis as { Float16Array?: Float32ArrayConstructor }).Float16Array,
  ]
    .filter((c) => c !== undefined)
    .map((c) => c!.prototype),
);

/** `a User instance`, `a Promise`, `an instance of an anonymous class`: what a non-plain object is, for messages. */
export function describeObject(v: object): string {
  if (v instanceof Promise) return "a Promise (await it first)";
  let name = "";
  try {
    const ctor = (Object.getPrototypeOf(v) as { constructor?: unknown } | null)?.constructor;
    if (typeof ctor === "function") name = ctor.name;
  } catch {
    // A hostile prototype (a Proxy's trap): no name.
  }
  if (!name) return "an instance of an anonymous class";
  return `${/^[AEIO]/.test(name) ? "an" : "a"} ${name} instance`; // "a User", "an Order"
}

export function isTypedArrayPrototype(proto: object): boolean {
  return TYPED_ARRAY_PROTOTYPES.has(proto);
}

/** Bytes a primitive counts for in the memory bound. */
function primitiveSize(v: unknown): number {
  return typeof v === "string" ? 16 + 2 * v.length : 16;
}

function copy(v: unknown, w: Walk): unknown {
  if (v === null || typeof v !== "object") {
    if (typeof v === "function") throw new NotPlainData("a function");
    if (typeof v === "symbol") throw new NotPlainData("a symbol");
    w.size += primitiveSize(v);
    return v;
  }
  const done = w.copies.get(v);
  if (done !== undefined) return done;
  const proto = Object.getPrototypeOf(v) as object | null;
  if (proto === Object.prototype || proto === null) return copyObject(v as Record<string, unknown>, proto, w);
  if (proto === Array.prototype) return copyArray(v as unknown[], w);
  return copyBuiltin(v, proto, w);
}

function copyObject(v: Record<string, unknown>, proto: object | null, w: Walk): object {
  if (w.revive) {
    let revived: object | undefined;
    try {
      revived = revivedValueObject(v);
    } catch (error) {
      throw new NotPlainData((error as Error).message);
    }
    if (revived) {
      w.valueObjects = true;
      w.size += 48;
      w.copies.set(v, revived);
      return revived;
    }
  }
  const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
  w.copies.set(v, out);
  const keys = Object.keys(v);
  w.size += 48;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    w.size += 16 + 2 * k.length;
    let item: unknown;
    try {
      item = copy(v[k], w);
    } catch (error) {
      if (error instanceof NotPlainData) error.path = (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`) + error.path;
      throw error;
    }
    // An own "__proto__" key (from JSON.parse) must stay a key, not become the copy's prototype.
    if (k === "__proto__") Object.defineProperty(out, k, { value: item, enumerable: true, writable: true, configurable: true });
    else out[k] = item;
  }
  if (w.freeze) Object.freeze(out);
  return out;
}

function copyArray(v: unknown[], w: Walk): unknown[] {
  const out: unknown[] = [];
  w.copies.set(v, out);
  const n = v.length;
  w.size += 32 + 8 * n;
  for (let i = 0; i < n; i++) {
    try {
      out.push(copy(v[i], w));
    } catch (error) {
      if (error instanceof NotPlainData) error.path = `[${i}]` + error.path;
      throw error;
    }
  }
  if (w.freeze) Object.freeze(out);
  return out;
}

function copyBuiltin(v: object, proto: object, w: Walk): unknown {
  let out: unknown;
  if (ArrayBuffer.isView(v)) {
    // Never frozen: Object.freeze throws on a non-empty typed array, and could not protect the bytes anyway.
    if (proto === Buffer.prototype) out = Buffer.from(v as Buffer);
    else if (isTypedArrayPrototype(proto)) {
      out = new ((proto as { constructor: new (source: ArrayBufferView) => ArrayBufferView }).constructor)(v);
    } else if (proto === DataView.prototype) {
      out = new DataView((v.buffer as ArrayBuffer).slice(v.byteOffset, v.byteOffset + v.byteLength));
    } else {
      throw new NotPlainData(describeObject(v));
    }
    w.cloneOnRead = true;
    w.size += 32 + v.byteLength;
  } else if (proto === Date.prototype) {
    out = new Date((v as Date).getTime());
    w.cloneOnRead = true;
    w.size += 32;
  } else if (proto === Map.prototype) {
    const map = new Map<unknown, unknown>();
    w.copies.set(v, map);
    w.cloneOnRead = true;
    w.size += 48;
    for (const [k, val] of v as Map<unknown, unknown>) {
      try {
        map.set(copy(k, w), copy(val, w));
      } catch (error) {
        if (error instanceof NotPlainData) error.path = `.get(${typeof k === "string" ? JSON.stringify(k) : typeof k === "object" && k ? "…" : String(k)})` + error.path;
        throw error;
      }
    }
    return map;
  } else if (proto === Set.prototype) {
    const set = new Set<unknown>();
    w.copies.set(v, set);
    w.cloneOnRead = true;
    w.size += 48;
    for (const m of v as Set<unknown>) {
      try {
        set.add(copy(m, w));
      } catch (error) {
        if (error instanceof NotPlainData) error.path = ".<member>" + error.path;
        throw error;
      }
    }
    return set;
  } else if (proto === RegExp.prototype) {
    // Not frozen: exec/test on a global RegExp write lastIndex.
    out = new RegExp(v as RegExp);
    w.cloneOnRead = true;
    w.size += 32 + 2 * (v as RegExp).source.length;
  } else if (proto === ArrayBuffer.prototype) {
    out = (v as ArrayBuffer).slice(0);
    w.cloneOnRead = true;
    w.size += 32 + (v as ArrayBuffer).byteLength;
  } else if (proto === String.prototype || proto === Number.prototype || proto === Boolean.prototype || proto === BigInt.prototype) {
    out = Object((v as { valueOf(): unknown }).valueOf());
    w.size += 32;
    if (w.freeze) Object.freeze(out);
  } else {
    const kind = valueClassOf(v);
    if (!kind) throw new NotPlainData(describeObject(v));
    // immutable: shared, not copied or frozen
    learnValueClass(kind, v);
    out = v;
    w.valueObjects = true;
    w.size += 48;
  }
  w.copies.set(v, out);
  return out;
}

function walk(value: unknown, freeze: boolean, revive = false): StoredValue {
  const w: Walk = { copies: new Map(), freeze, revive, size: 0, cloneOnRead: false, valueObjects: false };
  try {
    const copied = copy(value, w);
    return { value: copied, cloneOnRead: w.cloneOnRead, size: w.size, ...(w.valueObjects ? { valueObjects: true } : {}) };
  } catch (error) {
    const reason =
      error instanceof NotPlainData
        ? `the result${error.path} is ${error.what}`
        : `the result could not be read (${error instanceof Error ? error.message : String(error)})`;
    return { value, cloneOnRead: false, size: 0, passThrough: true, reason };
  }
}

/**
 * A freshly loaded value as it will be stored: a frozen copy when it is plain data; otherwise the value itself
 * with `passThrough` and the reason ("the result.items[3].owner is a User instance").
 */
export function storeLoaded(value: unknown, revive = false): StoredValue {
  if (value === null || (typeof value !== "object" && typeof value !== "function" && typeof value !== "symbol")) {
    return { value, cloneOnRead: false, size: primitiveSize(value) };
  }
  return walk(value, true, revive);
}

/**
 * A value read back from Redis, checked and frozen like a loaded one (its decoded tree is copied once), its
 * tagged value objects made instances again.
 */
export function storeDecoded(value: unknown): StoredValue {
  return storeLoaded(value, true);
}

/** Returns what a caller gets from a stored value: the value, or its own copy when it holds mutable built-ins. */
export function readStored(stored: StoredValue): unknown {
  return stored.cloneOnRead ? walk(stored.value, false).value : stored.value;
}
