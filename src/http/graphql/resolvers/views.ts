/** The services' answers in the schema's shapes: renames and flattening only, no decisions. */
import type { InvestigationDetails, InvestigationSummary as SummaryView } from '../../../investigations/service/investigation-view';
import type { TemplateView } from '../../../investigations/service/template-view';
import type { JobDetails } from '../../../jobs/job-service';
import type { JobView } from '../../../jobs/job-view';
import type { Rerun as RerunView } from '../../../replay/rerun';
import type { AgentQueueStatus } from '../../../system/queue-status';
import type { AgentQueue, Investigation, InvestigationSummary, Job, Rerun, Template } from '../generated/resolvers-types';

/** A job's progress from 0 to 1: the running job's own (its query), 1 once completed, none otherwise. */
function jobProgressOf(details: JobView | JobDetails): number | null {
  if ('progress' in details && details.progress) return details.progress.progress;
  return details.status === 'COMPLETED' ? 1 : null;
}

/** A job, on its own (JobDetails) or in a list (JobView, which has no estimate). */
export function jobOf(details: JobView | JobDetails): Job {
  return {
    ...details,
    progress: jobProgressOf(details),
    estimatedCompletion: 'estimatedCompletion' in details ? details.estimatedCompletion : null,
    result: 'result' in details ? details.result : null,
    step: 'step' in details ? (details.step ?? null) : null,
  };
}

export function investigationOf(details: InvestigationDetails): Investigation {
  return {
    ...details,
    steps: details.steps.map((step) => ({ ...step, output: step.output ?? null })),
    outputs: details.outputs ?? null,
  };
}

export const investigationSummaryOf = (summary: SummaryView): InvestigationSummary => summary;

export function templateOf(template: TemplateView): Template {
  return { ...template, inputSchema: template.inputSchema ?? null };
}

export function agentQueueOf(queue: AgentQueueStatus): AgentQueue {
  return {
    ...queue,
    byPriority: Object.entries(queue.byPriority).map(([priority, stats]) => ({ priority, ...stats })),
  };
}

export const rerunOf = (id: string, rerun: RerunView): Rerun => ({ id, ...rerun });
