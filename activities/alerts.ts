import { ApplicationFailure } from '@temporalio/common';
import { log } from '@temporalio/activity';
import type { OpsAlert } from '../src/contracts/ops-alert';
import type { SlaAlert } from '../src/contracts/sla-alert';
import { FailureType } from '../src/errors/failure-types';

export interface AlertDeps {
  /** Where alerts are POSTed; without it they go to the log only. */
  webhookUrl?: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * SLA and operational alerts, run on the orchestration queue. The workflow schedules one activity per event, so an event is
 * alerted once however often workers restart; if a delivery is retried after a lost answer, the receiver sees
 * the same Idempotency-Key and alertId.
 */
export function createAlertActivities(deps: AlertDeps) {
  const send = deps.fetch ?? fetch;
  const post = async (alert: SlaAlert | OpsAlert): Promise<{ delivered: boolean; status?: number }> => {
    if (!deps.webhookUrl) return { delivered: false };
    const response = await send(deps.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': alert.alertId },
      body: JSON.stringify(alert),
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    if (response.ok) return { delivered: true, status: response.status };
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
    throw ApplicationFailure.create({
      type: FailureType.AlertWebhookRejected,
      message: `the alert webhook answered ${response.status}`,
      nonRetryable: !retryable,
    });
  };
  return {
    async sendSlaAlert(alert: SlaAlert): Promise<{ delivered: boolean; status?: number }> {
      log.warn('SLA alert', { ...alert });
      return post(alert);
    },
    /** An operational alert (docs/operations.md): the same webhook, idempotency key and retries as SLA alerts. */
    async sendOpsAlert(alert: OpsAlert): Promise<{ delivered: boolean; status?: number }> {
      log.warn('operational alert', { ...alert });
      return post(alert);
    },
  };
}

export type AlertActivities = ReturnType<typeof createAlertActivities>;
