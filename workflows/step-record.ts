import { CancellationScope, patched, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { StepRecordActivities } from '../activities/step-record';
import { QueueWaitAttribute, RecordHeadAttribute } from '../src/contracts/search-attributes';
import { queueWaitAttributePatch, stepRecordPatch, type StepRecordHead } from '../src/contracts/step-record';
import { nonRetryableFailureTypes } from '../src/errors/failure-types';

const recorder = proxyActivities<StepRecordActivities>({
  startToCloseTimeout: '2 minutes',
  // Heartbeated by the orchestration worker while it seals: an attempt lost in a worker's shutdown (matched to a poll
  // that was being cancelled) is retried after this, not after the start-to-close timeout.
  heartbeatTimeout: '20s',
  // A payload that cannot be read back keeps the run open, unsealed, rather than closing it without its record.
  retry: { initialInterval: '1s', maximumInterval: '1 minute', nonRetryableErrorTypes: [...nonRetryableFailureTypes] },
  summary: 'seal the step record',
});

/**
 * Seals the run's step record (every step has closed) and publishes its head in visibility; runs started before the
 * step-record patch seal none. Not cancellable: a canceled run keeps the record of what it did. Since the
 * queue-wait-attribute patch it also publishes how long its steps waited in their queues (historical analytics).
 */
export async function sealStepRecord(): Promise<StepRecordHead | undefined> {
  if (!patched(stepRecordPatch)) return undefined;
  const sealed = await CancellationScope.nonCancellable(() => recorder.sealStepRecord());
  upsertSearchAttributes([{ key: RecordHeadAttribute, value: sealed.head }]);
  if (patched(queueWaitAttributePatch) && sealed.queueWaitMs !== undefined) {
    upsertSearchAttributes([{ key: QueueWaitAttribute, value: sealed.queueWaitMs }]);
  }
  return { head: sealed.head, entries: sealed.entries };
}
