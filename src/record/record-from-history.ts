/**
 * Reads a job's or an investigation's steps from its Temporal history, decoded with the deployment's data converter
 * (decrypted, large payloads fetched from the content store, which checks their hash), and computes the record entry
 * of each: what the sealing activity chains, and what verification compares the sealed chain with. The history is
 * the source: nothing here trusts the workflow's own answer.
 */
import type { LoadedDataConverter } from '@temporalio/common';
import { decodeArrayFromPayloads, decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { temporal } from '@temporalio/proto';
import { parseStepActivityId } from '../contracts/step-activity-ids';
import {
  sealStepRecordActivity,
  stepRecordEntrySchema,
  type SealedStepRecord,
  type UnsealedStepRecordEntry,
} from '../contracts/step-record';
import { canonicalSha256 } from './canonical-hash';
import { versionOfIdentity } from './code-version';

type History = temporal.api.history.v1.IHistory;
type Payloads = temporal.api.common.v1.IPayload[] | null | undefined;

/** A recomputed entry; `problem` says why its input or output could not be read (a tampered or missing payload). */
export type RecomputedEntry = UnsealedStepRecordEntry & { problem?: string };

export interface HistoryRecord {
  workflowType: string;
  /** Every step outcome of the history, the submission first. */
  entries: RecomputedEntry[];
  /** The record the run sealed, if it did; `sealProblem` when its payload could not be read. */
  sealed?: SealedStepRecord;
  sealProblem?: string;
  /** The head the workflow's result carries, when it completed with one. */
  resultHead?: string;
}

interface WorkflowStartFacts {
  type?: string;
  route?: { agent?: string };
  agentTaskQueues?: Record<string, string>;
}

const unknownVersion = 'unknown (the worker did not state its code version)';

export async function recordFromHistory(history: History, converter: LoadedDataConverter): Promise<HistoryRecord> {
  const events = history.events ?? [];
  const entries: RecomputedEntry[] = [];
  const scheduled = new Map<string, temporal.api.history.v1.IActivityTaskScheduledEventAttributes & { eventId: string }>();
  const started = new Map<string, temporal.api.history.v1.IActivityTaskStartedEventAttributes>();
  const children = new Map<string, temporal.api.history.v1.IStartChildWorkflowExecutionInitiatedEventAttributes & { eventId: string }>();
  const record: HistoryRecord = { workflowType: '', entries };
  let ownQueue = '';
  let facts: WorkflowStartFacts = {};
  let sealScheduledId: string | undefined;
  let orchestrationVersion: string | undefined;

  const hashOf = async (payloads: Payloads, pick: 'all' | 'first'): Promise<{ sha?: string; value?: unknown; problem?: string }> => {
    try {
      const value = pick === 'all' ? await decodeArrayFromPayloads(converter, payloads) : await decodeFirst(converter, payloads);
      return { sha: canonicalSha256(value), value };
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
  };
  const push = (entry: Omit<RecomputedEntry, 'seq'>, problems: Array<string | undefined>): void => {
    const problem = problems.filter(Boolean).join('; ');
    entries.push({ seq: entries.length, ...entry, ...(problem ? { problem } : {}) });
  };
  const agentOf = (taskQueue: string): string =>
    facts.route?.agent ?? Object.entries(facts.agentTaskQueues ?? {}).find(([, queue]) => queue === taskQueue)?.[0] ?? taskQueue;

  for (const event of events) {
    const eventId = String(event.eventId ?? '');
    const start = event.workflowExecutionStartedEventAttributes;
    if (start) {
      record.workflowType = start.workflowType?.name ?? '';
      ownQueue = start.taskQueue?.name ?? '';
      const input = await hashOf(start.input?.payloads, 'all');
      const first = Array.isArray(input.value) ? (input.value[0] as WorkflowStartFacts | undefined) : undefined;
      facts = typeof first === 'object' && first !== null ? first : {};
      push(
        {
          step: 'submission',
          role: 'submission',
          agent: 'orchestration',
          action: record.workflowType,
          attempt: start.attempt ?? 1,
          outcome: 'SUBMITTED',
          inputSha256: input.sha ?? '?',
          outputSha256: canonicalSha256(null),
          agentVersion: unknownVersion,
          eventId,
        },
        [input.problem && `its input cannot be read: ${input.problem}`],
      );
      continue;
    }
    const workflowTaskDone = event.workflowTaskCompletedEventAttributes;
    if (workflowTaskDone && orchestrationVersion === undefined) orchestrationVersion = versionOfIdentity(workflowTaskDone.identity);

    const activity = event.activityTaskScheduledEventAttributes;
    if (activity) {
      if (activity.activityType?.name === sealStepRecordActivity) sealScheduledId = eventId;
      else if (activity.taskQueue?.name !== ownQueue) scheduled.set(eventId, { ...activity, eventId });
      continue;
    }
    const activityStarted = event.activityTaskStartedEventAttributes;
    if (activityStarted) {
      started.set(String(activityStarted.scheduledEventId ?? ''), activityStarted);
      continue;
    }
    const closed = activityClosing(event);
    if (closed) {
      if (closed.scheduledEventId === sealScheduledId && closed.result !== undefined) {
        try {
          const value = await decodeFirst(converter, closed.result);
          record.sealed = sealedRecordOf(value);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          record.sealProblem = `the sealed record (event ${eventId}) cannot be read: ${reason}`;
        }
        continue;
      }
      const step = scheduled.get(closed.scheduledEventId);
      if (!step) continue;
      const attempt = started.get(closed.scheduledEventId);
      const input = await hashOf(step.input?.payloads, 'all');
      const output =
        closed.result !== undefined ? await hashOf(closed.result, 'first') : { sha: canonicalSha256({ failure: closed.failure }) };
      const activityId = step.activityId ?? '';
      const parsed = facts.agentTaskQueues ? parseStepActivityId(activityId) : undefined;
      push(
        {
          step: parsed?.step ?? facts.type ?? activityId,
          role: parsed?.role ?? 'primary',
          agent: agentOf(step.taskQueue?.name ?? ''),
          action: step.activityType?.name ?? '',
          attempt: attempt?.attempt ?? 0,
          outcome: closed.outcome,
          inputSha256: input.sha ?? '?',
          outputSha256: output.sha ?? '?',
          agentVersion: versionOfIdentity(attempt?.identity ?? closed.identity) ?? unknownVersion,
          eventId,
        },
        [
          input.problem && `its input (event ${step.eventId}) cannot be read: ${input.problem}`,
          'problem' in output && output.problem ? `its output (event ${eventId}) cannot be read: ${output.problem}` : undefined,
        ],
      );
      continue;
    }
    const child = event.startChildWorkflowExecutionInitiatedEventAttributes;
    if (child) {
      if (child.workflowType?.name === record.workflowType) children.set(eventId, { ...child, eventId });
      continue;
    }
    const childClosed = childClosing(event);
    if (childClosed) {
      const initiated = children.get(childClosed.initiatedEventId);
      if (!initiated) continue;
      const input = await hashOf(initiated.input?.payloads, 'all');
      const output =
        childClosed.result !== undefined
          ? await hashOf(childClosed.result, 'first')
          : { sha: canonicalSha256({ failure: childClosed.failure }) };
      const childHead = (output as { value?: { record?: { head?: unknown } } }).value?.record?.head;
      const workflowId = initiated.workflowId ?? '';
      push(
        {
          step: workflowId.slice(workflowId.lastIndexOf('.') + 1),
          role: 'template',
          agent: 'orchestration',
          action: record.workflowType,
          attempt: 1,
          outcome: childClosed.outcome,
          inputSha256: input.sha ?? '?',
          outputSha256: output.sha ?? '?',
          agentVersion: typeof childHead === 'string' ? `record:${childHead}` : (orchestrationVersion ?? unknownVersion),
          eventId,
        },
        [
          input.problem && `its input (event ${initiated.eventId}) cannot be read: ${input.problem}`,
          'problem' in output && output.problem ? `its output (event ${eventId}) cannot be read: ${output.problem}` : undefined,
        ],
      );
      continue;
    }
    const completed = event.workflowExecutionCompletedEventAttributes;
    if (completed) {
      try {
        const result = await decodeFirst(converter, completed.result?.payloads);
        const head = (result as { record?: { head?: unknown } } | undefined)?.record?.head;
        if (typeof head === 'string') record.resultHead = head;
      } catch {
        // The result's own payload: a problem there shows as a mismatch of the head only if the record was sealed.
      }
    }
  }
  const submission = entries[0];
  if (submission) submission.agentVersion = orchestrationVersion ?? unknownVersion;
  return record;
}

const decodeFirst = (converter: LoadedDataConverter, payloads: Payloads): Promise<unknown> =>
  payloads?.length ? decodeFromPayloadsAtIndex<unknown>(converter, 0, payloads) : Promise.resolve(undefined);

type Outcome = UnsealedStepRecordEntry['outcome'];

/** What a failure says that is not encrypted: its type and kind (messages may hold case data, and are encrypted). */
function failureFacts(failure: temporal.api.failure.v1.IFailure | null | undefined): unknown {
  if (!failure) return null;
  const cause = failure.applicationFailureInfo ? failure : (failure.cause ?? failure);
  return {
    type: cause.applicationFailureInfo?.type ?? null,
    nonRetryable: cause.applicationFailureInfo?.nonRetryable ?? false,
    timeout: cause.timeoutFailureInfo?.timeoutType ?? null,
    canceled: Boolean(cause.canceledFailureInfo),
  };
}

function activityClosing(
  event: temporal.api.history.v1.IHistoryEvent,
): { scheduledEventId: string; outcome: Outcome; result?: Payloads; failure?: unknown; identity?: string | null } | undefined {
  const done = event.activityTaskCompletedEventAttributes;
  if (done)
    return {
      scheduledEventId: String(done.scheduledEventId),
      outcome: 'COMPLETED',
      result: done.result?.payloads ?? [],
      identity: done.identity,
    };
  const failed = event.activityTaskFailedEventAttributes;
  if (failed)
    return {
      scheduledEventId: String(failed.scheduledEventId),
      outcome: 'FAILED',
      failure: failureFacts(failed.failure),
      identity: failed.identity,
    };
  const timedOut = event.activityTaskTimedOutEventAttributes;
  if (timedOut)
    return { scheduledEventId: String(timedOut.scheduledEventId), outcome: 'TIMED_OUT', failure: failureFacts(timedOut.failure) };
  const canceled = event.activityTaskCanceledEventAttributes;
  if (canceled)
    return {
      scheduledEventId: String(canceled.scheduledEventId),
      outcome: 'CANCELED',
      failure: { canceled: true },
      identity: canceled.identity,
    };
  return undefined;
}

function childClosing(
  event: temporal.api.history.v1.IHistoryEvent,
): { initiatedEventId: string; outcome: Outcome; result?: Payloads; failure?: unknown } | undefined {
  const done = event.childWorkflowExecutionCompletedEventAttributes;
  if (done) return { initiatedEventId: String(done.initiatedEventId), outcome: 'COMPLETED', result: done.result?.payloads ?? [] };
  const failed = event.childWorkflowExecutionFailedEventAttributes;
  if (failed) return { initiatedEventId: String(failed.initiatedEventId), outcome: 'FAILED', failure: failureFacts(failed.failure) };
  const timedOut = event.childWorkflowExecutionTimedOutEventAttributes;
  if (timedOut) return { initiatedEventId: String(timedOut.initiatedEventId), outcome: 'TIMED_OUT', failure: { timeout: true } };
  const canceled = event.childWorkflowExecutionCanceledEventAttributes;
  if (canceled) return { initiatedEventId: String(canceled.initiatedEventId), outcome: 'CANCELED', failure: { canceled: true } };
  const terminated = event.childWorkflowExecutionTerminatedEventAttributes;
  if (terminated) return { initiatedEventId: String(terminated.initiatedEventId), outcome: 'FAILED', failure: { terminated: true } };
  return undefined;
}

/** The sealing activity's result, checked for shape (a tampered one that no longer parses is reported as such). */
function sealedRecordOf(value: unknown): SealedStepRecord {
  const candidate = value as Partial<SealedStepRecord> | undefined;
  if (!candidate || typeof candidate.head !== 'string' || !Array.isArray(candidate.chain)) throw new Error('not a sealed step record');
  return {
    head: candidate.head,
    entries: Number(candidate.entries),
    chain: candidate.chain.map((entry) => stepRecordEntrySchema.parse(entry)),
  };
}
