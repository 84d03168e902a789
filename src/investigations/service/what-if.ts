import type { Client } from '@temporalio/client';
import { investigationWorkflowType, type InvestigationWorkflowInput, type StepProgress } from '../../contracts/investigation-workflow';
import { JobTypeAttribute, TenantAttribute } from '../../contracts/search-attributes';
import { investigationIdFromWorkflowId, whatIfWorkflowId } from '../../contracts/workflow-ids';
import { everyTenant } from '../../auth/tenant-scope';
import { closedRun } from '../../replay/closed-run';
import { outputDiff } from '../../replay/output-diff';
import { canonicalJson } from '../../record/canonical-hash';
import { recordFromHistory } from '../../record/record-from-history';
import { finishedSteps } from './finished-steps';

export interface WhatIfStep {
  step: string;
  before?: string;
  after?: string;
  /** True when both outputs have the same canonical JSON (RFC 8785): the same bytes, not merely equal values. */
  same: boolean;
  differences: string[];
  /** The agent code versions that produced the step's output in each run, from the runs' histories. */
  beforeVersion?: string;
  afterVersion?: string;
}

export interface WhatIfReport {
  original: string;
  whatIf: string;
  steps: WhatIfStep[];
  /** Only when a step changed: the agent code versions of both runs for each changed step. */
  changedVersions?: Array<{ step: string; before: string; after: string }>;
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
  const [beforeVersions, afterVersions] = await Promise.all([
    stepVersions(client, workflowId, description.runId),
    stepVersions(client, whatIfId),
  ]);
  const steps = [...new Set([...before.keys(), ...after.keys()])].map((step): WhatIfStep => {
    const [a, b] = [before.get(step), after.get(step)];
    const beforeVersion = beforeVersions.get(step);
    const afterVersion = afterVersions.get(step);
    return {
      step,
      ...(a?.state ? { before: a.state } : {}),
      ...(b?.state ? { after: b.state } : {}),
      same: a?.state === b?.state && canonicalJson(a?.output) === canonicalJson(b?.output),
      differences: outputDiff(a?.output, b?.output),
      ...(beforeVersion ? { beforeVersion } : {}),
      ...(afterVersion ? { afterVersion } : {}),
    };
  });
  const changed = steps.filter((step) => !step.same);
  const changedVersions = changed.map((step) => ({ step: step.step, before: step.beforeVersion ?? '-', after: step.afterVersion ?? '-' }));
  return { original: workflowId, whatIf: whatIfId, steps, ...(changed.length > 0 ? { changedVersions } : {}) };
}

/** The code version that produced each step's output (its last entry in the history: the fallback's if it ran). */
async function stepVersions(client: Client, workflowId: string, runId?: string): Promise<Map<string, string>> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const { entries } = await recordFromHistory(history, client.options.loadedDataConverter);
  const versions = new Map<string, string>();
  for (const entry of entries)
    if (entry.role === 'primary' || entry.role === 'fallback' || entry.role === 'template') versions.set(entry.step, entry.agentVersion);
  return versions;
}
