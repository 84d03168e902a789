import { log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { AlertActivities } from '../activities/alerts';
import type { JobSla } from '../src/contracts/job-workflow';
import { slaAlertId, type SlaEvent } from '../src/contracts/sla-alert';

const alerts = proxyActivities<AlertActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 10 },
  summary: 'SLA alert',
});

export interface AlertSubject {
  jobId: string;
  jobType: string;
  priority: string;
  caseId?: string;
  sla?: JobSla;
}

/** Sends one SLA alert (one activity per event); an undeliverable alert is logged, never fails the work it is about. */
export async function raiseSlaAlert(subject: AlertSubject, event: SlaEvent, action: string): Promise<void> {
  const { workflowId, runId } = workflowInfo();
  try {
    await alerts.sendSlaAlert({
      alertId: slaAlertId(workflowId, runId, event),
      event,
      jobId: subject.jobId,
      workflowId,
      runId,
      jobType: subject.jobType,
      priority: subject.priority,
      ...(subject.caseId === undefined ? {} : { caseId: subject.caseId }),
      deadline: subject.sla?.deadline ?? '',
      slaMs: subject.sla?.durationMs ?? 0,
      raisedAt: new Date().toISOString(),
      action,
    });
  } catch (error) {
    log.error('SLA alert could not be delivered', { event, error: (error as Error).message });
  }
}
