// A sliding-window map over any iterable: at most `width` calls in flight, a new one starts as soon as one
// finishes (not chunk by chunk), results in input order, and the first rejection settles everything.
import { batchingFlagOn } from "./flags.js";
import { optimizationsDisabled } from "./kill-switch.js";

export interface MapBatchedOptions {
  /** Window width; the guide's batch size. Default 10. */
  batchSize?: number;
  /** Same as batchSize (wins when both are given). */
  concurrency?: number;
}

export const DEFAULT_BATCH_SIZE = 10;

function windowWidth(opts: MapBatchedOptions | undefined): number {
  const width = opts?.concurrency ?? opts?.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`optimigrate: mapBatched width must be a positive integer, got ${String(width)}`);
  }
  // OPTIMIGRATE_BATCHING=off and the kill switch both mean: one at a time, in order.
  return optimizationsDisabled() || !batchingFlagOn() ? 1 : width;
}

/**
 * Calls `fn(item, index)` for every item with at most `width` calls in flight. Resolves to the results in input
 * order. The first rejection (or synchronous throw, or a throwing iterator) rejects the result at once and no
 * further item is started; calls already running finish on their own and their outcome is ignored.
 */
export function mapBatched<T, R>(
  items: Iterable<T>,
  fn: (item: T, index: number) => Promise<R> | R,
  opts?: MapBatchedOptions,
): Promise<R[]> {
  let width: number;
  let iterator: Iterator<T>;
  try {
    width = windowWidth(opts);
    if (items == null || typeof (items as Iterable<T>)[Symbol.iterator] !== "function") {
      throw new TypeError("optimigrate: mapBatched expects an iterable (array, Set, Map, generator…)");
    }
    iterator = items[Symbol.iterator]();
  } catch (error) {
    return Promise.reject(error);
  }

  return new Promise<R[]>((resolve, reject) => {
    const results: R[] = [];
    let started = 0;
    let running = 0;
    let exhausted = false;
    let failed = false;

    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      try {
        iterator.return?.();
      } catch {
        // The first error is the one the caller gets.
      }
      reject(error);
    };

    const startNext = (): void => {
      while (!failed && !exhausted && running < width) {
        let step: IteratorResult<T>;
        try {
          step = iterator.next();
        } catch (error) {
          fail(error);
          return;
        }
        if (step.done) {
          exhausted = true;
          break;
        }
        const index = started++;
        running++;
        let pending: Promise<R>;
        try {
          pending = Promise.resolve(fn(step.value, index));
        } catch (error) {
          running--;
          fail(error);
          return;
        }
        pending.then(
          (value) => {
            running--;
            if (failed) return;
            results[index] = value;
            startNext();
          },
          (error: unknown) => {
            running--;
            fail(error);
          },
        );
      }
      if (!failed && exhausted && running === 0) resolve(results);
    };

    startNext();
  });
}
