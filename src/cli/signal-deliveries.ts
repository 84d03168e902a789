/**
 * Counts how many times someone asked a process to stop. A signal that arrives within `burstMs` of the first signal
 * of the current request is the same request: under `npm start` one Ctrl-C reaches node twice (from the terminal, and forwarded by npm),
 * and systemd or a container runtime signals the whole group, so one request can arrive as several signals.
 */
export class SignalDeliveries {
  private count = 0;
  private requestStartedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly burstMs = 1_000) {}

  /** The request this signal belongs to (1, 2, 3...), and whether it is a new one or an echo of the last. */
  receive(now: number): { request: number; fresh: boolean } {
    const fresh = now - this.requestStartedAt > this.burstMs;
    if (fresh) {
      this.count += 1;
      this.requestStartedAt = now;
    }
    return { request: this.count, fresh };
  }
}
