import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { LoadedConfig } from '../config/load-config';
import { orchestrationTaskQueue } from '../config/task-queues';
import {
  appendAuditEntriesSignal,
  appendAuditEntryUpdate,
  auditLogWorkflowType,
  type AuditEntry,
  type AuditRecord,
} from '../contracts/audit-log';
import { auditLogWorkflowId } from '../contracts/workflow-ids';
import { auditBatcher, type BatchingOptions } from './audit-batcher';

/** Appends entries to the deployment's audit log workflow. */
export interface AuditRecorder {
  /** Appends one entry and answers its sealed record (waits for a worker to seal it). */
  record(entry: AuditEntry): Promise<AuditRecord>;
  /**
   * Makes an entry durable in the log (signalled in a batch with the entries waiting beside it; sealed later by the
   * log's worker), or rejects with AuditUnavailableError. What the facade's writes wait for before they answer.
   */
  commit(entry: AuditEntry): Promise<void>;
  /** Settles once the appends under way have (or `timeoutMs` passed): a stopping facade waits for them. */
  drain(timeoutMs: number): Promise<void>;
}

const deploymentLogSummary = 'who did what: the audit log of this deployment';

/** How long one append may take (the facade has already answered, so this bounds only how long an entry waits). */
const appendTimeoutMs = 15_000;
/**
 * Appends one facade has in flight at most; the rest wait their turn in the process. The server takes at most 10
 * in-flight updates per workflow (history.maxInFlightUpdates), and refuses more with ResourceExhausted: a burst of
 * writes (a thousand submissions) otherwise ran every append into that limit.
 */
const maxInFlight = 4;
/** Attempts of one append: a run that is continuing as new refuses entries for a moment. */
const attempts = 6;
/** How long one signalled batch may take: a request waits for it before it answers. */
const signalTimeoutMs = 3_000;

/**
 * Appends by update-with-start: the first write starts the log, every later one joins the running run. The update id
 * is the entry's id, so a retried append is recorded once by the run that took it. Retries a few times (the log may
 * be between runs, continuing as new), then throws: the caller logs the entry, which is then in the log lines.
 */
export function temporalAuditRecorder(
  config: LoadedConfig,
  client: Client,
  log: { workflowId: string; summary: string } = {
    workflowId: auditLogWorkflowId(orchestrationTaskQueue(config)),
    summary: deploymentLogSummary,
  },
  batching: BatchingOptions = {},
): AuditRecorder {
  const taskQueue = orchestrationTaskQueue(config);
  const workflowId = log.workflowId;
  const append = (entry: AuditEntry): Promise<AuditRecord> =>
    client.withDeadline(Date.now() + appendTimeoutMs, () =>
      client.workflow.executeUpdateWithStart(appendAuditEntryUpdate, {
        args: [entry],
        updateId: entry.id,
        startWorkflowOperation: new WithStartWorkflowOperation(auditLogWorkflowType, {
          workflowId,
          taskQueue,
          args: [{}],
          workflowIdConflictPolicy: 'USE_EXISTING',
          staticSummary: log.summary,
        }),
      }),
    );
  // Signal-with-start: the first batch starts the log; the signal is in its history when the server answers.
  const batcher = auditBatcher(async (entries) => {
    await client.withDeadline(Date.now() + signalTimeoutMs, () =>
      client.workflow.signalWithStart(auditLogWorkflowType, {
        workflowId,
        taskQueue,
        args: [{}],
        signal: appendAuditEntriesSignal,
        signalArgs: [entries],
        staticSummary: log.summary,
      }),
    );
  }, batching);
  const pending = new Set<Promise<unknown>>();
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  const acquire = async (): Promise<void> => {
    if (inFlight < maxInFlight) {
      inFlight += 1;
      return;
    }
    // The slot is handed over by release(), so inFlight stays counted.
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else inFlight -= 1;
  };
  const appendWithRetries = async (entry: AuditEntry): Promise<AuditRecord> => {
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await acquire();
      try {
        return await append(entry);
      } catch (error) {
        lastError = error;
      } finally {
        release();
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt).unref());
    }
    throw lastError;
  };
  return {
    record(entry) {
      const appending = appendWithRetries(entry);
      const forget = (): void => void pending.delete(settled);
      const settled: Promise<void> = appending.then(forget, forget);
      pending.add(settled);
      return appending;
    },
    commit(entry) {
      return batcher.commit(entry);
    },
    async drain(timeoutMs) {
      const started = Date.now();
      await batcher.drain(timeoutMs);
      timeoutMs = Math.max(0, timeoutMs - (Date.now() - started));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.all([...pending]), timeout]);
      clearTimeout(timer);
    },
  };
}
