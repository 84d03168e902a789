import type { Client } from '@temporalio/client';
import { investigationProgressQuery, type InvestigationResult, type StepProgress } from '../../contracts/investigation-workflow';

/** The steps of a finished investigation run: from its result, or from its progress query if it failed. */
export function finishedSteps(client: Client, workflowId: string, runId?: string): Promise<StepProgress[]> {
  const handle = client.workflow.getHandle(workflowId, runId);
  return handle
    .result()
    .then((result) => (result as InvestigationResult).steps)
    .catch(() => handle.query(investigationProgressQuery).then((progress) => progress.steps));
}
