import { log, proxyActivities } from '@temporalio/workflow';
import type { AlertActivities } from '../activities/alerts';
import { slaAlertSchema, type SlaAlert } from '../src/contracts/sla-alert';
import { parseWorkflowInput } from './parse-workflow-input';

// A day of retries: delivery blocks nothing, and a webhook that is down for hours still gets the alert afterwards.
const alerts = proxyActivities<AlertActivities>({
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '24h',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10m' },
  summary: 'SLA alert',
});

/**
 * Delivers one SLA alert. Jobs and investigations start it as an abandoned child, so they close without waiting for
 * the webhook, and its workflow id (one per run and event) keeps the alert to one delivery. An alert that could not
 * be delivered in a day fails this workflow, where the Web UI shows it.
 */
export async function slaAlertWorkflow(rawAlert: SlaAlert): Promise<void> {
  const alert = parseWorkflowInput(slaAlertSchema, rawAlert, 'SLA alert');
  const outcome = await alerts.sendSlaAlert(alert);
  log.info('SLA alert sent', { alertId: alert.alertId, event: alert.event, jobId: alert.jobId, delivered: outcome.delivered });
}
