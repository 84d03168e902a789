/** Every workflow Taskmaster runs; this index is the workers' only workflowsPath. */
import type { InvestigationResult, InvestigationWorkflowInput } from '../src/contracts/investigation-workflow';

export { jobWorkflow } from './job-workflow';
export { dependantsWatchWorkflow } from './job-dependencies';
export { slaAlertWorkflow } from './sla-alert-workflow';
export { auditLogWorkflow } from './audit-log-workflow';
export { opsMonitorWorkflow } from './ops-monitor-workflow';
export { opsAlertWorkflow } from './ops-alert-workflow';

/**
 * The interpreter and its definition schema load only when an investigation runs: each workflow evaluates the
 * modules it imports on its own, and a job has no use for these (they were a sixth of a job's start-up CPU).
 */
export async function investigationWorkflow(input: InvestigationWorkflowInput): Promise<InvestigationResult> {
  const { investigationWorkflow: run } = await import(/* webpackMode: "eager" */ './investigation-workflow');
  return run(input);
}
