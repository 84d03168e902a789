/**
 * Whose data key encrypts a payload. A Temporal codec sees payloads and, since SDK 1.24, a SerializationContext that
 * names the workflow that owns them (for an activity's payloads, the workflow that scheduled it), never the request
 * behind them. This directory maps workflow ids to tenants, from three sources:
 * - registered: the client registers a workflow's tenant (its TaskmasterTenant search attribute) before it starts
 *   it, and when it describes it (tenant-registration interceptor);
 * - learned: decoding a payload that names its tenant's data key teaches the tenant of the workflow it belongs to,
 *   so that a worker encrypts a workflow's results, queries and failures for the tenant its input was encrypted for;
 * - derived: a template step's child and a what-if rerun belong to the workflow their id derives from.
 * Workflows of none of these (the audit log, SLA alerts, dependants watches, work without a tenant) use the default
 * tenant's key. Bounded (least recently used out), so a long-running process holds at most `capacity` entries;
 * a workflow forgotten is learned again from its next decoded payload.
 */
import { derivedFromWorkflowId } from '../contracts/workflow-ids';
import { defaultTenant } from './tenant-keys';

/** Well above the workers' workflow cache (maxCachedWorkflows), so that a cached workflow is seldom forgotten. */
const defaultCapacity = 50_000;
/** template step of a template step of ...: the deepest derivation followed. */
const maxDerivationDepth = 8;

export class WorkflowTenants {
  private readonly tenants = new Map<string, string>();

  constructor(private readonly capacity = defaultCapacity) {}

  /** The workflow belongs to this tenant (the client says so before it starts or after it describes the workflow). */
  register(workflowId: string, tenant: string): void {
    this.tenants.delete(workflowId);
    this.tenants.set(workflowId, tenant);
    if (this.tenants.size > this.capacity) this.tenants.delete(this.tenants.keys().next().value as string);
  }

  /**
   * A payload of the workflow was encrypted for this tenant. The default tenant teaches nothing (payloads written
   * before tenant keys, or by a process that did not know), and a known tenant is not replaced by a learned one.
   */
  learn(workflowId: string, tenant: string): void {
    if (tenant === defaultTenant) return;
    const known = this.tenants.get(workflowId);
    if (known === undefined) this.register(workflowId, tenant);
    else if (known === tenant) this.touch(workflowId, known);
  }

  /** The tenant whose data key encrypts the workflow's payloads. */
  tenantOf(workflowId: string | undefined): string {
    let id = workflowId;
    for (let depth = 0; id !== undefined && depth <= maxDerivationDepth; depth += 1) {
      const tenant = this.tenants.get(id);
      if (tenant !== undefined) {
        this.touch(id, tenant);
        return tenant;
      }
      id = derivedFromWorkflowId(id);
    }
    return defaultTenant;
  }

  get size(): number {
    return this.tenants.size;
  }

  private touch(workflowId: string, tenant: string): void {
    this.tenants.delete(workflowId);
    this.tenants.set(workflowId, tenant);
  }
}

/** The directory of this process: every client and worker codec of the process shares it. */
export const processWorkflowTenants = new WorkflowTenants();
