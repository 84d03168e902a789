import { deploymentWorkflows, type VisibilityQuery } from '../temporal/visibility-query';
import type { Client } from '@temporalio/client';
import type { TenantScope } from '../auth/tenant-scope';
import { priorityClasses, type PriorityClass } from '../config/schema';
import type { TaskmasterConfig } from '../config/schema';
import { jobWorkflowType } from '../contracts/job-workflow';
import { JobTypeAttribute, PriorityAttribute, SlaBreachedAttribute, SlaStatusAttribute } from '../contracts/search-attributes';
import type { PauseWindow } from '../pause/pause-windows';

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

/** A job that was open while its agent's queue was paused: it waited in the pause, and its SLA clock ran on. */
export interface JobInPause {
  jobId: string;
  workflowId: string;
  jobType: string | null;
  priority: string | null;
  status: string;
  /** Indexes into `pauses`. */
  pauses: number[];
}

export interface SlaReport {
  windowMs: number;
  since: string;
  classes: SlaClassReport[];
  /** SLA time runs during a pause (docs/operations.md); these are the pauses of the window and the jobs they held. */
  pauses: PauseWindow[];
  jobsInPause: JobInPause[];
  /** True when more jobs than listed were open during a pause (at most jobsInPauseLimit per pause are listed). */
  jobsInPauseTruncated: boolean;
}

export const jobsInPauseLimit = 200;

/**
 * Per priority class: open, at-risk and breached jobs, and SLA compliance over a window, from visibility queries;
 * the jobs of the caller's tenant scope only.
 */
export async function slaReport(
  config: TaskmasterConfig,
  client: Client,
  windowMs: number,
  scope: TenantScope,
  pausesOf: (since: Date) => Promise<PauseWindow[]>,
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
  const pauses = await pausesOf(new Date(now.getTime() - windowMs));
  const held = await jobsHeldByPauses(config, client, scope, pauses, now);
  return { windowMs, since, classes, pauses, ...held };
}

/** Jobs of the paused agents' job types open at some time of each pause: running then, or closed after it began. */
async function jobsHeldByPauses(
  config: TaskmasterConfig,
  client: Client,
  scope: TenantScope,
  pauses: readonly PauseWindow[],
  now: Date,
): Promise<{ jobsInPause: JobInPause[]; jobsInPauseTruncated: boolean }> {
  const jobs = new Map<string, JobInPause>();
  let truncated = false;
  for (const [index, pause] of pauses.entries()) {
    const types = Object.entries(config.jobTypes)
      .filter(([, jobType]) => pause.agents.includes(jobType.agent))
      .map(([name]) => name);
    if (types.length === 0) continue;
    const during = deploymentWorkflows(config, jobWorkflowType)
      .within(scope)
      .oneOf(JobTypeAttribute, types)
      .atMost('StartTime', pause.to ?? now.toISOString());
    const queries = [
      during.equals('ExecutionStatus', 'Running'),
      during.notEquals('ExecutionStatus', 'Running').atLeast('CloseTime', pause.from),
    ];
    let listed = 0;
    for (const query of queries) {
      for await (const run of client.workflow.list({ query: query.toString(), pageSize: jobsInPauseLimit })) {
        if (listed++ >= jobsInPauseLimit) {
          truncated = true;
          break;
        }
        const known = jobs.get(run.workflowId);
        if (known) {
          known.pauses.push(index);
          continue;
        }
        const attribute = (name: string): string | null => {
          const value = run.searchAttributes?.[name];
          const first = Array.isArray(value) ? (value[0] as unknown) : value;
          return typeof first === 'string' ? first : null;
        };
        jobs.set(run.workflowId, {
          jobId: attribute('TaskmasterJobId') ?? run.workflowId,
          workflowId: run.workflowId,
          jobType: attribute('TaskmasterJobType'),
          priority: attribute('TaskmasterPriority'),
          status: run.status.name,
          pauses: [index],
        });
      }
    }
  }
  return { jobsInPause: [...jobs.values()], jobsInPauseTruncated: truncated };
}
