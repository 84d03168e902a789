/**
 * Every workflow id Taskmaster makes, and the prefixes that tell a job from an investigation: the one definition
 * the facade, the workflows, the replay tools and the logs share. Pure module: safe inside the workflow sandbox.
 */
const jobPrefix = 'job-';
const investigationPrefix = 'investigation-';

/** The workflow id of a job: stable, so that the job id alone finds the workflow. */
export const jobWorkflowId = (jobId: string): string => `${jobPrefix}${jobId}`;

/** The inverse of jobWorkflowId; undefined for workflows that are not jobs. */
export const jobIdFromWorkflowId = (workflowId: string): string | undefined =>
  workflowId.startsWith(jobPrefix) ? workflowId.slice(jobPrefix.length) : undefined;

export const investigationWorkflowId = (investigationId: string): string => `${investigationPrefix}${investigationId}`;

/** The inverse of investigationWorkflowId; undefined for workflows that are not investigations. */
export const investigationIdFromWorkflowId = (workflowId: string): string | undefined =>
  workflowId.startsWith(investigationPrefix) ? workflowId.slice(investigationPrefix.length) : undefined;

/** The child investigation that a `use:` step runs: named after its parent and the step. */
export const templateStepWorkflowId = (parentWorkflowId: string, step: string): string => `${parentWorkflowId}.${step}`;
export const templateStepInvestigationId = (parentInvestigationId: string, step: string): string => `${parentInvestigationId}.${step}`;

/** A what-if rerun of a finished investigation: beside the original, never in its place. */
export const whatIfWorkflowId = (originalWorkflowId: string, at: Date): string => `${originalWorkflowId}.what-if-${at.getTime()}`;

/**
 * The workflow a template step's child or a what-if rerun derives from (the id before its last "."), for ids of jobs
 * and investigations; undefined for the others. Job and investigation ids hold no "." of their own (UUIDs, or ids
 * derived from them), so every "." in such an id was added by templateStepWorkflowId or whatIfWorkflowId.
 */
export function derivedFromWorkflowId(workflowId: string): string | undefined {
  if (!workflowId.startsWith(jobPrefix) && !workflowId.startsWith(investigationPrefix)) return undefined;
  const dot = workflowId.lastIndexOf('.');
  return dot > 0 ? workflowId.slice(0, dot) : undefined;
}

/**
 * The id of the workflow that delivers one SLA alert (apart from the job, so that delivery retries outlive it): one
 * per run and event. Built from the run id alone: a history file replays with whatever workflow id its file
 * name gives, while the run id comes from the history itself.
 */
export const slaAlertWorkflowId = (runId: string, event: string): string => `sla-alert/${runId}/${event}`;

/** The id of a bulk replay (a Temporal batch operation). */
export const bulkReplayIdPattern = /^replay-[0-9a-f-]{36}$/;
export const bulkReplayId = (uuid: string): string => `replay-${uuid}`;

/**
 * The workflow that watches a job's dependants, started (as the job's child) on the first dependant's registration:
 * it tells them the outcome should the job be terminated or time out, which run no code of the job's own. Built from
 * the run id alone, as slaAlertWorkflowId, so that a recorded history replays under any file name.
 */
export const dependantsWatchWorkflowId = (dependencyRunId: string): string => `dependants/${dependencyRunId}`;

/**
 * The audit log of one deployment (its orchestration task queue): one workflow id for all time, continued as new
 * when its history grows, so that every facade appends to one chain in one order. Keyed by the queue so that stacks
 * sharing a cluster (tests, task-queue prefixes) keep their trails apart.
 */
export const auditLogWorkflowId = (orchestrationTaskQueue: string): string => `audit-log/${orchestrationTaskQueue}`;

/**
 * The custody log of one evidence item: a log of the audit log's kind (same workflow type, same hash chain, checked by
 * npm run audit:verify) that holds only that item's custody entries, so that reading an item's custody costs its own
 * entries, never the whole deployment log. Keyed by the deployment, as the audit log.
 */
export const custodyLogWorkflowId = (orchestrationTaskQueue: string, sha256: string): string =>
  `${auditLogWorkflowId(orchestrationTaskQueue)}/evidence/${sha256}`;
