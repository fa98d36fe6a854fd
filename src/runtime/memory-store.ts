// The in-memory tier: an LRU (lru-cache) bounded by entries and by approximate bytes, with per-entry TTL and
// an index from tag to keys for invalidateTag.
import { LRUCache } from "lru-cache";
import type { StoredValue } from "./cached-value.js";
import { patternToRegExp } from "./invalidation-pattern.js";

interface MemoryEntry {
  readonly stored: StoredValue;
  readonly tags: readonly string[] | undefined;
}

export interface MemoryStoreOptions {
  maxEntries: number;
  maxMemoryMb: number;
}

export class MemoryStore {
  private readonly lru: LRUCache<string, MemoryEntry>;
  private readonly keysByTag = new Map<string, Set<string>>();

  constructor(opts: MemoryStoreOptions) {
    const maxSize = Math.max(1, Math.floor(opts.maxMemoryMb * 1024 * 1024));
    this.lru = new LRUCache<string, MemoryEntry>({
      max: opts.maxEntries,
      maxSize,
      sizeCalculation: (entry, key) => Math.max(1, entry.stored.size + 2 * key.length + 64),
      // Expired entries are dropped when read; the entry and byte bounds hold regardless.
      ttlAutopurge: false,
      allowStale: false,
      updateAgeOnGet: false,
      dispose: (entry, key) => this.unindex(key, entry.tags),
    });
  }

  /** The stored value, or undefined on a miss (absent or expired). */
  get(key: string): StoredValue | undefined {
    return this.lru.get(key)?.stored;
  }

  /** Remaining TTL in ms (0 when absent). */
  remainingTtl(key: string): number {
    return this.lru.getRemainingTTL(key);
  }

  set(key: string, stored: StoredValue, ttlMs: number, tags: readonly string[] | undefined): void {
    this.lru.set(key, { stored, tags }, { ttl: Math.max(1, Math.round(ttlMs)) });
    if (tags && tags.length > 0 && this.lru.has(key)) {
      for (const tag of tags) {
        let keys = this.keysByTag.get(tag);
        if (!keys) this.keysByTag.set(tag, (keys = new Set()));
        keys.add(key);
      }
    }
  }

  delete(key: string): boolean {
    return this.lru.delete(key);
  }

  /** Deletes every key matching a pattern (`*`, `?`); returns how many. */
  deleteMatching(pattern: string): number {
    const re = patternToRegExp(pattern);
    const doomed: string[] = [];
    for (const key of this.lru.keys()) if (re.test(key)) doomed.push(key);
    for (const key of doomed) this.lru.delete(key);
    return doomed.length;
  }

  deleteTag(tag: string): number {
    const keys = this.keysByTag.get(tag);
    if (!keys) return 0;
    let n = 0;
    for (const key of [...keys]) if (this.lru.delete(key)) n++;
    this.keysByTag.delete(tag);
    return n;
  }

  clear(): void {
    this.lru.clear();
    this.keysByTag.clear();
  }

  get size(): number {
    return this.lru.size;
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }

  get maxBytes(): number {
    return this.lru.maxSize;
  }

  private unindex(key: string, tags: readonly string[] | undefined): void {
    if (!tags) return;
    for (const tag of tags) {
      const keys = this.keysByTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.keysByTag.delete(tag);
    }
  }
}
