/**
 * Group commit of audit entries: every entry waiting when a send can go out travels in one call, so a burst of a
 * thousand writes costs the log tens of calls, not a thousand. `commit(entry)` settles once the call that carried
 * the entry has succeeded (the entry is durable), or rejects with AuditUnavailableError when it could not be made
 * durable in time: the caller then answers 503, and the entry stays queued and is sent again until it is taken, so
 * the who-did-what record is never dropped while the process runs.
 */
import { maxAuditEntriesPerSignal, type AuditEntry } from '../contracts/audit-log';

/** The audit log could not take an entry in time: the write is answered 503 AUDIT_UNAVAILABLE. */
export class AuditUnavailableError extends Error {
  override readonly name = 'AuditUnavailableError';
}

export interface BatchingOptions {
  /** Calls in flight at once; entries arriving meanwhile wait for the next call (and join it). */
  maxInFlight?: number;
  /** Attempts of one call before its waiting writes are told the log is unavailable. */
  attempts?: number;
  /** Pause before the second attempt; doubled for each later one. */
  backoffMs?: number;
  /** How often entries that missed their request are sent again. */
  redeliverIntervalMs?: number;
  /** Entries kept for redelivery at most; past it the oldest is given up (it is in the error log line). */
  maxRedelivery?: number;
  /** Told about each entry that is given up, so that it is logged with its content. */
  onGivenUp?: (entry: AuditEntry, error: unknown) => void;
}

export interface AuditBatcher {
  commit(entry: AuditEntry): Promise<void>;
  /** Entries not yet durable (queued or in flight). */
  readonly backlog: number;
  /** Settles when nothing is queued or in flight, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
}

interface Waiting {
  entry: AuditEntry;
  settle?: { resolve: () => void; reject: (error: Error) => void };
}

/** `send` makes one batch durable (one call to the log), or throws. */
export function auditBatcher(send: (entries: AuditEntry[]) => Promise<void>, options: BatchingOptions = {}): AuditBatcher {
  const maxInFlight = options.maxInFlight ?? 2;
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 100;
  const redeliverIntervalMs = options.redeliverIntervalMs ?? 5_000;
  const maxRedelivery = options.maxRedelivery ?? 10_000;
  const queue: Waiting[] = [];
  const redelivery: AuditEntry[] = [];
  let inFlight = 0;
  let inFlightEntries = 0;
  let redeliverTimer: NodeJS.Timeout | undefined;
  const idle: Array<() => void> = [];

  const sendWithRetries = async (entries: AuditEntry[]): Promise<void> => {
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await send(entries);
        return;
      } catch (error) {
        lastError = error;
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)).unref());
    }
    throw lastError;
  };

  const keepForRedelivery = (entries: AuditEntry[], error: unknown): void => {
    redelivery.push(...entries);
    while (redelivery.length > maxRedelivery) {
      const dropped = redelivery.shift();
      if (dropped) options.onGivenUp?.(dropped, error);
    }
    redeliverTimer ??= setTimeout(() => {
      redeliverTimer = undefined;
      queue.push(...redelivery.splice(0, redelivery.length).map((entry) => ({ entry })));
      pump();
    }, redeliverIntervalMs).unref();
  };

  const pump = (): void => {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, maxAuditEntriesPerSignal);
      inFlight += 1;
      inFlightEntries += batch.length;
      const entries = batch.map((waiting) => waiting.entry);
      sendWithRetries(entries)
        .then(
          () => {
            for (const waiting of batch) waiting.settle?.resolve();
          },
          (error: unknown) => {
            const unavailable = new AuditUnavailableError(
              `the audit log did not take the entry: ${error instanceof Error ? error.message : String(error)}`,
            );
            for (const waiting of batch) waiting.settle?.reject(unavailable);
            keepForRedelivery(entries, error);
          },
        )
        .finally(() => {
          inFlight -= 1;
          inFlightEntries -= batch.length;
          pump();
          if (inFlight === 0 && queue.length === 0) for (const wake of idle.splice(0, idle.length)) wake();
        });
    }
  };

  return {
    commit(entry) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ entry, settle: { resolve, reject } });
        pump();
      });
    },
    get backlog() {
      return queue.length + inFlightEntries + redelivery.length;
    },
    async drain(timeoutMs) {
      if (inFlight === 0 && queue.length === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => idle.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
