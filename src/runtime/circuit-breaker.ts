// Stops talking to a failing Redis: open after N consecutive failures (or at once when the connection drops),
// half-open after a pause to let one probe through, closed again when an operation succeeds.

export type CircuitState = "closed" | "open" | "half-open";

export class CircuitBreaker {
  state: CircuitState = "closed";
  consecutiveFailures = 0;
  private openedAt = 0;
  private probing = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly resetMs: number,
  ) {}

  /** Whether an operation may be tried now (in half-open state, one probe at a time). */
  allow(now = Date.now()): boolean {
    if (this.state === "closed") return true;
    if (this.state === "open") {
      if (now - this.openedAt < this.resetMs) return false;
      this.state = "half-open";
      this.probing = false;
    }
    if (this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.state = "closed";
    this.consecutiveFailures = 0;
    this.probing = false;
  }

  failure(now = Date.now()): void {
    this.consecutiveFailures++;
    this.probing = false;
    if (this.state === "half-open" || this.consecutiveFailures >= this.failureThreshold) this.open(now);
  }

  /** Opens at once (the connection is known to be gone). */
  open(now = Date.now()): void {
    this.state = "open";
    this.openedAt = now;
    this.probing = false;
  }
}
