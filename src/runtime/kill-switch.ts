// The emergency switch of the guide's phase 4.3: bypass every cache, batch one at a time, clear what is cached,
// and say so once at error level. Process-wide, so it reaches every cache instance.

/** Something the switch empties; held weakly so a cache nobody closed can still be collected. */
export interface Clearable {
  clearForKillSwitch(): void;
}

let disabled = false;
let logged = false;
const clearables = new Set<WeakRef<Clearable>>();

export function optimizationsDisabled(): boolean {
  return disabled;
}

/** Caches register so the switch reaches all of them; returns the function that unregisters. */
export function onOptimizationsDisabled(target: Clearable): () => void {
  const ref = new WeakRef(target);
  clearables.add(ref);
  return () => clearables.delete(ref);
}

/**
 * Kill switch: from now on `cached` calls `load` directly, `mapBatched` runs one item at a time, and every cache
 * is cleared. Logs once (console.error), however often it is called. Undo with `enableOptimizations()`.
 */
export function disableOptimizations(reason?: string): void {
  disabled = true;
  if (!logged) {
    logged = true;
    console.error(
      `[optimigrate] CRITICAL: optimizations disabled${reason ? ` (${reason})` : ""}: caches bypassed and cleared, batching at size 1`,
    );
  }
  for (const ref of clearables) {
    const target = ref.deref();
    if (target === undefined) {
      clearables.delete(ref);
      continue;
    }
    try {
      target.clearForKillSwitch();
    } catch {
      // Clearing is best effort; the bypass above already protects callers.
    }
  }
}

/** Turns optimizations back on after `disableOptimizations()` (caches start empty). */
export function enableOptimizations(): void {
  disabled = false;
  logged = false;
}
