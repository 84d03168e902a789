import type { Client } from '@temporalio/client';
import { investigationWorkflowType, type InvestigationWorkflowInput, type StepProgress } from '../../contracts/investigation-workflow';
import { JobTypeAttribute, TenantAttribute } from '../../contracts/search-attributes';
import { investigationIdFromWorkflowId, whatIfWorkflowId } from '../../contracts/workflow-ids';
import { everyTenant } from '../../auth/tenant-scope';
import { closedRun } from '../../replay/closed-run';
import { outputDiff } from '../../replay/output-diff';
import { finishedSteps } from './finished-steps';

export interface WhatIfReport {
  original: string;
  whatIf: string;
  steps: Array<{ step: string; before?: string; after?: string; differences: string[] }>;
}

const tenantOf = (tenant: string | undefined) => (tenant === undefined ? [] : [{ key: TenantAttribute, value: tenant }]);

const byName = (steps: readonly StepProgress[]): Map<string, StepProgress> => new Map(steps.map((step) => [step.name, step]));

/**
 * What-if rerun: runs a finished investigation's definition and input again, as a new workflow on today's workers
 * (tagged WHAT_IF, so it never counts as the case's investigation), and compares each step's output with the
 * original's. The original run is only read.
 */
export async function whatIf(client: Client, workflowId: string, taskQueue: string): Promise<WhatIfReport> {
  // A CLI tool, run by the operator: every tenant. The what-if run keeps the original's tenant.
  const own = { workflowType: investigationWorkflowType, taskQueue, scope: everyTenant };
  const { description, input } = await closedRun<InvestigationWorkflowInput>(client, workflowId, own, `investigation ${workflowId}`);
  const whatIfId = whatIfWorkflowId(workflowId, new Date());
  const rerun = await client.workflow.start(investigationWorkflowType, {
    workflowId: whatIfId,
    taskQueue,
    args: [{ ...input, investigationId: investigationIdFromWorkflowId(whatIfId) ?? whatIfId, sla: undefined }],
    typedSearchAttributes: [
      { key: JobTypeAttribute, value: 'WHAT_IF' },
      ...tenantOf(description.typedSearchAttributes.get(TenantAttribute)),
    ],
    staticSummary: `what-if rerun of ${workflowId}`,
  });
  await rerun.result().catch(() => undefined);
  const [before, after] = (await Promise.all([finishedSteps(client, workflowId, description.runId), finishedSteps(client, whatIfId)])).map(
    byName,
  ) as [Map<string, StepProgress>, Map<string, StepProgress>];
  const steps = [...new Set([...before.keys(), ...after.keys()])].map((step) => ({
    step,
    ...(before.get(step)?.state ? { before: before.get(step)?.state } : {}),
    ...(after.get(step)?.state ? { after: after.get(step)?.state } : {}),
    differences: outputDiff(before.get(step)?.output, after.get(step)?.output),
  }));
  return { original: workflowId, whatIf: whatIfId, steps };
}
