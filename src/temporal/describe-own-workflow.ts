import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import { NotFoundError } from '../errors/domain-errors';

/**
 * Describes a workflow that must be of the given type on this deployment's queue. Any other (no such workflow, a
 * workflow of another type or another deployment) is a NotFoundError with the message given.
 */
export async function describeOwnWorkflow(
  client: Client,
  workflowId: string,
  expected: { workflowType: string; taskQueue: string },
  notFoundMessage: string,
): Promise<WorkflowExecutionDescription> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    if (description.type === expected.workflowType && description.taskQueue === expected.taskQueue) return description;
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  throw new NotFoundError(notFoundMessage);
}
