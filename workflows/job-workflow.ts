import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  log,
  patched,
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
import { awaitDependencies, trackDependants, type Dependants } from './job-dependencies';
import { escalatedPriorityKey, escalationAction, runStepWithEscalation } from './job-step';
import { parseWorkflowInput } from './parse-workflow-input';
import { sealStepRecord } from './step-record';
import { watchSla } from './sla-watch';

/** The wait of runs started before the dependency-wait-by-signals patch: an activity that held a slot throughout. */
const dependencies = proxyActivities<DependencyActivities>({
  startToCloseTimeout: '30 days',
  heartbeatTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: [...nonRetryableFailureTypes] },
  summary: 'wait for dependencies',
});

/**
 * Runs started before this patch waited for their dependencies in a heartbeating activity on the orchestration
 * queue: each waiting job held one of the worker's activity slots, so a hundred waiting jobs starved the next
 * one's wait. Since the patch a job registers with its dependencies by signal and waits for their outcome signals.
 */
const dependencyWaitBySignalsPatch = 'dependency-wait-by-signals';

/**
 * One job: one step on its agent's task queue, at its class's priority, under its SLA. Routing and SLA arrive
 * resolved in the input (from temporal.yaml, at submission), so a replay never depends on today's config. Whatever
 * way the job ends, the jobs waiting on it (dependsOn) are told before it closes.
 */
export async function jobWorkflow(rawInput: JobWorkflowInput): Promise<JobWorkflowResult> {
  const dependants = trackDependants();
  try {
    const result = await runJob(rawInput);
    const record = await sealStepRecord();
    await dependants.release({ status: 'COMPLETED' });
    return record ? { ...result, record } : result;
  } catch (error) {
    await sealStepRecord();
    await releaseAfterFailure(dependants, error);
    throw error;
  }
}

function releaseAfterFailure(dependants: Dependants, error: unknown): Promise<void> {
  if (isCancellation(error)) return dependants.release({ status: 'CANCELED', message: 'it was canceled' });
  return dependants.release({ status: 'FAILED', message: (error as Error).message });
}

async function runJob(rawInput: JobWorkflowInput): Promise<JobWorkflowResult> {
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
      const waitingOn = (jobIds: readonly string[]): string => jobIds.map((id) => `\`${id}\``).join(', ');
      progress.waitingFor = [...input.dependsOn];
      moveTo('WAITING', `**${input.type}** waits for ${waitingOn(input.dependsOn)} to complete.`);
      if (patched(dependencyWaitBySignalsPatch)) {
        await awaitDependencies(input.dependsOn, (waitingFor) => {
          progress.waitingFor = waitingFor;
          if (waitingFor.length > 0) setCurrentDetails(`**${input.type}** waits for ${waitingOn(waitingFor)} to complete.`);
        });
      } else {
        await dependencies.awaitJobs(input.dependsOn);
      }
      delete progress.waitingFor;
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
