// Per-file caches of the analyses, kept on the SourceFile itself so that they live exactly as long as it.
//
// Not a WeakMap keyed by the file, and not a module-level "recent files" list: either is a long-lived
// old-space object pointing at the young trees of the file being analysed. A scavenge takes every such
// pointer as a root, even from an entry that is already dead, so each tree survived, was promoted, and
// lived on until the next full GC; scavenges went from 0.5 ms to 5 ms and `assess` spent half a second of
// a 5,200-file run copying dead syntax trees (measured with --trace-gc, bench/assess.bench.mjs).
import type { ts } from "ts-morph";

type Memos = Map<symbol, unknown>;
const MEMOS = Symbol("optimigrate.memos");

export function fileMemo<T>(sourceFile: ts.SourceFile, key: symbol, compute: () => T): T {
  const holder = sourceFile as unknown as { [MEMOS]?: Memos };
  let memos = holder[MEMOS];
  if (!memos) holder[MEMOS] = memos = new Map();
  if (memos.has(key)) return memos.get(key) as T;
  const value = compute();
  memos.set(key, value);
  return value;
}
