import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load-config';
import { orchestrationTaskQueue } from '../config/task-queues';
import { opsAlertWorkflowId, type OpsAlert } from '../contracts/ops-alert';

export interface EvidenceIntegrityAlert {
  /** Unique per detection. */
  detectionId: string;
  sha256: string;
  reason: string;
  /** Who asked for the item when the alteration was found. */
  subject: string;
  detectedAt: string;
}

const opsAlertWorkflowType = 'opsAlertWorkflow';

/**
 * Raises the alarm about altered evidence: an error-level log line (alert: true) always, and an operational alert
 * EVIDENCE_INTEGRITY_FAILED delivered by an opsAlertWorkflow, as the monitor's alerts are: to alerts.webhookUrl with
 * its Idempotency-Key, retried for a day while the webhook is down. If Temporal cannot take the delivery workflow,
 * the webhook is called once directly; a failure of that is logged, never hidden.
 */
export async function raiseEvidenceAlert(
  config: LoadedConfig,
  client: Client,
  logger: Logger,
  detected: EvidenceIntegrityAlert,
): Promise<void> {
  logger.error(
    { alert: true, event: 'EVIDENCE_INTEGRITY_FAILED', ...detected },
    'evidence integrity check FAILED: the stored item was altered and is refused',
  );
  const deployment = orchestrationTaskQueue(config);
  const incidentKey = `EVIDENCE_INTEGRITY_FAILED/${detected.sha256}`;
  const alertId = `${deployment}/${incidentKey}/${detected.detectionId}`;
  const alert: OpsAlert = {
    alertId,
    event: 'EVIDENCE_INTEGRITY_FAILED',
    state: 'FIRING',
    incidentKey,
    subject: detected.sha256,
    summary: `evidence ${detected.sha256} failed its integrity check (${detected.reason}); it was refused`,
    details: { sha256: detected.sha256, reason: detected.reason, detectedBy: detected.subject },
    openedAt: detected.detectedAt,
    raisedAt: detected.detectedAt,
    deployment,
  };
  try {
    await client.workflow.start(opsAlertWorkflowType, {
      taskQueue: deployment,
      workflowId: opsAlertWorkflowId(deployment, `${incidentKey}/${detected.detectionId}`),
      args: [alert],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      staticSummary: `EVIDENCE_INTEGRITY_FAILED FIRING: ${detected.sha256}`,
    });
    return;
  } catch (error) {
    logger.error({ alertId, err: error }, 'evidence alert delivery workflow could not be started; calling the webhook directly');
  }
  if (!config.alerts.webhookUrl) return;
  try {
    const response = await fetch(config.alerts.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': alertId },
      body: JSON.stringify(alert),
      signal: AbortSignal.timeout(config.alerts.timeout),
    });
    if (!response.ok) logger.error({ alertId, status: response.status }, 'evidence alert webhook refused the alert');
  } catch (error) {
    logger.error({ alertId, err: error }, 'evidence alert webhook could not be reached');
  }
}
