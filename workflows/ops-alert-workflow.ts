import { log, proxyActivities } from '@temporalio/workflow';
import type { AlertActivities } from '../activities/alerts';
import { opsAlertSchema, type OpsAlert } from '../src/contracts/ops-alert';
import { parseWorkflowInput } from './parse-workflow-input';

// As SLA alerts: a day of retries, so a webhook down for hours still gets the alert afterwards.
const alerts = proxyActivities<AlertActivities>({
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '24h',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10m' },
  summary: 'operational alert',
});

/**
 * Delivers one operational alert. The monitor starts it as an abandoned child whose workflow id is the alert's
 * (incident and state), refused once used: one delivery per incident and state, however often it is evaluated.
 */
export async function opsAlertWorkflow(rawAlert: OpsAlert): Promise<void> {
  const alert = parseWorkflowInput(opsAlertSchema, rawAlert, 'operational alert');
  const outcome = await alerts.sendOpsAlert(alert);
  log.info('operational alert sent', { alertId: alert.alertId, event: alert.event, state: alert.state, delivered: outcome.delivered });
}
