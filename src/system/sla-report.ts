import { deploymentWorkflows, type VisibilityQuery } from '../temporal/visibility-query';
import type { Client } from '@temporalio/client';
import type { TenantScope } from '../auth/tenant-scope';
import { priorityClasses, type PriorityClass } from '../config/schema';
import type { TaskmasterConfig } from '../config/schema';
import { jobWorkflowType } from '../contracts/job-workflow';
import { PriorityAttribute, SlaBreachedAttribute, SlaStatusAttribute } from '../contracts/search-attributes';

export interface SlaClassReport {
  priority: PriorityClass;
  slaMs: number | null;
  openJobs: number;
  /** Open jobs past the warning fraction of their SLA. */
  atRisk: number;
  /** Open jobs past their deadline. */
  breachedOpen: number;
  /** Jobs closed in the window, and those of them that breached their SLA. */
  closedInWindow: number;
  breachedInWindow: number;
  /** Share of the jobs closed in the window that met their SLA; null when none closed. */
  compliance: number | null;
}

export interface SlaReport {
  windowMs: number;
  since: string;
  classes: SlaClassReport[];
}

/**
 * Per priority class: open, at-risk and breached jobs, and SLA compliance over a window, from visibility queries;
 * the jobs of the caller's tenant scope only.
 */
export async function slaReport(
  config: TaskmasterConfig,
  client: Client,
  windowMs: number,
  scope: TenantScope,
  now = new Date(),
): Promise<SlaReport> {
  const since = new Date(now.getTime() - windowMs).toISOString();
  const count = async (query: VisibilityQuery): Promise<number> => (await client.workflow.count(query.toString())).count;
  const classes = await Promise.all(
    priorityClasses.map(async (priority): Promise<SlaClassReport> => {
      const ofClass = deploymentWorkflows(config, jobWorkflowType).within(scope).equals(PriorityAttribute, priority);
      const open = ofClass.equals('ExecutionStatus', 'Running');
      const closed = ofClass.notEquals('ExecutionStatus', 'Running').atLeast('CloseTime', since);
      const [openJobs, atRisk, breachedOpen, closedInWindow, breachedInWindow] = await Promise.all([
        count(open),
        count(open.equals(SlaStatusAttribute, 'AT_RISK')),
        count(open.equals(SlaBreachedAttribute, true)),
        count(closed),
        count(closed.equals(SlaBreachedAttribute, true)),
      ]);
      return {
        priority,
        slaMs: config.priorities[priority].sla,
        openJobs,
        atRisk,
        breachedOpen,
        closedInWindow,
        breachedInWindow,
        compliance: closedInWindow === 0 ? null : Math.round(((closedInWindow - breachedInWindow) / closedInWindow) * 10_000) / 10_000,
      };
    }),
  );
  return { windowMs, since, classes };
}
