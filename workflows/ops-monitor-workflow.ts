import {
  continueAsNew,
  log,
  ParentClosePolicy,
  proxyActivities,
  sleep,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { OperationsActivities } from '../activities/operations';
import {
  opsAlertId,
  opsAlertWorkflowId,
  type OpsAlert,
  type OpsCondition,
  type OpsMonitorIncident,
  type OpsMonitorState,
} from '../src/contracts/ops-alert';
import { opsAlertWorkflow } from './ops-alert-workflow';

const operations = proxyActivities<OperationsActivities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
  summary: 'evaluate operations',
});

/** Visibility lags the close of a run by a little: failures are read again over this much time, deduplicated. */
const failureOverlapMs = 60_000;
/** Failed runs alerted are remembered this long (the overlap needs far less; a day bounds the state). */
const rememberFailedMs = 86_400_000;
/** Evaluations per run before continue-as-new keeps the history small. */
const evaluationsPerRun = 200;

/**
 * The deployment's one operational monitor (workflow id per orchestration queue; every facade starts it with
 * USE_EXISTING, so one runs however many facades do). Each evaluation reads what holds now; a condition not open
 * before opens an incident and raises a FIRING alert, an open incident no longer found raises its RESOLVED alert
 * (AGENT_RECOVERED for AGENT_DOWN). JOB_FAILED is raised once per failed run. State survives in continue-as-new.
 */
export async function opsMonitorWorkflow(initial: OpsMonitorState): Promise<never> {
  const state: OpsMonitorState = { ...initial, open: { ...initial.open }, failedAlerted: { ...initial.failedAlerted } };
  for (let evaluation = 0; evaluation < evaluationsPerRun && !workflowInfo().continueAsNewSuggested; evaluation++) {
    const result = await operations.evaluateOperations({ failuresSince: state.failuresSince });
    const now = result.checkedAt;
    const found = new Map(result.conditions.map((condition) => [condition.incidentKey, condition]));
    for (const condition of found.values()) {
      if (condition.event === 'JOB_FAILED') {
        if (state.failedAlerted[condition.incidentKey] !== undefined) continue;
        state.failedAlerted[condition.incidentKey] = now;
        await raise(state.deployment, condition, now, 'FIRING', now);
      } else if (state.open[condition.incidentKey] === undefined) {
        const incident: OpsMonitorIncident = {
          event: condition.event,
          subject: condition.subject,
          summary: condition.summary,
          openedAt: now,
        };
        state.open[condition.incidentKey] = incident;
        await raise(state.deployment, condition, now, 'FIRING', now);
      }
    }
    for (const [incidentKey, incident] of Object.entries(state.open)) {
      if (found.has(incidentKey)) continue;
      delete state.open[incidentKey];
      const resolved: OpsCondition = {
        incidentKey,
        event: incident.event,
        subject: incident.subject,
        summary: `resolved: ${incident.summary}`,
        details: { openedAt: incident.openedAt, resolvedAt: now },
      };
      await raise(state.deployment, resolved, incident.openedAt, 'RESOLVED', now);
    }
    const nowMs = Date.parse(now);
    for (const [key, seenAt] of Object.entries(state.failedAlerted)) {
      if (nowMs - Date.parse(seenAt) > rememberFailedMs) delete state.failedAlerted[key];
    }
    state.failuresSince = new Date(nowMs - failureOverlapMs).toISOString();
    await sleep(result.evaluateEveryMs);
  }
  return continueAsNew<typeof opsMonitorWorkflow>(state);
}

/** Hands one alert to its delivery workflow; an id already used means it was raised before (a replayed decision). */
async function raise(
  deployment: string,
  condition: OpsCondition,
  openedAt: string,
  state: OpsAlert['state'],
  raisedAt: string,
): Promise<void> {
  const event = condition.event === 'AGENT_DOWN' && state === 'RESOLVED' ? 'AGENT_RECOVERED' : condition.event;
  const alertId = `${deployment}/${opsAlertId(condition.incidentKey, openedAt, state)}`;
  const alert: OpsAlert = {
    alertId,
    event,
    state,
    incidentKey: condition.incidentKey,
    subject: condition.subject,
    summary: condition.summary,
    details: condition.details,
    openedAt,
    raisedAt,
    deployment,
  };
  try {
    await startChild(opsAlertWorkflow, {
      workflowId: opsAlertWorkflowId(deployment, opsAlertId(condition.incidentKey, openedAt, state)),
      args: [alert],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      staticSummary: `${event} ${state}: ${condition.subject}`,
    });
  } catch (error) {
    log.warn('operational alert not started (already raised?)', { alertId, error: (error as Error).message });
  }
}
