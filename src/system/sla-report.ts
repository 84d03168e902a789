import type { Client } from '@temporalio/client';
import { priorityClasses, type PriorityClass } from '../config/schema';
import type { TaskmasterConfig } from '../config/schema';
import { orchestrationTaskQueue } from '../config/task-queues';
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

/** Per priority class: open, at-risk and breached jobs, and SLA compliance over a window, from visibility queries. */
export async function slaReport(config: TaskmasterConfig, client: Client, windowMs: number, now = new Date()): Promise<SlaReport> {
  const since = new Date(now.getTime() - windowMs).toISOString();
  const base = `WorkflowType = "${jobWorkflowType}" AND TaskQueue = "${orchestrationTaskQueue(config)}"`;
  const count = async (query: string): Promise<number> => (await client.workflow.count(`${base} AND ${query}`)).count;
  const classes = await Promise.all(
    priorityClasses.map(async (priority): Promise<SlaClassReport> => {
      const ofClass = `${PriorityAttribute.name} = "${priority}"`;
      const open = `${ofClass} AND ExecutionStatus = "Running"`;
      const closed = `${ofClass} AND ExecutionStatus != "Running" AND CloseTime >= "${since}"`;
      const [openJobs, atRisk, breachedOpen, closedInWindow, breachedInWindow] = await Promise.all([
        count(open),
        count(`${open} AND ${SlaStatusAttribute.name} = "AT_RISK"`),
        count(`${open} AND ${SlaBreachedAttribute.name} = true`),
        count(closed),
        count(`${closed} AND ${SlaBreachedAttribute.name} = true`),
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
