import { z } from './zod-mini';

/** The SLA alert a workflow raises, as the alert activity sends it. Pure module: shared by workflows and activities. */
export const slaEventSchema = z.enum(['SLA_WARNING', 'SLA_BREACH']);
export type SlaEvent = z.infer<typeof slaEventSchema>;

export const slaAlertSchema = z.object({
  /** Stable per workflow run and event: receivers deduplicate on it (also sent as the Idempotency-Key header). */
  alertId: z.string().check(z.minLength(1)),
  event: slaEventSchema,
  jobId: z.string().check(z.minLength(1)),
  workflowId: z.string().check(z.minLength(1)),
  runId: z.string().check(z.minLength(1)),
  jobType: z.string().check(z.minLength(1)),
  priority: z.string().check(z.minLength(1)),
  caseId: z.optional(z.string()),
  deadline: z.string(),
  slaMs: z.int().check(z.nonnegative()),
  /** When the workflow raised it (workflow time). */
  raisedAt: z.string(),
  /** What the workflow does about it. */
  action: z.string(),
});
export type SlaAlert = z.infer<typeof slaAlertSchema>;

export const slaAlertId = (workflowId: string, runId: string, event: SlaEvent): string => `${workflowId}/${runId}/${event}`;

/** The workflow that delivers SLA alerts (workflows/sla-alert-workflow.ts), by name for clients that start it. */
export const slaAlertWorkflowType = 'slaAlertWorkflow';

/** What a job or investigation asks the hand-off activity to start: one alert workflow for the alerts raised together. */
export interface SlaAlertDelivery {
  workflowId: string;
  alerts: SlaAlert[];
  /** The alert workflow's summary in the Web UI. */
  summary: string;
}
