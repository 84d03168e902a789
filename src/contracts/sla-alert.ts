/** The SLA alert a workflow raises, as the alert activity sends it. Pure module: shared by workflows and activities. */
export type SlaEvent = 'SLA_WARNING' | 'SLA_BREACH';

export interface SlaAlert {
  /** Stable per workflow run and event: receivers deduplicate on it (also sent as the Idempotency-Key header). */
  alertId: string;
  event: SlaEvent;
  jobId: string;
  workflowId: string;
  runId: string;
  jobType: string;
  priority: string;
  caseId?: string;
  deadline: string;
  slaMs: number;
  /** When the workflow raised it (workflow time). */
  raisedAt: string;
  /** What the workflow does about it. */
  action: string;
}

export const slaAlertId = (workflowId: string, runId: string, event: SlaEvent): string => `${workflowId}/${runId}/${event}`;
