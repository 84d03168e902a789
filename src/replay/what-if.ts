import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import {
  investigationProgressQuery,
  investigationWorkflowType,
  type InvestigationResult,
  type InvestigationWorkflowInput,
  type StepProgress,
} from '../contracts/investigation-workflow';
import { JobTypeAttribute } from '../contracts/search-attributes';
import { outputDiff } from './output-diff';

export interface WhatIfReport {
  original: string;
  whatIf: string;
  steps: Array<{ step: string; before?: string; after?: string; differences: string[] }>;
}

/** The outputs of a finished investigation's steps, from its result, or from its progress query if it failed. */
async function stepOutputs(client: Client, workflowId: string, runId?: string): Promise<Map<string, StepProgress>> {
  const handle = client.workflow.getHandle(workflowId, runId);
  const steps = await handle
    .result()
    .then((result) => (result as InvestigationResult).steps)
    .catch(() => handle.query(investigationProgressQuery).then((progress) => progress.steps));
  return new Map(steps.map((step) => [step.name, step]));
}

/**
 * What-if rerun: runs a finished investigation's definition and input again, as a new workflow on today's workers
 * (tagged WHAT_IF, so it never counts as the case's investigation), and compares each step's output with the
 * original's. The original run is only read.
 */
export async function whatIf(client: Client, workflowId: string, taskQueue: string): Promise<WhatIfReport> {
  const original = client.workflow.getHandle(workflowId);
  const description = await original.describe();
  if (description.type !== investigationWorkflowType) throw new Error(`${workflowId} is not an investigation`);
  if (description.status.name === 'RUNNING') throw new Error(`${workflowId} is still running`);
  const history = await client.workflow.getHandle(workflowId, description.runId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const input = await decodeFromPayloadsAtIndex<InvestigationWorkflowInput>(
    client.options.loadedDataConverter,
    0,
    started?.input?.payloads,
  );
  const whatIfId = `${workflowId}.what-if-${Date.now()}`;
  const rerun = await client.workflow.start(investigationWorkflowType, {
    workflowId: whatIfId,
    taskQueue,
    args: [{ ...input, investigationId: whatIfId.replace(/^investigation-/, ''), sla: undefined }],
    typedSearchAttributes: [{ key: JobTypeAttribute, value: 'WHAT_IF' }],
    staticSummary: `what-if rerun of ${workflowId}`,
  });
  await rerun.result().catch(() => undefined);
  const [before, after] = await Promise.all([stepOutputs(client, workflowId, description.runId), stepOutputs(client, whatIfId)]);
  const steps = [...new Set([...before.keys(), ...after.keys()])].map((step) => ({
    step,
    ...(before.get(step)?.state ? { before: before.get(step)?.state } : {}),
    ...(after.get(step)?.state ? { after: after.get(step)?.state } : {}),
    differences: outputDiff(before.get(step)?.output, after.get(step)?.output),
  }));
  return { original: workflowId, whatIf: whatIfId, steps };
}
