/**
 * What the deployment's audit log workflow and the evidence items' custody logs (one serialized writer each,
 * updated through the facade's workflow worker) cost their callers in a time window, read back from their
 * histories: how many updates they took, how long an update took from the workflow task that accepted it being
 * scheduled to its completion, and how long their workflow tasks waited for the worker. EVIDENCE_PROCESSING's
 * activity waits for two such updates per item, one item after the other: a benchmark that sees that type slow down
 * prints these per phase, to tell whether the wait is there.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { auditLogWorkflowType } from '../../src/contracts/audit-log';
import { auditLogWorkflowId } from '../../src/contracts/workflow-ids';
import { timeOf } from '../../src/events/run-state';
import { percentile } from './bench-stack';

export interface AuditLogWaits {
  /** Updates completed in the window: the deployment log's and every custody log's. */
  deploymentUpdates: number;
  custodyUpdates: number;
  /** Medians, ms: accepting workflow task scheduled → update completed, and workflow task schedule → start. */
  deploymentUpdateMs: number;
  custodyUpdateMs: number;
  deploymentTaskWaitMs: number;
  custodyTaskWaitMs: number;
  /** The deployment log's workflow tasks in the window (its single writer's turns). */
  deploymentTasks: number;
}

const EventType = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

interface LogFigures {
  updateMs: number[];
  taskWaitMs: number[];
  tasks: number;
}

function logFigures(events: readonly HistoryEvent[], fromMs: number, toMs: number, into: LogFigures): void {
  const within = (ms: number): boolean => ms >= fromMs && ms < toMs;
  const timeById = new Map(events.map((event) => [String(event.eventId), timeOf(event)]));
  const acceptedTaskScheduledMs = new Map<string, number>();
  let lastScheduledMs = Number.NaN;
  for (const event of events) {
    const at = timeOf(event);
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
        lastScheduledMs = at;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        if (within(at)) {
          into.tasks++;
          into.taskWaitMs.push(at - (timeById.get(String(event.workflowTaskStartedEventAttributes?.scheduledEventId)) ?? Number.NaN));
        }
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        acceptedTaskScheduledMs.set(String(event.eventId), lastScheduledMs);
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const scheduled = acceptedTaskScheduledMs.get(String(event.workflowExecutionUpdateCompletedEventAttributes?.acceptedEventId));
        if (within(at) && scheduled !== undefined) into.updateMs.push(at - scheduled);
        break;
      }
      default:
        break;
    }
  }
}

export async function auditLogWaits(client: Client, orchestrationTaskQueue: string, fromMs: number, toMs: number): Promise<AuditLogWaits> {
  const deploymentId = auditLogWorkflowId(orchestrationTaskQueue);
  const deployment: LogFigures = { updateMs: [], taskWaitMs: [], tasks: 0 };
  const custody: LogFigures = { updateMs: [], taskWaitMs: [], tasks: 0 };
  // Every run (continued as new) that was open in the window, of the deployment log and of the custody logs.
  const query = `WorkflowType = '${auditLogWorkflowType}' AND TaskQueue = '${orchestrationTaskQueue}'`;
  for await (const execution of client.workflow.list({ query })) {
    if (execution.closeTime && execution.closeTime.getTime() < fromMs) continue;
    if (execution.startTime.getTime() >= toMs) continue;
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    logFigures(history.events ?? [], fromMs, toMs, execution.workflowId === deploymentId ? deployment : custody);
  }
  const median = (values: number[]): number =>
    percentile(
      values.filter(Number.isFinite).sort((a, b) => a - b),
      0.5,
    );
  return {
    deploymentUpdates: deployment.updateMs.length,
    custodyUpdates: custody.updateMs.length,
    deploymentUpdateMs: median(deployment.updateMs),
    custodyUpdateMs: median(custody.updateMs),
    deploymentTaskWaitMs: median(deployment.taskWaitMs),
    custodyTaskWaitMs: median(custody.taskWaitMs),
    deploymentTasks: deployment.tasks,
  };
}
