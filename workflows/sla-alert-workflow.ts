import { log, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { AlertActivities } from '../activities/alerts';
import { slaAlertSchema, type SlaAlert } from '../src/contracts/sla-alert';
import { parseWorkflowInput } from './parse-workflow-input';

// A day of retries: delivery blocks nothing, and a webhook that is down for hours still gets the alert afterwards.
const retried = {
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '24h',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10m' },
  summary: 'SLA alert',
} as const;
const alerts = proxyActivities<AlertActivities>(retried);
const localAlerts = proxyLocalActivities<AlertActivities>(retried);

/**
 * Runs started before this patch sent the alert as an activity task: two workflow tasks and a round trip through the
 * server's activity queue per alert. Since the patch the alert is a local activity of this workflow: the same
 * webhook, idempotency key and day of retries (a retry past a minute waits on a timer, as a task would), all in
 * the workflow's first task. 1,000 breaches in one second cost half the workflow tasks and no activity tasks.
 */
const localDeliveryPatch = 'sla-alert-local-delivery';

/**
 * Delivers SLA alerts: one, or several raised at the same instant by the same run (a warning and a breach due
 * together are one workflow, not two). Jobs and investigations start it as an abandoned child, so they close without
 * waiting for the webhook, and its workflow id (one per run and first event) keeps each alert to one delivery. Each
 * alert is delivered on its own; one that could not be delivered in a day fails this workflow, where the Web UI shows
 * it, after the others were sent.
 */
export async function slaAlertWorkflow(rawAlert: SlaAlert, ...rawMore: SlaAlert[]): Promise<void> {
  const raised = [rawAlert, ...rawMore].map((raw) => parseWorkflowInput(slaAlertSchema, raw, 'SLA alert'));
  const send = patched(localDeliveryPatch) ? localAlerts.sendSlaAlert : alerts.sendSlaAlert;
  const outcomes = await Promise.allSettled(
    raised.map(async (alert) => {
      const outcome = await send(alert);
      log.info('SLA alert sent', { alertId: alert.alertId, event: alert.event, jobId: alert.jobId, delivered: outcome.delivered });
    }),
  );
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}
