import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { SealedStepRecord } from '../src/contracts/step-record';
import { FailureType } from '../src/errors/failure-types';
import { chainEntries, headOfChain } from '../src/record/record-chain';
import { queueWaitFromHistory } from '../src/record/queue-wait-from-history';
import { recordFromHistory } from '../src/record/record-from-history';

export interface StepRecordDeps {
  client: Client;
}

/**
 * The orchestration's sealing activity: reads the calling run's own history (decrypting its payloads and fetching
 * large ones from the content store, as verification will) and chains a record entry for every step outcome in it.
 * The workflow calls it last, so every step has closed; the chain goes into the history as this activity's result.
 */
export function createStepRecordActivities({ client }: StepRecordDeps) {
  return {
    async sealStepRecord(): Promise<SealedStepRecord> {
      const execution = Context.current().info.workflowExecution;
      if (!execution)
        throw ApplicationFailure.nonRetryable("sealStepRecord runs only as a workflow's activity", FailureType.InvalidWorkflowInput);
      const { workflowId, runId } = execution;
      const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      const record = await recordFromHistory(history, client.options.loadedDataConverter);
      const unreadable = record.entries.find((entry) => entry.problem);
      if (unreadable) {
        // Retryable: a content store that is briefly unavailable comes back; a tampered payload keeps failing, loudly.
        throw ApplicationFailure.create({
          type: FailureType.StepRecordUnreadable,
          message: `step ${unreadable.step} cannot be recorded: ${unreadable.problem}`,
        });
      }
      const chain = chainEntries(record.entries.map(({ problem: _problem, ...entry }) => entry));
      return { head: headOfChain(chain), entries: chain.length, chain, queueWaitMs: queueWaitFromHistory(history.events ?? []) };
    },
  };
}

export type StepRecordActivities = ReturnType<typeof createStepRecordActivities>;
