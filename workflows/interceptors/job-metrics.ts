/**
 * A workflow interceptor module (bundled through workflowInterceptorModules, src/temporal/workflow-bundle.ts): it
 * records each job's and investigation's close (outcome, duration, SLA standing) and each SLA alert raised, through
 * the SDK's workflow metric meter, which the worker's Prometheus endpoint exports. It wraps the workflows without
 * changing them and schedules nothing, so histories replay as before; the meter records nothing while replaying.
 */
import {
  ContinueAsNew,
  isCancellation,
  metricMeter,
  workflowInfo,
  type Next,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
} from '@temporalio/workflow';
import {
  jobDurationMetric,
  jobsClosedMetric,
  measuredWorkflowTypes,
  slaAlertWorkflowType,
  slaEventsMetric,
  type JobOutcome,
} from '../../src/contracts/job-metrics';
import { JobTypeAttribute, PriorityAttribute, SlaStatusAttribute, StatusAttribute } from '../../src/contracts/search-attributes';

const measured: ReadonlySet<string> = new Set(measuredWorkflowTypes);

class JobMetricsInterceptor implements WorkflowInboundCallsInterceptor {
  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { workflowType } = workflowInfo();
    if (workflowType === slaAlertWorkflowType) countSlaEvent(input.args[0]);
    if (!measured.has(workflowType)) return next(input);
    try {
      const result = await next(input);
      recordClose('completed');
      return result;
    } catch (error) {
      if (!(error instanceof ContinueAsNew)) recordClose(outcomeOf(error));
      throw error;
    }
  }
}

/** canceled: a cancellation, or a job that closed as CANCELED (cancelled by an SLA breach); failed otherwise. */
function outcomeOf(error: unknown): JobOutcome {
  if (isCancellation(error)) return 'canceled';
  return workflowInfo().typedSearchAttributes.get(StatusAttribute) === 'CANCELED' ? 'canceled' : 'failed';
}

/** Type and class from the search attributes the facade set at start; the SLA standing as the job last upserted it. */
function recordClose(outcome: JobOutcome): void {
  const info = workflowInfo();
  const attributes = info.typedSearchAttributes;
  const type = attributes.get(JobTypeAttribute) ?? info.workflowType;
  const priority = attributes.get(PriorityAttribute) ?? 'UNKNOWN';
  const slaStatus = attributes.get(SlaStatusAttribute) ?? 'NONE';
  // Workflow time: the start of the workflow task that closes it, deterministic and the same on every worker.
  const seconds = Math.max(0, (Date.now() - info.startTime.getTime()) / 1000);
  metricMeter
    .createCounter(jobsClosedMetric, undefined, 'Jobs and investigations closed, by type, priority class, outcome and SLA standing')
    .add(1, { type, priority, outcome, sla_status: slaStatus });
  metricMeter
    .createHistogram(jobDurationMetric, 'float', 's', 'Time from submission to close of jobs and investigations')
    .record(seconds, { type, priority, outcome });
}

/** The SLA alert workflow's input names the event and the job's type and class (src/contracts/sla-alert.ts). */
function countSlaEvent(alert: unknown): void {
  const { event, jobType, priority } = (alert ?? {}) as { event?: unknown; jobType?: unknown; priority?: unknown };
  if (typeof event !== 'string') return;
  metricMeter
    .createCounter(slaEventsMetric, undefined, 'SLA warnings (the job became AT_RISK) and breaches raised')
    .add(1, { event, type: textOr(jobType), priority: textOr(priority) });
}

const textOr = (value: unknown): string => (typeof value === 'string' ? value : 'UNKNOWN');

export const interceptors = (): WorkflowInterceptors => ({ inbound: [new JobMetricsInterceptor()] });
