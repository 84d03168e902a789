import type { Client } from '@temporalio/client';
import type { LoadedConfig } from '../../../src/config/load-config';
import { orchestrationTaskQueue } from '../../../src/config/task-queues';
import { jobWorkflowType, type JobWorkflowInput } from '../../../src/contracts/job-workflow';
import { jobWorkflowId } from '../../../src/contracts/workflow-ids';
import { resolveJobRoute } from '../../../src/jobs/job-route';

/**
 * Starts a RISK_ASSESSMENT job whose data breaks the agent's schema with the Temporal client directly, as a caller
 * that skips the facade's checks would: the agent must check again. Returns the job's workflow id.
 */
export async function startBadJobAroundFacade(client: Client, config: LoadedConfig, jobId: string): Promise<string> {
  const input: JobWorkflowInput = {
    jobId,
    type: 'RISK_ASSESSMENT',
    priority: 'NORMAL',
    data: { entity: { name: 'no id' } },
    submittedAt: new Date().toISOString(),
    route: resolveJobRoute(config, 'RISK_ASSESSMENT', 'NORMAL'),
  };
  await client.workflow.start(jobWorkflowType, {
    workflowId: jobWorkflowId(jobId),
    taskQueue: orchestrationTaskQueue(config),
    args: [input],
  });
  return jobWorkflowId(jobId);
}
