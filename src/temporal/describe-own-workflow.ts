import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import { inTenantScope, type TenantScope } from '../auth/tenant-scope';
import { TenantAttribute } from '../contracts/search-attributes';
import { NotFoundError } from '../errors/domain-errors';

/** What a workflow must be to be the caller's: of this type, on this deployment's queue, inside the tenant scope. */
export interface OwnWorkflow {
  workflowType: string;
  taskQueue: string;
  scope: TenantScope;
}

/**
 * Describes a workflow that must be of the given type on this deployment's queue, and belong to a tenant of the
 * scope (its TaskmasterTenant search attribute). Any other (no such workflow, a workflow of another type, another
 * deployment or another tenant) is the same NotFoundError with the message given: another tenant's job reads
 * exactly as an unknown one.
 */
export async function describeOwnWorkflow(
  client: Client,
  workflowId: string,
  expected: OwnWorkflow,
  notFoundMessage: string,
): Promise<WorkflowExecutionDescription> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    if (
      description.type === expected.workflowType &&
      description.taskQueue === expected.taskQueue &&
      inTenantScope(expected.scope, description.typedSearchAttributes.get(TenantAttribute))
    ) {
      return description;
    }
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  throw new NotFoundError(notFoundMessage);
}
