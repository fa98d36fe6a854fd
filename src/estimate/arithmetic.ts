// The guide's savings arithmetic (DESIGN §3 "Estimate"): caching and batching, as pure functions of numbers.

export interface CacheInput {
  callsPerDay: number;
  /** Fraction of calls answered from the cache, 0…1. */
  hitRate: number;
  /** Latency of one real call, in milliseconds. */
  latencyMs: number;
  /** Dollars per real call. */
  costPerCall: number;
}

export interface CacheSavings {
  callsSaved: number;
  timeSavedMs: number;
  costSavedUsd: number;
}

/** calls saved = calls/day x hit rate; time saved = calls saved x latency; cost saved = calls saved x cost per call. */
export function cacheSavings(input: CacheInput): CacheSavings {
  const callsSaved = input.callsPerDay * input.hitRate;
  return {
    callsSaved,
    timeSavedMs: callsSaved * input.latencyMs,
    costSavedUsd: callsSaved * input.costPerCall,
  };
}

export interface BatchInput {
  /** Iterations of one run of the loop. */
  iterations: number;
  /** Latency of one iteration's awaited call, in milliseconds. */
  latencyMs: number;
  batchSize: number;
}

export interface BatchSavings {
  /** Batches one run needs: ceil(iterations / batch size). */
  batches: number;
  /** One run, one call after the other: N x L. */
  sequentialMs: number;
  /** One run in batches that wait in parallel: ceil(N / batch) x L. */
  batchedMs: number;
  savedMs: number;
  /** sequential / batched (1 when nothing is saved). */
  speedup: number;
}

export function batchSavings(input: BatchInput): BatchSavings {
  const batchSize = Math.max(1, Math.floor(input.batchSize));
  const iterations = Math.max(0, input.iterations);
  const batches = Math.ceil(iterations / batchSize);
  const sequentialMs = iterations * input.latencyMs;
  const batchedMs = batches * input.latencyMs;
  return {
    batches,
    sequentialMs,
    batchedMs,
    savedMs: sequentialMs - batchedMs,
    speedup: batchedMs > 0 ? sequentialMs / batchedMs : 1,
  };
}

/** Rounds for output: JSON consumers should not see 14.000000000000002. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  const rounded = Math.round((value + Number.EPSILON * Math.sign(value)) * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** The part of `whole` that `part` is, or null when the whole is zero (a ratio of nothing is no ratio). */
export function fraction(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
