import type { WorkflowExecutionInfo } from '@temporalio/client';
import type { InvestigationProgress, InvestigationResult } from '../../contracts/investigation-workflow';
import { CaseIdAttribute, PriorityAttribute } from '../../contracts/search-attributes';
import { investigationIdFromWorkflowId } from '../../contracts/workflow-ids';
import { jobStatusOf } from '../../jobs/job-status';
import { workflowWebUiUrl, type WebUiLinks } from '../../jobs/job-view';

/** An investigation as lists show it. */
export interface InvestigationSummary {
  investigationId: string;
  workflowId: string;
  runId: string;
  caseId?: string;
  priority?: string;
  status: string;
  startedAt: string;
  closedAt?: string;
  /** Absent when the Web UI's address is not known (set connection.webUiUrl). */
  webUiUrl?: string;
}

/** An investigation on its own: each step's state and attempts, and its outputs or error once closed. */
export interface InvestigationDetails extends InvestigationSummary {
  name?: string;
  state?: InvestigationProgress['state'];
  progress?: number;
  steps: Array<InvestigationProgress['steps'][number] & { attempts: number }>;
  outputs?: InvestigationResult['outputs'];
  error?: { type?: string; message: string };
}

export function investigationSummaryOf(info: Omit<WorkflowExecutionInfo, 'raw'>, links: WebUiLinks): InvestigationSummary {
  const caseId = info.typedSearchAttributes.get(CaseIdAttribute);
  const priority = info.typedSearchAttributes.get(PriorityAttribute);
  const webUiUrl = workflowWebUiUrl(links, info.workflowId, info.runId);
  return {
    investigationId: investigationIdFromWorkflowId(info.workflowId) ?? info.workflowId,
    workflowId: info.workflowId,
    runId: info.runId,
    ...(caseId === undefined ? {} : { caseId }),
    ...(priority === undefined ? {} : { priority }),
    status: jobStatusOf(info.status.name),
    startedAt: info.startTime.toISOString(),
    ...(info.closeTime ? { closedAt: info.closeTime.toISOString() } : {}),
    ...(webUiUrl === undefined ? {} : { webUiUrl }),
  };
}
