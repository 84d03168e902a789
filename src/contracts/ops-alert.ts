/**
 * The operational alerts beyond SLA (JOB_FAILED, AGENT_DOWN / AGENT_RECOVERED, BACKLOG_AGE, FAILURE_RATE) and the
 * deployment's one monitor workflow that raises them. Pure module: shared by workflows, activities and services.
 */
import { z } from './zod-mini';

/** EVIDENCE_INTEGRITY_FAILED is raised by the facade (src/evidence/integrity-alert.ts), not by the monitor. */
export const opsAlertEventSchema = z.enum([
  'JOB_FAILED',
  'AGENT_DOWN',
  'AGENT_RECOVERED',
  'BACKLOG_AGE',
  'FAILURE_RATE',
  'EVIDENCE_INTEGRITY_FAILED',
]);
export type OpsAlertEvent = z.infer<typeof opsAlertEventSchema>;

/** A condition the evaluation found: an incident while it holds (JOB_FAILED: one per failed run, never resolved). */
export interface OpsCondition {
  /** Stable while the condition lasts: `AGENT_DOWN/fraud`, `BACKLOG_AGE/HIGH`, `FAILURE_RATE`, `JOB_FAILED/<workflowId>/<runId>`. */
  incidentKey: string;
  event: 'JOB_FAILED' | 'AGENT_DOWN' | 'BACKLOG_AGE' | 'FAILURE_RATE';
  /** What it is about: the agent, the priority class, the job's workflow id, or the deployment. */
  subject: string;
  summary: string;
  details: Record<string, string | number | boolean | null | string[]>;
}

export const opsAlertSchema = z.object({
  /** Stable per incident and state: receivers deduplicate on it (also sent as the Idempotency-Key header). */
  alertId: z.string().check(z.minLength(1)),
  event: opsAlertEventSchema,
  /** FIRING when the incident opens, RESOLVED when it ends (AGENT_RECOVERED is AGENT_DOWN's resolution). */
  state: z.enum(['FIRING', 'RESOLVED']),
  incidentKey: z.string().check(z.minLength(1)),
  subject: z.string(),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
  /** When the incident opened, and when this alert was raised (workflow time). */
  openedAt: z.string(),
  raisedAt: z.string(),
  /** The deployment: its orchestration task queue. */
  deployment: z.string(),
});
export type OpsAlert = z.infer<typeof opsAlertSchema>;

/** What one evaluation found, as the monitor's activity returns it. */
export interface OpsEvaluation {
  conditions: OpsCondition[];
  checkedAt: string;
  /** The configured interval until the next evaluation (operations.alerts.evaluateEvery), read at each evaluation. */
  evaluateEveryMs: number;
}

export interface OpsMonitorIncident {
  event: OpsCondition['event'];
  subject: string;
  summary: string;
  openedAt: string;
}

/** The monitor's state, carried across continue-as-new: the open incidents, and the failed runs already alerted. */
export interface OpsMonitorState {
  deployment: string;
  open: Record<string, OpsMonitorIncident>;
  /** JOB_FAILED incident keys alerted, with the time they were first seen; pruned after a day. */
  failedAlerted: Record<string, string>;
  /** JOB_FAILED looks at runs closed since this time (an overlap absorbs visibility's lag). */
  failuresSince: string;
}

export const opsMonitorWorkflowType = 'opsMonitorWorkflow';
export const opsMonitorWorkflowId = (orchestrationTaskQueue: string): string => `ops-monitor/${orchestrationTaskQueue}`;
/** From the deployment in the monitor's input, not its workflow id: a recorded history replays under any file name. */
export const opsAlertWorkflowId = (deployment: string, alertId: string): string => `${opsMonitorWorkflowId(deployment)}/alert/${alertId}`;
export const opsAlertId = (incidentKey: string, openedAt: string, state: OpsAlert['state']): string =>
  `${incidentKey}/${openedAt}/${state}`;
