import type { HelpResult } from './schema';
import type { JobSnapshot } from './snapshot';
import { FailureType } from '../../src/errors/failure-types';
import { activityState, agentOf, attemptsText, durationBetween, isRetrying, jobLabel, normalizeStatus } from './job-facts';

type Explanation = Omit<HelpResult, 'jobId' | 'status'>;

/** Explains a job's state in plain words, from a snapshot of its Temporal workflow. Pure. */
export function explain(snapshot: JobSnapshot): HelpResult {
  const status = normalizeStatus(snapshot.status);
  const explanation = explainStatus(status, snapshot);
  return { jobId: snapshot.jobId, status, ...explanation };
}

function explainStatus(status: string, snapshot: JobSnapshot): Explanation {
  switch (status) {
    case 'RUNNING':
      return explainRunning(snapshot);
    case 'COMPLETED':
      return explainCompleted(snapshot);
    case 'FAILED':
      return explainFailed(snapshot);
    case 'CANCELED':
      return {
        headline: `${jobLabel(snapshot)} was canceled.`,
        explanation: [
          `A cancellation was requested (POST /v1/jobs/${snapshot.jobId}/cancel, or from the Temporal UI or CLI) and ` +
            `the job stopped${closedText(snapshot)}.`,
          'Work in progress was abandoned and the job produced no result.',
        ],
        suggestedActions: ['If it was canceled by mistake, submit the job again (POST /v1/jobs).'],
      };
    case 'TERMINATED':
      return {
        headline: `${jobLabel(snapshot)} was terminated.`,
        explanation: [
          `It was stopped forcefully${closedText(snapshot)}, outside the jobs API (for example with ` + '`temporal workflow terminate`).',
          'Unlike a cancellation, a termination gives the job no chance to finish its step or record a result.',
        ],
        suggestedActions: [
          `The reason given for the termination is in the workflow history of ${snapshot.workflowId} ` + 'in the Temporal UI.',
          'If the job is still needed, submit it again (POST /v1/jobs).',
        ],
      };
    case 'TIMED_OUT':
      return explainTimedOut(snapshot);
    case 'CONTINUED_AS_NEW':
      return {
        headline: `${jobLabel(snapshot)} continued as a new run.`,
        explanation: ['This run handed its work over to a new run of the same workflow, which carries on.'],
        suggestedActions: [`Ask about the job again (GET /v1/jobs/${snapshot.jobId}) to see the new run.`],
      };
    default:
      return {
        headline: `${jobLabel(snapshot)} is in the state ${status}.`,
        explanation: [`Temporal reports the state ${status}, which this explanation does not know.`],
        suggestedActions: [`Look at the workflow ${snapshot.workflowId} in the Temporal UI.`],
      };
  }
}

function explainRunning(snapshot: JobSnapshot): Explanation {
  if (snapshot.stage === 'WAITING') return explainWaiting(snapshot);
  const agent = agentOf(snapshot);
  const activity = snapshot.pendingActivities[0];
  const explanation = [`${jobLabel(snapshot)} has been running since ${snapshot.startedAt}.`];
  const suggestedActions: string[] = [];

  const retrying = activity !== undefined && isRetrying(activity);
  if (activity && retrying) {
    explanation.push(
      `Its step ${activity.activityType} has failed before and is being retried (${attemptsText(activity)}).`,
      activity.lastFailureMessage
        ? `The last attempt failed with: "${activity.lastFailureMessage}"` +
            `${activity.lastFailureType ? ` (error type ${activity.lastFailureType})` : ''}.`
        : 'The last failure was not recorded.',
      "Temporal retries the step automatically, waiting longer between attempts as the job type's retry policy " +
        'says; the job fails once the attempts run out.',
    );
    suggestedActions.push(
      `Look at the logs of the ${agent ?? 'agent'} worker for this failure.`,
      'If the cause is in the code or the configuration, fix it and restart the worker: the next attempt uses the fix.',
      `To stop the retries, cancel the job: POST /v1/jobs/${snapshot.jobId}/cancel.`,
    );
  } else if (activity) {
    const state = activityState(activity);
    const paused = state === 'PAUSED' || state === 'PAUSE_REQUESTED';
    explanation.push(
      state === 'STARTED'
        ? `Its step ${activity.activityType} is in progress on a worker (attempt ${activity.attempt}).`
        : paused
          ? `Its step ${activity.activityType} is paused: it will not run until it is unpaused.`
          : state === 'CANCEL_REQUESTED'
            ? `Its step ${activity.activityType} is being canceled.`
            : `Its step ${activity.activityType} is scheduled and waiting for a worker to pick it up.`,
    );
    if (paused) {
      suggestedActions.push(`Unpause the step, e.g. temporal activity unpause --workflow-id ${snapshot.workflowId}.`);
    }
  } else {
    explanation.push('No step is running at this moment: the job is between steps.');
  }

  if (snapshot.agentPollerCount === 0) {
    const queue = snapshot.agentTaskQueue ?? 'its agent task queue';
    explanation.push(
      `No worker is polling the task queue ${queue}, so nothing will run the job's step until one starts. ` +
        'The job is not lost: it carries on as soon as a worker connects.',
    );
    suggestedActions.unshift(
      agent
        ? `Start a worker for the ${agent} agent: npm run worker -- --agent ${agent}`
        : "Start a worker for the job's agent: npm run worker -- --agent <agent> (the agent serving the queue " +
            `${queue} in temporal.yaml).`,
    );
    const headline = `${jobLabel(snapshot)} is waiting: no worker is serving its agent.`;
    return { headline, explanation, suggestedActions };
  }
  if (retrying) {
    const headline = `${jobLabel(snapshot)} is running, but its step is failing and being retried.`;
    return { headline, explanation, suggestedActions };
  }
  if (suggestedActions.length === 0) {
    suggestedActions.push(`Nothing is needed: check again later with GET /v1/jobs/${snapshot.jobId}.`);
  }
  return { headline: `${jobLabel(snapshot)} is running normally.`, explanation, suggestedActions };
}

