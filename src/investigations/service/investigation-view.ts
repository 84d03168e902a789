import type { WorkflowExecutionInfo } from '@temporalio/client';
import type { InvestigationProgress, InvestigationResult } from '../../contracts/investigation-workflow';
import { CaseIdAttribute, PriorityAttribute, StatusAttribute } from '../../contracts/search-attributes';
import { investigationIdFromWorkflowId } from '../../contracts/workflow-ids';
import { jobStatusOf } from '../../jobs/job-status';
import { workflowWebUiUrl, type WebUiLinks } from '../../jobs/job-view';

/** An investigation as lists show it. */
export interface InvestigationSummary {
  investigationId: string;
  workflowId: string;
  runId: string;
  /** The definition's name (from the memo; investigations started before it was recorded there have none). */
  name?: string;
  caseId?: string;
  priority?: string;
  status: string;
  /** The workflow's own stage (RUNNING, COMPENSATING, COMPLETED, FAILED), from its search attribute. */
  state?: string;
  startedAt: string;
  closedAt?: string;
  /** Absent when the Web UI's address is not known (set connection.webUiUrl). */
  webUiUrl?: string;
}

/** How a running step's current attempt stands, from the workflow's pending activity. */
export interface StepRetry {
  attempt: number;
  activityState: string;
  lastFailure?: string;
  nextAttemptAt?: string;
}

/** An investigation on its own: each step's state and attempts, and its outputs or error once closed. */
export interface InvestigationDetails extends InvestigationSummary {
  /** When it closed, or is expected to (recent investigations of its priority class); null when nobody can tell. */
  estimatedCompletion: string | null;
  progress?: number;
  steps: Array<InvestigationProgress['steps'][number] & { attempts: number; retry?: StepRetry }>;
  outputs?: InvestigationResult['outputs'];
  error?: { type?: string; message: string };
}

export function investigationSummaryOf(info: Omit<WorkflowExecutionInfo, 'raw'>, links: WebUiLinks): InvestigationSummary {
  const caseId = info.typedSearchAttributes.get(CaseIdAttribute);
  const priority = info.typedSearchAttributes.get(PriorityAttribute);
  const state = info.typedSearchAttributes.get(StatusAttribute);
  const name = typeof info.memo?.name === 'string' ? info.memo.name : undefined;
  const webUiUrl = workflowWebUiUrl(links, info.workflowId, info.runId);
  return {
    investigationId: investigationIdFromWorkflowId(info.workflowId) ?? info.workflowId,
    workflowId: info.workflowId,
    runId: info.runId,
    ...(name === undefined ? {} : { name }),
    ...(caseId === undefined ? {} : { caseId }),
    ...(priority === undefined ? {} : { priority }),
    status: jobStatusOf(info.status.name),
    ...(state === undefined ? {} : { state }),
    startedAt: info.startTime.toISOString(),
    ...(info.closeTime ? { closedAt: info.closeTime.toISOString() } : {}),
    ...(webUiUrl === undefined ? {} : { webUiUrl }),
  };
}
