import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import type { TaskmasterConfig } from '../config/schema';
import { orchestrationTaskQueue } from '../config/task-queues';
import { opsMonitorWorkflowId, opsMonitorWorkflowType, type OpsMonitorState } from '../contracts/ops-alert';

/**
 * Starts the deployment's operational monitor unless it runs: every facade calls this at start, and Temporal keeps
 * one (USE_EXISTING), so alerts are evaluated once per deployment however many facades run. Returns its workflow id.
 */
export async function ensureOpsMonitor(config: TaskmasterConfig, client: Client, now = new Date()): Promise<string> {
  const taskQueue = orchestrationTaskQueue(config);
  const workflowId = opsMonitorWorkflowId(taskQueue);
  const initial: OpsMonitorState = { deployment: taskQueue, open: {}, failedAlerted: {}, failuresSince: now.toISOString() };
  await client.workflow.start(opsMonitorWorkflowType, {
    workflowId,
    taskQueue,
    args: [initial],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    staticSummary: 'operational alerts: agents down, backlog age, failure rate, failed jobs',
  });
  return workflowId;
}
