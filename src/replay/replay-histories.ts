import { Worker, type WorkflowBundle, type WorkflowBundlePath } from '@temporalio/worker';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflows } from '../temporal/workflow-bundle';
import { patchMarkerEvent } from './patch-divergence';

export interface ReplayOutcome {
  workflowId: string;
  ok: boolean;
  /** The nondeterminism or error, with the event where replay diverged as Temporal reports it. */
  error?: string;
}

/** Replays recorded histories against a workflow bundle (today's code, or another) and reports each one. */
export async function replayHistories(
  histories: Iterable<HistoryAndWorkflowId> | AsyncIterable<HistoryAndWorkflowId>,
  options: { workflowBundle?: WorkflowBundle | WorkflowBundlePath; workflowsPath?: string; dataConverter?: DataConverter },
): Promise<ReplayOutcome[]> {
  const outcomes: ReplayOutcome[] = [];
  const replayOptions = {
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows(options.workflowsPath)),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
  };
  const seen = new Map<string, HistoryAndWorkflowId['history']>();
  for await (const result of Worker.runReplayHistories(replayOptions, remembering(histories, seen))) {
    const history = seen.get(result.workflowId);
    seen.delete(result.workflowId);
    if (!result.error) {
      outcomes.push({ workflowId: result.workflowId, ok: true });
      continue;
    }
    const where = history ? patchMarkerEvent(history, result.error.message) : undefined;
    outcomes.push({
      workflowId: result.workflowId,
      ok: false,
      error: `${result.error.name}: ${result.error.message}${where ? ` (diverged at ${where})` : ''}`,
    });
  }
  return outcomes;
}

async function* remembering(
  histories: Iterable<HistoryAndWorkflowId> | AsyncIterable<HistoryAndWorkflowId>,
  seen: Map<string, HistoryAndWorkflowId['history']>,
): AsyncIterable<HistoryAndWorkflowId> {
  for await (const entry of histories) {
    seen.set(entry.workflowId, entry.history);
    yield entry;
  }
}
