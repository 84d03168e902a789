import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load-config';

export interface EvidenceIntegrityAlert {
  alertId: string;
  event: 'EVIDENCE_INTEGRITY_FAILED';
  sha256: string;
  reason: string;
  /** Who asked for the item when the alteration was found. */
  subject: string;
  detectedAt: string;
}

/**
 * Raises the alarm about altered evidence: an error-level log line (alert: true) always, and a POST to the alert
 * webhook (alerts.webhookUrl, as SLA alerts) when one is configured. A webhook that fails is logged, never hidden.
 */
export async function raiseEvidenceAlert(config: LoadedConfig, logger: Logger, alert: EvidenceIntegrityAlert): Promise<void> {
  logger.error({ alert: true, ...alert }, 'evidence integrity check FAILED: the stored item was altered and is refused');
  if (!config.alerts.webhookUrl) return;
  try {
    const response = await fetch(config.alerts.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': alert.alertId },
      body: JSON.stringify(alert),
      signal: AbortSignal.timeout(config.alerts.timeout),
    });
    if (!response.ok) logger.error({ alertId: alert.alertId, status: response.status }, 'evidence alert webhook refused the alert');
  } catch (error) {
    logger.error({ alertId: alert.alertId, err: error }, 'evidence alert webhook could not be reached');
  }
}
