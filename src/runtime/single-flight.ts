// Concurrent misses of one key share one load: the first caller starts it, later ones join it.

export interface Flight<V> {
  readonly promise: Promise<V>;
  /** Set when the key was invalidated while loading: the result still answers its callers but is not stored. */
  stale: boolean;
  /** Tags the result will be stored with, so invalidateTag reaches loads still running. */
  readonly tags: readonly string[] | undefined;
  /** performance.now() when the load started. */
  readonly startedAt: number;
}

export class SingleFlight<V> {
  private readonly flights = new Map<string, Flight<V>>();

  get(key: string): Flight<V> | undefined {
    return this.flights.get(key);
  }

  /** Starts `run` for `key`; the flight is forgotten when it settles. */
  start(key: string, tags: readonly string[] | undefined, run: (flight: Flight<V>) => Promise<V>): Flight<V> {
    const flight: Flight<V> = { promise: undefined as unknown as Promise<V>, stale: false, tags, startedAt: performance.now() };
    (flight as { promise: Promise<V> }).promise = run(flight).finally(() => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    });
    this.flights.set(key, flight);
    return flight;
  }

  /** Marks in-flight loads whose key matches so their results are not stored. */
  markStale(matches: (key: string, flight: Flight<V>) => boolean): void {
    for (const [key, flight] of this.flights) if (matches(key, flight)) flight.stale = true;
  }

  get size(): number {
    return this.flights.size;
  }
}
