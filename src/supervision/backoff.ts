/** Restart delays: 1 s, 2 s, 4 s ... up to `maxMs`, for the `attempt`-th restart in a row (1-based). */
export function restartDelayMs(attempt: number, initialMs = 1_000, maxMs = 30_000): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}
