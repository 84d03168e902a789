/**
 * Tells the payload codec whose workflow a client is about to write to, so that the start's input, memo and summary
 * are encrypted with the data key of the workflow's tenant: before every start (plain, signal-with-start,
 * update-with-start) it registers the workflow id with the `TaskmasterTenant` of the start's search attributes, and
 * after a describe with the attribute the server holds (so a facade that restarted knows a running job's tenant
 * before it signals or queries it). A client interceptor, so every start of every Taskmaster client goes through it:
 * the facade's, the reruns with edited input, the what-if CLI and the benchmark's direct path.
 */
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, TypedSearchAttributes, type SearchAttributePair } from '@temporalio/common';
import type { CompiledWorkflowOptions } from '@temporalio/client/lib/workflow-options';
import { TenantAttribute } from '../contracts/search-attributes';
import type { WorkflowTenants } from '../crypto/workflow-tenants';

function tenantOfStart(options: CompiledWorkflowOptions): string | undefined {
  const attributes: SearchAttributePair[] | TypedSearchAttributes | undefined = options.typedSearchAttributes;
  if (attributes instanceof TypedSearchAttributes) return attributes.get(TenantAttribute);
  const pair = attributes?.find((candidate) => candidate.key.name === TenantAttribute.name);
  return typeof pair?.value === 'string' ? pair.value : undefined;
}

export function tenantRegistration(tenants: WorkflowTenants): WorkflowClientInterceptor {
  const register = (options: CompiledWorkflowOptions): void => {
    const tenant = tenantOfStart(options);
    if (tenant !== undefined) tenants.register(options.workflowId, tenant);
  };
  return {
    async startWithDetails(input, next) {
      register(input.options);
      return next(input);
    },
    async signalWithStart(input, next) {
      register(input.options);
      return next(input);
    },
    async startUpdateWithStart(input, next) {
      register(input.workflowStartOptions);
      return next(input);
    },
    async describe(input, next) {
      const response = await next(input);
      const stored = response.workflowExecutionInfo?.searchAttributes?.indexedFields?.[TenantAttribute.name];
      const tenant: unknown = stored ? defaultPayloadConverter.fromPayload(stored) : undefined;
      if (typeof tenant === 'string') tenants.register(input.workflowExecution.workflowId, tenant);
      return response;
    },
  };
}
