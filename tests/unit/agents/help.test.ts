import { ApplicationFailure } from '@temporalio/common';
import { explain } from '../../../activities/help';
import type { JobSnapshot, PendingActivitySnapshot } from '../../../activities/help/snapshot';
import { FailureType } from '../../../src/errors/failure-types';
import { agentActivities, expectCountsOnly, expectInvalidJobData, quietActivityEnvironment } from './agent-test-helpers';

const base: JobSnapshot = {
  jobId: 'job-42',
  workflowId: 'job-job-42',
  type: 'FRAUD_DETECTION',
  status: 'RUNNING',
  startedAt: '2026-04-01T09:00:00.000Z',
  taskQueue: 'taskmaster.orchestration',
  agentTaskQueue: 'taskmaster.agent-fraud',
  agentPollerCount: 1,
  pendingActivities: [],
  historyLength: 5,
};
const activity = (overrides: Partial<PendingActivitySnapshot> = {}): PendingActivitySnapshot => ({
  activityType: 'detectFraud',
  state: 'PENDING_ACTIVITY_STATE_STARTED',
  attempt: 1,
  maximumAttempts: 5,
  ...overrides,
});
const text = (result: ReturnType<typeof explain>) => [result.headline, ...result.explanation, ...result.suggestedActions].join('\n');

