import type { WorkflowExecutionDescription } from '@temporalio/client';
import type { LoadedConfig } from '../config/load-config';
import { priorityClasses } from '../config/priority-classes';
import type { JobProgress } from '../contracts/job-workflow';
import {
  CaseIdAttribute,
  JobTypeAttribute,
  PriorityAttribute,
  SlaStatusAttribute,
  StatusAttribute,
  jobStages,
  slaStatuses,
} from '../contracts/search-attributes';
import { resolveJobRoute } from './job-route';

/**
 * A running job's progress from its description alone: the stage and SLA status it records as search attributes,
 * its pending step's queue and priority key. Unlike the `progress` query, this needs no workflow worker and never
 * replays the workflow: a query to a workflow the worker has evicted from its cache replays its whole history, which
 * under thousands of open jobs made every read pay for a replay. Undefined when the description cannot say (a
 * WAITING job's outstanding dependencies live only in the workflow: the caller asks the query then).
 */
export function jobProgressOf(config: LoadedConfig, jobId: string, description: WorkflowExecutionDescription): JobProgress | undefined {
  const attributes = description.typedSearchAttributes;
  const stage = attributes.get(StatusAttribute);
  const type = attributes.get(JobTypeAttribute);
  const priority = attributes.get(PriorityAttribute);
  if (!isOneOf(jobStages, stage) || stage === 'WAITING' || type === undefined || !isOneOf(priorityClasses, priority)) return undefined;
  let route;
  try {
    route = resolveJobRoute(config, type, priority);
  } catch {
    // A job type removed from temporal.yaml since the job started: the query still knows its route.
    return undefined;
  }
  const pending = description.raw.pendingActivities?.[0];
  const slaStatus = attributes.get(SlaStatusAttribute);
  const caseId = attributes.get(CaseIdAttribute);
  return {
    jobId,
    type,
    priority,
    ...(caseId === undefined ? {} : { caseId }),
    stage,
    progress: 0,
    agent: route.agent,
    action: route.action,
    taskQueue: pending?.activityOptions?.taskQueue?.name || route.taskQueue,
    priorityKey: pending?.priority?.priorityKey || route.priorityKey,
    slaStatus: isOneOf(slaStatuses, slaStatus) ? slaStatus : undefined,
  };
}

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T => values.includes(value as T);
