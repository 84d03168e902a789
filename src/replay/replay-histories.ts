import { Worker, type WorkflowBundle } from '@temporalio/worker';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';

export interface ReplayOutcome {
  workflowId: string;
  ok: boolean;
  /** The nondeterminism or error, with the event where replay diverged as Temporal reports it. */
  error?: string;
}

/** Replays recorded histories against a workflow bundle (today's code, or another) and reports each one. */
export async function replayHistories(
  histories: Iterable<HistoryAndWorkflowId> | AsyncIterable<HistoryAndWorkflowId>,
  options: { workflowBundle?: WorkflowBundle; workflowsPath?: string; dataConverter?: DataConverter },
): Promise<ReplayOutcome[]> {
  const outcomes: ReplayOutcome[] = [];
  const replayOptions = {
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: options.workflowsPath ?? require.resolve('../../workflows') }),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
  };
  for await (const result of Worker.runReplayHistories(replayOptions, histories)) {
    outcomes.push(
      result.error
        ? { workflowId: result.workflowId, ok: false, error: `${result.error.name}: ${result.error.message}` }
        : { workflowId: result.workflowId, ok: true },
    );
  }
  return outcomes;
}
