import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  jobProgressQuery,
  jobWorkflowInputSchema,
  type JobProgress,
  type JobWorkflowInput,
  type JobWorkflowResult,
} from '../src/contracts/job-workflow';
import { StatusAttribute, type JobStage } from '../src/contracts/search-attributes';
import { FailureType } from '../src/errors/failure-types';

type AgentAction = (data: unknown) => Promise<unknown>;

/**
 * One job: one step on its agent's task queue, at its class's priority. Routing arrives resolved in the input
 * (from temporal.yaml, at submission), so a replay never depends on today's config.
 */
export async function jobWorkflow(rawInput: JobWorkflowInput): Promise<JobWorkflowResult> {
  const input = parseInput(rawInput);
  const { route } = input;
  const progress: JobProgress = {
    jobId: input.jobId,
    type: input.type,
    priority: input.priority,
    ...(input.caseId === undefined ? {} : { caseId: input.caseId }),
    stage: 'SCHEDULED',
    progress: 0,
    agent: route.agent,
    action: route.action,
    taskQueue: route.taskQueue,
  };
  setHandler(jobProgressQuery, () => progress);
  const moveTo = (stage: JobStage, details: string): void => {
    progress.stage = stage;
    upsertSearchAttributes([{ key: StatusAttribute, value: stage }]);
    setCurrentDetails(details);
  };

  const agent = proxyActivities<Record<string, AgentAction>>({
    taskQueue: route.taskQueue,
    startToCloseTimeout: route.startToCloseTimeoutMs,
    ...(route.heartbeatTimeoutMs === undefined ? {} : { heartbeatTimeout: route.heartbeatTimeoutMs }),
    priority: { priorityKey: route.priorityKey },
    summary: `${route.action} (${route.agent})`,
    retry: {
      initialInterval: route.retry.initialIntervalMs,
      backoffCoefficient: route.retry.backoffCoefficient,
      maximumAttempts: route.retry.maximumAttempts,
      nonRetryableErrorTypes: route.retry.nonRetryableErrorTypes,
      ...(route.retry.maximumIntervalMs === undefined ? {} : { maximumInterval: route.retry.maximumIntervalMs }),
    },
  });
  const step = agent[route.action];
  if (!step) throw ApplicationFailure.nonRetryable(`no action ${route.action}`, FailureType.InvalidWorkflowInput);

  setCurrentDetails(`**${input.type}** step \`${route.action}\` scheduled on agent **${route.agent}** (queue \`${route.taskQueue}\`).`);
  try {
    const output = await step(input.data);
    progress.progress = 1;
    moveTo('COMPLETED', `**${input.type}** completed by agent **${route.agent}**.`);
    return { jobId: input.jobId, type: input.type, agent: route.agent, output };
  } catch (error) {
    if (isCancellation(error)) {
      moveTo('CANCELED', `**${input.type}** was canceled.`);
      throw error;
    }
    const cause = error instanceof ActivityFailure && error.cause ? error.cause : (error as Error);
    progress.error = cause.message;
    moveTo('FAILED', `**${input.type}** failed in agent **${route.agent}**: ${cause.message}`);
    log.warn('job failed', { jobId: input.jobId, agent: route.agent, error: cause.message });
    throw ApplicationFailure.create({
      type: cause instanceof ApplicationFailure && cause.type ? cause.type : 'JobStepFailed',
      message: `${route.action} (${route.agent}) failed: ${cause.message}`,
      nonRetryable: true,
      cause: error as Error,
    });
  }
}

function parseInput(rawInput: JobWorkflowInput): JobWorkflowInput {
  const parsed = jobWorkflowInputSchema.safeParse(rawInput);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`);
  throw ApplicationFailure.create({
    type: FailureType.InvalidWorkflowInput,
    message: `invalid job workflow input: ${problems.join('; ')}`,
    nonRetryable: true,
    details: problems,
  });
}
