// How a value is kept in the cache so that no caller can change what other callers will get.
//
// Choice: copy once when storing, then deep-freeze that copy and hand the same frozen object to every caller
// (the first one included). A hit therefore costs no copy at all, a caller that mutates a result fails loudly
// (TypeError in strict code) on the first call instead of corrupting the cache on some later hit, and the
// object returned by `load` is never frozen behind its owner's back. Freezing cannot protect the contents of
// Map, Set, Date or binary buffers, so a value containing one of those is handed out as a fresh
// structuredClone on every read instead. Values go through structured cloning (as they would through Redis):
// class instances come back as plain objects, and a value that cannot be cloned (functions…) is not cached.

export interface StoredValue {
  readonly value: unknown;
  /** True when the value holds Map/Set/Date/binary data: each read gets its own structuredClone. */
  readonly cloneOnRead: boolean;
  /** Approximate bytes, for the memory bound. */
  readonly size: number;
}

/** Returns what a caller gets from a stored value. */
export function readStored(stored: StoredValue): unknown {
  return stored.cloneOnRead ? structuredClone(stored.value) : stored.value;
}

/** Copies and freezes a freshly loaded value; null when it cannot be cached (not structured-cloneable). */
export function storeLoaded(value: unknown): StoredValue | null {
  if (value === null || typeof value !== "object") {
    if (typeof value === "function" || typeof value === "symbol") return null;
    return { value, cloneOnRead: false, size: primitiveSize(value) };
  }
  let copy: unknown;
  try {
    copy = structuredClone(value);
  } catch {
    return null;
  }
  return freezeOwned(copy);
}

/** Freezes a value this runtime already owns (a fresh copy, or one just decoded from Redis). */
export function freezeOwned(value: unknown): StoredValue {
  const state = { cloneOnRead: false, size: 0 };
  walk(value, new Set<object>(), state);
  return { value, cloneOnRead: state.cloneOnRead, size: state.size };
}

function primitiveSize(v: unknown): number {
  return typeof v === "string" ? 16 + 2 * v.length : 16;
}

function walk(v: unknown, seen: Set<object>, state: { cloneOnRead: boolean; size: number }): void {
  if (v === null || typeof v !== "object") {
    state.size += primitiveSize(v);
    return;
  }
  if (seen.has(v)) return;
  seen.add(v);
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
    state.cloneOnRead = true;
    state.size += 32 + v.byteLength;
    return;
  }
  if (v instanceof Date) {
    state.cloneOnRead = true;
    state.size += 32;
    return;
  }
  if (v instanceof Map) {
    state.cloneOnRead = true;
    state.size += 48;
    for (const [k, val] of v) {
      walk(k, seen, state);
      walk(val, seen, state);
    }
    return;
  }
  if (v instanceof Set) {
    state.cloneOnRead = true;
    state.size += 48;
    for (const m of v) walk(m, seen, state);
    return;
  }
  if (Array.isArray(v)) {
    state.size += 32 + 8 * v.length;
    for (const item of v) walk(item, seen, state);
  } else {
    state.size += 48;
    for (const key of Object.keys(v)) {
      state.size += 16 + 2 * key.length;
      walk((v as Record<string, unknown>)[key], seen, state);
    }
  }
  Object.freeze(v);
}
