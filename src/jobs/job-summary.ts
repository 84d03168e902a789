import type { JobWorkflowInput } from '../contracts/job-workflow';

/** The one line the Web UI shows for the job in its workflow list. */
export function jobSummary(input: JobWorkflowInput): string {
  const parts = [input.type, input.priority, input.caseId ? `case ${input.caseId}` : undefined, input.name];
  return parts
    .filter((part) => part !== undefined)
    .join(' · ')
    .slice(0, 400);
}

/** The job's fixed details (Temporal markdown), shown on its page in the Web UI. */
export function jobDetails(input: JobWorkflowInput): string {
  const { route } = input;
  return [
    `**Job** \`${input.jobId}\`${input.name ? ` — ${input.name}` : ''}`,
    `- Type: **${input.type}**, handled by agent **${route.agent}** (\`${route.action}\` on queue \`${route.taskQueue}\`)`,
    `- Priority: **${input.priority}** (task-queue priority key ${route.priorityKey})`,
    input.caseId ? `- Case: \`${input.caseId}\`` : '- Case: none',
    `- Submitted: ${input.submittedAt}`,
  ].join('\n');
}
