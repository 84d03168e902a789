import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { slaAlertWorkflowType, type SlaAlertDelivery } from '../src/contracts/sla-alert';

/**
 * Starts the workflow that delivers a run's SLA alerts, as a local activity of that run (workflows/sla-alerts.ts):
 * the alert workflow is not the run's child, so neither its start nor its completion adds a workflow task to the
 * run, and a breach costs the run one task instead of three. The workflow id (one per run and event) with
 * REJECT_DUPLICATE keeps each alert to one delivery when this activity is retried after a lost answer, even if the
 * first alert workflow has already closed.
 */
export function createAlertHandOffActivities(deps: { client: Client; taskQueue: string }) {
  return {
    async startSlaAlertDelivery(delivery: SlaAlertDelivery): Promise<{ started: boolean }> {
      try {
        await deps.client.workflow.start(slaAlertWorkflowType, {
          workflowId: delivery.workflowId,
          taskQueue: deps.taskQueue,
          args: delivery.alerts,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          staticSummary: delivery.summary,
        });
        return { started: true };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return { started: false };
        throw error;
      }
    },
  };
}

export type AlertHandOffActivities = ReturnType<typeof createAlertHandOffActivities>;
