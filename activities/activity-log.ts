import { Context, log } from '@temporalio/activity';

/**
 * Writes an activity's closing log line: counts only, never job data (which may be confidential). The activity
 * functions are also callable outside a worker (scripts, plain tests) where there is no activity context and so
 * no logger; the work is done by then, so a missing logger must not turn it into a failure.
 */
export function logActivitySummary(message: string, counts: Record<string, number>): void {
  if (!hasActivityContext()) return;
  log.info(message, counts);
}

function hasActivityContext(): boolean {
  try {
    Context.current();
    return true;
  } catch {
    return false;
  }
}
