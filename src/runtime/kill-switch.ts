// The emergency switch of the guide's phase 4.3: bypass every cache, batch one at a time, clear what is cached,
// and say so once at error level. Process-wide, so it reaches every cache instance.

type ClearHook = () => void;

let disabled = false;
let logged = false;
const clearHooks = new Set<ClearHook>();

export function optimizationsDisabled(): boolean {
  return disabled;
}

/** Caches register how to empty themselves so the switch reaches all of them. */
export function onOptimizationsDisabled(hook: ClearHook): () => void {
  clearHooks.add(hook);
  return () => clearHooks.delete(hook);
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
  for (const hook of clearHooks) {
    try {
      hook();
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
