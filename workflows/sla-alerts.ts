import { log, ParentClosePolicy, patched, proxyActivities, proxyLocalActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type { AlertHandOffActivities } from '../activities/alert-hand-off';
import type { AlertActivities } from '../activities/alerts';
import type { JobSla } from '../src/contracts/job-workflow';
import { slaAlertId, type SlaAlert, type SlaEvent } from '../src/contracts/sla-alert';
import { slaAlertWorkflow } from './sla-alert-workflow';
import { slaAlertWorkflowId } from '../src/contracts/workflow-ids';

const alerts = proxyActivities<AlertActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 10 },
  summary: 'SLA alert',
});

// Retried until the server takes the start: the run closes only once its alerts are handed off.
const handOff = proxyLocalActivities<AlertHandOffActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
  summary: 'hand off SLA alert',
});

/**
 * Runs started before this patch started each alert workflow as an abandoned child: the child's start and its
 * completion each added a workflow task to the run (two more tasks per breach, a replay each for a run evicted
 * from the cache). Since the patch a local activity starts it through the client, inside the task that raised it.
 */
const alertStartedOutsidePatch = 'sla-alert-started-outside-run';

export interface AlertSubject {
  jobId: string;
  jobType: string;
  priority: string;
  caseId?: string;
  sla?: JobSla;
}

function slaAlert(subject: AlertSubject, event: SlaEvent, action: string): SlaAlert {
  const { workflowId, runId } = workflowInfo();
  return {
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
  };
}

/**
 * Hands one SLA alert to its own workflow (started by a local activity; an abandoned child in older runs): resolves
 * once it started, so the work it is about neither waits for the webhook nor loses the alert by finishing first.
 */
export function handOffSlaAlert(subject: AlertSubject, event: SlaEvent, action: string): Promise<void> {
  return handOffSlaAlerts(subject, [{ event, action }]);
}

/**
 * Hands alerts raised at the same instant to one alert workflow, named after the first: it delivers each (its own
 * alertId and Idempotency-Key), so the work pays for one start.
 */
export async function handOffSlaAlerts(subject: AlertSubject, raised: ReadonlyArray<{ event: SlaEvent; action: string }>): Promise<void> {
  const alerts = raised.map(({ event, action }) => slaAlert(subject, event, action));
  const [first, ...more] = alerts;
  if (!first) return;
  const events = alerts.map((alert) => alert.event).join(' + ');
  const workflowId = slaAlertWorkflowId(first.runId, first.event);
  const summary = `${events} for ${subject.jobType} ${subject.jobId}`;
  if (patched(alertStartedOutsidePatch)) {
    await handOff.startSlaAlertDelivery({ workflowId, alerts, summary });
    return;
  }
  try {
    await startChild(slaAlertWorkflow, {
      workflowId,
      args: [first, ...more],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: summary,
    });
  } catch (error) {
    log.error('SLA alert workflow could not be started', { event: events, error: (error as Error).message });
  }
}

/**
 * Sends one SLA alert as an activity of the workflow itself: how runs started before the sla-alerts-beside-timers
 * patch alert, kept so that they replay. An undeliverable alert is logged, never fails the work it is about.
 */
export async function sendSlaAlertInline(subject: AlertSubject, event: SlaEvent, action: string): Promise<void> {
  try {
    await alerts.sendSlaAlert(slaAlert(subject, event, action));
  } catch (error) {
    log.error('SLA alert could not be delivered', { event, error: (error as Error).message });
  }
}
