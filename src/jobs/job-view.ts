import type { WorkflowExecutionInfo } from '@temporalio/client';
import { CaseIdAttribute, JobTypeAttribute, PriorityAttribute, StatusAttribute } from '../contracts/search-attributes';
import { jobStatusOf } from './job-status';
import { jobIdFromWorkflowId } from '../contracts/workflow-ids';

/** A job as the API shows it, in lists and (with result, error and progress) on its own. */
export interface JobView {
  jobId: string;
  workflowId: string;
  runId: string;
  name?: string;
  type?: string;
  priority?: string;
  caseId?: string;
  tenant?: string;
  /** The jobs this one waited for. */
  dependsOn?: string[];
  status: string;
  /** The workflow's own stage (SCHEDULED, COMPLETED, ...), from its search attribute. */
  stage?: string;
  startedAt: string;
  closedAt?: string;
  /** Absent when the Web UI's address is not known (set connection.webUiUrl). */
  webUiUrl?: string;
}

export interface WebUiLinks {
  /** Undefined when not known: answers then carry no Web UI links rather than wrong ones. */
  baseUrl: string | undefined;
  namespace: string;
}

export function workflowWebUiUrl(links: WebUiLinks, workflowId: string, runId: string): string | undefined {
  if (links.baseUrl === undefined) return undefined;
  const path = [links.namespace, 'workflows', workflowId, runId].map(encodeURIComponent).join('/');
  return `${links.baseUrl}/namespaces/${path}/history`;
}

export function jobViewOf(info: Omit<WorkflowExecutionInfo, 'raw'>, links: WebUiLinks): JobView {
  const attributes = info.typedSearchAttributes;
  const name = typeof info.memo?.name === 'string' ? info.memo.name : undefined;
  const tenant = typeof info.memo?.tenant === 'string' ? info.memo.tenant : undefined;
  const dependsOn = Array.isArray(info.memo?.dependsOn) ? info.memo.dependsOn.filter((id) => typeof id === 'string') : undefined;
  const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
    value === undefined ? {} : ({ [key]: value } as Record<K, V>);
  return {
    jobId: jobIdFromWorkflowId(info.workflowId) ?? info.workflowId,
    workflowId: info.workflowId,
    runId: info.runId,
    ...optional('name', name),
    ...optional('type', attributes.get(JobTypeAttribute)),
    ...optional('priority', attributes.get(PriorityAttribute)),
    ...optional('caseId', attributes.get(CaseIdAttribute)),
    ...optional('tenant', tenant),
    ...optional('dependsOn', dependsOn),
    status: jobStatusOf(info.status.name),
    ...optional('stage', attributes.get(StatusAttribute)),
    startedAt: info.startTime.toISOString(),
    ...optional('closedAt', info.closeTime?.toISOString()),
    ...optional('webUiUrl', workflowWebUiUrl(links, info.workflowId, info.runId)),
  };
}
