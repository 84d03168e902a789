import { investigationWorkflowType } from '../../../contracts/investigation-workflow';
import { jobWorkflowType } from '../../../contracts/job-workflow';
import type { CompletionEstimator } from '../../../estimates/completion-estimator';
import { investigationJobType } from '../../../investigations/service/investigation-start';

/**
 * The estimator's answers in the schema's terms (docs/live-api.md#estimated-completion): null whenever it cannot
 * tell, or the work is closed, never a guess. An estimate that fails to read Temporal is null too: a status must not
 * fail for want of an estimate.
 */
export async function jobCompletionEstimate(
  estimator: CompletionEstimator,
  job: { status: string; type?: string | undefined; priority?: string | undefined; stage?: string | undefined; startedAt: string },
): Promise<string | null> {
  if (job.status !== 'RUNNING' || job.type === undefined || job.priority === undefined) return null;
  const subject = { workflowType: jobWorkflowType, jobType: job.type, priority: job.priority, startedAtMs: Date.parse(job.startedAt) };
  const at = await estimator.estimate({ ...subject, queued: job.stage === 'SCHEDULED' }).catch(() => null);
  return at?.toISOString() ?? null;
}

export async function investigationCompletionEstimate(
  estimator: CompletionEstimator,
  investigation: { status: string; priority?: string | undefined; startedAt: string },
): Promise<string | null> {
  if (investigation.status !== 'RUNNING' || investigation.priority === undefined) return null;
  const at = await estimator
    .estimate({
      workflowType: investigationWorkflowType,
      jobType: investigationJobType,
      priority: investigation.priority,
      startedAtMs: Date.parse(investigation.startedAt),
      queued: false,
    })
    .catch(() => null);
  return at?.toISOString() ?? null;
}

/** Seconds from submission to completion, expected for a job of this type and class; null when unknown. */
export async function expectedJobSeconds(estimator: CompletionEstimator, jobType: string, priority: string): Promise<number | null> {
  const ms = await estimator.expectedDuration({ workflowType: jobWorkflowType, jobType, priority }).catch(() => null);
  return ms === null ? null : Math.round(ms / 100) / 10;
}