/** A job that waits for the jobs it depends on: its step is not scheduled yet, and no worker is involved. */
function explainWaiting(snapshot: JobSnapshot): Explanation {
  const waitingFor = snapshot.waitingFor ?? [];
  const which = waitingFor.length > 0 ? `: ${waitingFor.join(', ')}` : '';
  const jobs = waitingFor.length === 1 ? 'the job it depends on' : 'the jobs it depends on';
  return {
    headline: `${jobLabel(snapshot)} is waiting for ${jobs}${which}.`,
    explanation: [
      `It was submitted with dependsOn and has been waiting since ${snapshot.startedAt}; its step is not scheduled yet.`,
      'It starts its step once every dependency has completed, and fails at once (DependencyFailed) if one fails, is ' +
        'canceled, terminated or times out.',
      'Waiting uses no worker: the job is told by each dependency when it closes.',
    ],
    suggestedActions: [
      ...(waitingFor.length > 0
        ? waitingFor.map((jobId) => `See how dependency ${jobId} is doing: GET /v1/jobs/${jobId}.`)
        : [`See which dependencies it waits for: GET /v1/jobs/${snapshot.jobId} (progress.waitingFor).`]),
      `If the job is no longer needed, cancel it: POST /v1/jobs/${snapshot.jobId}/cancel.`,
    ],
  };
}

function explainCompleted(snapshot: JobSnapshot): Explanation {
  const took = durationBetween(snapshot.startedAt, snapshot.closedAt);
  return {
    headline: `${jobLabel(snapshot)} completed successfully.`,
    explanation: [
      `It started at ${snapshot.startedAt}${snapshot.closedAt ? ` and finished at ${snapshot.closedAt}` : ''}` +
        `${took ? ` (${took})` : ''}.`,
      'Its result is stored with the job.',
    ],
    suggestedActions: [`Read the result: GET /v1/jobs/${snapshot.jobId}.`],
  };
}

function explainFailed(snapshot: JobSnapshot): Explanation {
  const failure = snapshot.failure;
  const message = failure?.message ?? 'no failure message was recorded';
  const causes = failure?.causeChain.filter((cause) => cause !== failure.message) ?? [];
  const causeSentence = causes.length > 0 ? [`The chain of causes was: ${causes.join(' <- ')}.`] : [];
  // The workflow usually fails with a generic "Activity task failed"; the agent's own message is a cause.
  const invalidDataMessage = [message, ...(failure?.causeChain ?? [])].find(
    (m) => m.startsWith('Invalid job data') || m.includes(FailureType.InvalidJobData),
  );
  if (failure?.type === FailureType.InvalidJobData || invalidDataMessage !== undefined) {
    return {
      headline: `${jobLabel(snapshot)} failed because its data is invalid.`,
      explanation: [
        `The agent rejected the job's data: ${invalidDataMessage ?? message}`,
        'Invalid data cannot become valid by trying again, so the job failed at once and will not be retried.',
      ],
      suggestedActions: [
        'Correct the fields named above (paths are relative to the job\'s "data") and submit the job again: ' + 'POST /v1/jobs.',
        `The expected input of ${snapshot.type ?? 'each job type'} is described in docs/job-types.md.`,
      ],
    };
  }
  if (failure?.nonRetryable) {
    return {
      headline: `${jobLabel(snapshot)} failed with an error that is not retried` + `${failure.type ? ` (${failure.type})` : ''}.`,
      explanation: [
        `The job failed${closedText(snapshot)} with: ${message}`,
        ...causeSentence,
        'This kind of error cannot succeed on another attempt, so it was not retried.',
      ],
      suggestedActions: ['Fix what the message describes and submit the job again: POST /v1/jobs.'],
    };
  }
  return {
    headline: `${jobLabel(snapshot)} failed after its retries were exhausted.`,
    explanation: [
      `Its step kept failing; Temporal retried it as the job type's retry policy allows, and the job failed` +
        `${closedText(snapshot)} with: ${message}`,
      ...causeSentence,
    ],
    suggestedActions: [
      `Look at the logs of the ${agentOf(snapshot) ?? 'agent'} worker around ` + `${snapshot.closedAt ?? 'the time of failure'}.`,
      'Fix the cause (service down, bug, configuration) and submit the job again: POST /v1/jobs.',
    ],
  };
}

function explainTimedOut(snapshot: JobSnapshot): Explanation {
  const agent = agentOf(snapshot);
  return {
    headline: `${jobLabel(snapshot)} timed out.`,
    explanation: [
      `It did not finish within its time limit (started ${snapshot.startedAt}${closedText(snapshot)}).`,
      'This usually means no worker served its agent for a long time, or its step kept failing until time ran out.',
    ],
    suggestedActions: [
      agent
        ? `Make sure a worker for the ${agent} agent is running: npm run worker -- --agent ${agent}`
        : "Make sure a worker for the job's agent is running: npm run worker -- --agent <agent>",
      'Submit the job again (POST /v1/jobs); split very large data into several jobs.',
    ],
  };
}

function closedText(snapshot: JobSnapshot): string {
  return snapshot.closedAt ? ` at ${snapshot.closedAt}` : '';
}
