import type { JobSnapshot, PendingActivitySnapshot } from './snapshot';

/** Agents of the built-in job types, for when the snapshot does not name the agent's task queue. */
const agentsOfBuiltInJobTypes: Readonly<Record<string, string>> = {
  BANK_STATEMENT_PROCESSING: 'reconciliation',
  FRAUD_DETECTION: 'fraud',
  RISK_ASSESSMENT: 'risk',
  EVIDENCE_PROCESSING: 'evidence',
  LITIGATION_SUPPORT: 'litigation',
  COMPLIANCE_MONITORING: 'compliance',
  JOB_EXPLANATION: 'help',
};

/** "WORKFLOW_EXECUTION_STATUS_RUNNING" or "Running" -> "RUNNING"; Temporal's "CANCELLED" -> the API's "CANCELED". */
export function normalizeStatus(status: string): string {
  const name = status.toUpperCase().replace(/^WORKFLOW_EXECUTION_STATUS_/, '');
  return name === 'CANCELLED' ? 'CANCELED' : name;
}

/** Temporal's PendingActivityState enum, for snapshots that carry the raw number instead of the name. */
const pendingActivityStates: Readonly<Record<string, string>> = {
  '1': 'SCHEDULED',
  '2': 'STARTED',
  '3': 'CANCEL_REQUESTED',
  '4': 'PAUSED',
  '5': 'PAUSE_REQUESTED',
};

/**
 * The agent type serving the job: from its task queue ("taskmaster.agent-fraud" -> "fraud", the naming of
 * temporal.yaml), else from the built-in job type.
 */
export function agentOf(snapshot: JobSnapshot): string | undefined {
  const queue = snapshot.agentTaskQueue?.split('.').pop();
  if (queue?.startsWith('agent-') && queue.length > 'agent-'.length) return queue.slice('agent-'.length);
  return snapshot.type ? agentsOfBuiltInJobTypes[snapshot.type] : undefined;
}

export function jobLabel(snapshot: JobSnapshot): string {
  return `Job ${snapshot.jobId}${snapshot.type ? ` (${snapshot.type})` : ''}`;
}

/** "PENDING_ACTIVITY_STATE_STARTED", "STARTED" or 2 -> "STARTED". */
export function activityState(activity: PendingActivitySnapshot): string {
  const state = activity.state.toUpperCase().replace(/^PENDING_ACTIVITY_STATE_/, '');
  return pendingActivityStates[state] ?? state;
}

export function isRetrying(activity: PendingActivitySnapshot): boolean {
  return activity.attempt > 1 || activity.lastFailureMessage !== undefined;
}

export function attemptsText(activity: PendingActivitySnapshot): string {
  return activity.maximumAttempts && activity.maximumAttempts > 0
    ? `attempt ${activity.attempt} of ${activity.maximumAttempts}`
    : `attempt ${activity.attempt}, with no limit on attempts`;
}

/** Milliseconds between two ISO timestamps as "3 minutes 12 seconds"; undefined when either is missing or bad. */
export function durationBetween(from: string | undefined, to: string | undefined): string | undefined {
  if (!from || !to) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  if (ms < 1_000) return `${ms} ms`;
  const totalSeconds = Math.round(ms / 1_000);
  const parts: [number, string][] = [
    [Math.floor(totalSeconds / 86_400), 'day'],
    [Math.floor((totalSeconds % 86_400) / 3_600), 'hour'],
    [Math.floor((totalSeconds % 3_600) / 60), 'minute'],
    [totalSeconds % 60, 'second'],
  ];
  return parts
    .filter(([count]) => count > 0)
    .slice(0, 2)
    .map(([count, unit]) => `${count} ${unit}${count === 1 ? '' : 's'}`)
    .join(' ');
}