describe('explain', () => {
  it('explains a completed job with its duration and where the result is', () => {
    const result = explain({ ...base, status: 'COMPLETED', closedAt: '2026-04-01T09:03:12.000Z' });
    expect(result).toMatchObject({
      jobId: 'job-42',
      status: 'COMPLETED',
      headline: 'Job job-42 (FRAUD_DETECTION) completed successfully.',
    });
    expect(result.explanation[0]).toBe(
      'It started at 2026-04-01T09:00:00.000Z and finished at 2026-04-01T09:03:12.000Z (3 minutes 12 seconds).',
    );
    expect(result.suggestedActions).toEqual(['Read the result: GET /v1/jobs/job-42.']);
  });

  it('explains a job running normally', () => {
    const result = explain({ ...base, pendingActivities: [activity()] });
    expect(result.headline).toBe('Job job-42 (FRAUD_DETECTION) is running normally.');
    expect(result.explanation).toContain('Its step detectFraud is in progress on a worker (attempt 1).');
    expect(result.suggestedActions).toEqual(['Nothing is needed: check again later with GET /v1/jobs/job-42.']);
    const queued = activity({ state: 'PENDING_ACTIVITY_STATE_SCHEDULED' });
    const scheduled = explain({ ...base, pendingActivities: [queued] });
    expect(scheduled.explanation[1]).toContain('waiting for a worker');
    expect(explain(base).explanation[1]).toContain('between steps');
  });

  it('explains a job waiting for its dependencies, naming them, instead of calling it running normally', () => {
    const result = explain({ ...base, stage: 'WAITING', waitingFor: ['dep-1', 'dep-2'] });
    expect(result.headline).toBe('Job job-42 (FRAUD_DETECTION) is waiting for the jobs it depends on: dep-1, dep-2.');
    expect(text(result)).toContain('its step is not scheduled yet');
    expect(text(result)).toContain('fails at once (DependencyFailed)');
    expect(text(result)).not.toContain('running normally');
    expect(result.suggestedActions).toEqual([
      'See how dependency dep-1 is doing: GET /v1/jobs/dep-1.',
      'See how dependency dep-2 is doing: GET /v1/jobs/dep-2.',
      'If the job is no longer needed, cancel it: POST /v1/jobs/job-42/cancel.',
    ]);
    // Runs from before the signals patch wait in an awaitJobs activity: still a wait, not a step.
    const old = explain({ ...base, stage: 'WAITING', waitingFor: ['dep-1'], pendingActivities: [activity({ activityType: 'awaitJobs' })] });
    expect(old.headline).toBe('Job job-42 (FRAUD_DETECTION) is waiting for the job it depends on: dep-1.');
    const unknown = explain({ ...base, stage: 'WAITING' });
    expect(unknown.headline).toBe('Job job-42 (FRAUD_DETECTION) is waiting for the jobs it depends on.');
    expect(unknown.suggestedActions[0]).toContain('progress.waitingFor');
  });

  it('reads activity states given as names or as Temporal enum numbers', () => {
    const step = (state: string) => explain({ ...base, pendingActivities: [activity({ state })] }).explanation[1];
    expect(step('2')).toBe('Its step detectFraud is in progress on a worker (attempt 1).');
    expect(step('STARTED')).toBe(step('PENDING_ACTIVITY_STATE_STARTED'));
    expect(step('1')).toContain('waiting for a worker');
    expect(step('3')).toContain('is being canceled');
    const paused = explain({ ...base, pendingActivities: [activity({ state: 'PENDING_ACTIVITY_STATE_PAUSED' })] });
    expect(paused.explanation[1]).toContain('is paused');
    expect(paused.suggestedActions[0]).toContain('temporal activity unpause --workflow-id job-job-42');
    expect(explain({ ...base, status: 'CANCELLED' }).status).toBe('CANCELED');
  });

  it('explains a step that is being retried, with the attempt and the last failure', () => {
    const result = explain({
      ...base,
      pendingActivities: [activity({ attempt: 3, lastFailureMessage: 'connect ECONNREFUSED 10.0.0.5:5432', lastFailureType: 'Error' })],
    });
    expect(result.headline).toBe('Job job-42 (FRAUD_DETECTION) is running, but its step is failing and being retried.');
    expect(text(result)).toContain('attempt 3 of 5');
    expect(text(result)).toContain('"connect ECONNREFUSED 10.0.0.5:5432" (error type Error)');
    expect(text(result)).toContain('POST /v1/jobs/job-42/cancel');
    const unlimited = explain({ ...base, pendingActivities: [activity({ attempt: 2, maximumAttempts: 0 })] });
    expect(text(unlimited)).toContain('no limit on attempts');
  });

  it('says which queue has no worker and how to start one', () => {
    const result = explain({
      ...base,
      agentPollerCount: 0,
      pendingActivities: [activity({ state: 'PENDING_ACTIVITY_STATE_SCHEDULED' })],
    });
    expect(result.headline).toBe('Job job-42 (FRAUD_DETECTION) is waiting: no worker is serving its agent.');
    expect(text(result)).toContain('No worker is polling the task queue taskmaster.agent-fraud');
    expect(result.suggestedActions[0]).toBe('Start a worker for the fraud agent: npm run worker -- --agent fraud');
    const custom = explain({ ...base, type: 'CUSTOM', agentTaskQueue: 'ocr-queue', agentPollerCount: 0 });
    expect(custom.suggestedActions[0]).toContain('npm run worker -- --agent <agent>');
    const byType = explain({ ...base, type: 'COMPLIANCE_MONITORING', agentTaskQueue: undefined, agentPollerCount: 0 });
    expect(byType.suggestedActions[0]).toContain('npm run worker -- --agent compliance');
  });

  it('explains invalid data: not retried, fix and resubmit', () => {
    const message = 'Invalid job data: transactions[3].date: must be a date as YYYY-MM-DD';
    const result = explain({
      ...base,
      status: 'FAILED',
      closedAt: '2026-04-01T09:00:01.000Z',
      failure: { message: 'Activity task failed', type: undefined, causeChain: ['Activity task failed', message] },
    });
    expect(result.headline).toBe('Job job-42 (FRAUD_DETECTION) failed because its data is invalid.');
    expect(result.explanation[0]).toBe(`The agent rejected the job's data: ${message}`);
    const direct = explain({
      ...base,
      status: 'FAILED',
      failure: { message, type: FailureType.InvalidJobData, nonRetryable: true, causeChain: [] },
    });
    expect(direct.explanation).toEqual([
      `The agent rejected the job's data: ${message}`,
      'Invalid data cannot become valid by trying again, so the job failed at once and will not be retried.',
    ]);
    expect(direct.suggestedActions[0]).toContain('submit the job again: POST /v1/jobs');
    expect(direct.suggestedActions[1]).toContain('docs/job-types.md');
  });

  it('explains a failure after the retries ran out, and other non-retryable failures', () => {
    const exhausted = explain({
      ...base,
      status: 'FAILED',
      closedAt: '2026-04-01T09:10:00.000Z',
      failure: { message: 'Activity task failed', causeChain: ['Activity task failed', 'connect ECONNREFUSED'] },
    });
    expect(exhausted.headline).toBe('Job job-42 (FRAUD_DETECTION) failed after its retries were exhausted.');
    expect(text(exhausted)).toContain('The chain of causes was: connect ECONNREFUSED.');
    expect(text(exhausted)).toContain('fraud worker around 2026-04-01T09:10:00.000Z');
    const notFound = explain({
      ...base,
      status: 'FAILED',
      failure: { message: 'No job x', type: 'NotFound', nonRetryable: true, causeChain: [] },
    });
    expect(notFound.headline).toBe('Job job-42 (FRAUD_DETECTION) failed with an error that is not retried (NotFound).');
  });

  it('explains canceled, terminated, timed-out and continued jobs', () => {
    const closed = { ...base, closedAt: '2026-04-01T10:00:00.000Z' };
    expect(explain({ ...closed, status: 'CANCELED' }).headline).toBe('Job job-42 (FRAUD_DETECTION) was canceled.');
    const terminated = explain({ ...closed, status: 'TERMINATED' });
    expect(terminated.headline).toBe('Job job-42 (FRAUD_DETECTION) was terminated.');
    expect(text(terminated)).toContain('workflow history of job-job-42');
    const timedOut = explain({ ...closed, status: 'WORKFLOW_EXECUTION_STATUS_TIMED_OUT' });
    expect(timedOut).toMatchObject({ status: 'TIMED_OUT', headline: 'Job job-42 (FRAUD_DETECTION) timed out.' });
    expect(timedOut.suggestedActions[0]).toContain('npm run worker -- --agent fraud');
    expect(explain({ ...closed, status: 'CONTINUED_AS_NEW' }).headline).toContain('continued as a new run');
    expect(explain({ ...closed, status: 'PAUSED_SOMEHOW' }).headline).toContain('PAUSED_SOMEHOW');
  });
});

