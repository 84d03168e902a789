import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { DependencyActivities } from '../activities/job-dependencies';
import {
  jobProgressQuery,
  jobWorkflowInputSchema,
  type JobProgress,
  type JobWorkflowInput,
  type JobWorkflowResult,
} from '../src/contracts/job-workflow';
import { SlaBreachedAttribute, SlaStatusAttribute, StatusAttribute, type JobStage } from '../src/contracts/search-attributes';
import { FailureType, nonRetryableFailureTypes } from '../src/errors/failure-types';
import { escalatedPriorityKey, escalationAction, runStepWithEscalation } from './job-step';
import { parseWorkflowInput } from './parse-workflow-input';
import { watchSla } from './sla-watch';

const dependencies = proxyActivities<DependencyActivities>({
  startToCloseTimeout: '30 days',
  heartbeatTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: [...nonRetryableFailureTypes] },
  summary: 'wait for dependencies',
});

/**
 * One job: one step on its agent's task queue, at its class's priority, under its SLA. Routing and SLA arrive
 * resolved in the input (from temporal.yaml, at submission), so a replay never depends on today's config.
 */
export async function jobWorkflow(rawInput: JobWorkflowInput): Promise<JobWorkflowResult> {
  const input = parseWorkflowInput(jobWorkflowInputSchema, rawInput, 'job workflow input');
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
    priorityKey: route.priorityKey,
    slaStatus: input.sla ? 'ON_TRACK' : undefined,
  };
  setHandler(jobProgressQuery, () => progress);
  const moveTo = (stage: JobStage, details: string): void => {
    progress.stage = stage;
    upsertSearchAttributes([{ key: StatusAttribute, value: stage }]);
    setCurrentDetails(details);
  };

  const subject = { jobId: input.jobId, jobType: input.type, priority: input.priority, caseId: input.caseId, sla: input.sla };
  const escalateTo = escalatedPriorityKey(route.priorityKey);
  const sla = watchSla(input.sla, subject, {
    onWarning: () => {
      progress.slaStatus = 'AT_RISK';
      upsertSearchAttributes([{ key: SlaStatusAttribute, value: 'AT_RISK' }]);
      return 'none: the job continues at its priority';
    },
    onBreach: () => {
      progress.slaStatus = 'BREACHED';
      upsertSearchAttributes([
        { key: SlaStatusAttribute, value: 'BREACHED' },
        { key: SlaBreachedAttribute, value: true },
      ]);
      const action = input.sla?.onBreach === 'cancel' ? 'cancel the job' : escalationAction(route.priorityKey, escalateTo);
      setCurrentDetails(`**SLA breached** (${input.priority}): ${action}.`);
      return action;
    },
  });

  try {
    if (input.dependsOn && input.dependsOn.length > 0) {
      moveTo('WAITING', `**${input.type}** waits for ${input.dependsOn.map((id) => `\`${id}\``).join(', ')} to complete.`);
      await dependencies.awaitJobs(input.dependsOn);
      moveTo('SCHEDULED', `dependencies completed; **${input.type}** step scheduled.`);
    }
    setCurrentDetails(`**${input.type}** step \`${route.action}\` scheduled on agent **${route.agent}** (queue \`${route.taskQueue}\`).`);
    const output = await runStepWithEscalation(input, sla, (priorityKey) => {
      progress.priorityKey = priorityKey;
      setCurrentDetails(`**${input.type}** step \`${route.action}\` escalated to priority key ${priorityKey} after the SLA breach.`);
    });
    sla.stop();
    progress.progress = 1;
    moveTo('COMPLETED', `**${input.type}** completed by agent **${route.agent}**.`);
    return { jobId: input.jobId, type: input.type, agent: route.agent, output };
  } catch (error) {
    sla.stop();
    if (isCancellation(error) && CancellationScope.current().consideredCancelled) {
      moveTo('CANCELED', `**${input.type}** was canceled.`);
      throw error;
    }
    const cause = error instanceof ActivityFailure && error.cause ? error.cause : (error as Error);
    progress.error = cause.message;
    moveTo(
      cause instanceof ApplicationFailure && cause.type === FailureType.SlaBreached ? 'CANCELED' : 'FAILED',
      `**${input.type}** failed: ${cause.message}`,
    );
    const errorType = cause instanceof ApplicationFailure && cause.type ? cause.type : cause.name;
    log.warn('job failed', { jobId: input.jobId, agent: route.agent, error: { type: errorType, message: cause.message } });
    if (cause instanceof ApplicationFailure && cause.type === FailureType.SlaBreached) throw cause;
    throw ApplicationFailure.create({
      type: cause instanceof ApplicationFailure && cause.type ? cause.type : FailureType.JobStepFailed,
      message: isDependencyFailure(cause) ? `not started: ${cause.message}` : `${route.action} (${route.agent}) failed: ${cause.message}`,
      nonRetryable: true,
      cause: error as Error,
    });
  } finally {
    // A job closes only once the SLA alerts it raised were sent, so none is lost with the run.
    await sla.alertsHandedOff();
  }
}

const isDependencyFailure = (cause: Error): boolean =>
  cause instanceof ApplicationFailure && (cause.type === FailureType.DependencyFailed || cause.type === FailureType.DependencyNotFound);