describe('explainJob activity', () => {
  it('reads the snapshot through the injected dependency and logs counts only', async () => {
    const describeJob = jest.fn((jobId: string) => Promise.resolve(jobId === 'job-42' ? base : undefined));
    const { run: runActivity, logs } = quietActivityEnvironment();
    const { explainJob } = agentActivities({ describeJob }).help;
    const result = await runActivity(explainJob, { jobId: 'job-42' });
    expect(describeJob).toHaveBeenCalledWith('job-42');
    expect(result.status).toBe('RUNNING');
    expectCountsOnly(logs.find((l) => l.message === 'Job explained')?.meta);
  });

  it('fails a job that does not exist with a non-retryable NotFound', async () => {
    const { explainJob } = agentActivities().help;
    const error: unknown = await explainJob({ jobId: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: FailureType.NotFound, nonRetryable: true });
    expect((error as Error).message).toContain('"nope"');
  });

  it('rejects invalid data, naming the field', async () => {
    const { explainJob } = agentActivities().help;
    await expectInvalidJobData(() => explainJob({}), 'jobId');
    await expectInvalidJobData(() => explainJob({ jobId: '../etc/passwd' }), 'jobId');
    await expectInvalidJobData(() => explainJob({ jobId: 'a'.repeat(81) }), 'jobId');
    await expectInvalidJobData(() => explainJob({ jobId: 'ok', more: true }), '(root)');
  });
});
