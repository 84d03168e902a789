import { stepEvents } from './harness/history';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const riskData = (id: string) => ({ entity: { id, name: `Entity ${id}` } });

describe('job dependencies', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    // The risk agent starts later: the first job stays open while the dependent job waits on it.
    await stack.startWorkers({ agents: ['fraud', 'help'] });
  });
  afterAll(() => stack.stop());

  const job = async (jobId: string) => (await stack.http().get(`/v1/jobs/${jobId}`).expect(200)).body as Record<string, any>;
  const closed = (jobId: string) => eventually(async () => ((await job(jobId)).status === 'RUNNING' ? undefined : job(jobId)));

  it('starts a job only after its dependency completes, showing WAITING meanwhile', async () => {
    const first = await stack
      .http()
      .post('/v1/jobs')
      .send({ type: 'RISK_ASSESSMENT', data: riskData('DEP-1') })
      .expect(202);
    const second = await stack
      .http()
      .post('/v1/jobs')
      .send({ type: 'FRAUD_DETECTION', dependsOn: [first.body.jobId], data: { transactions: [] } })
      .expect(202);
    const waiting = await eventually(async () => {
      const body = await job(second.body.jobId);
      return body.stage === 'WAITING' ? body : undefined;
    });
    expect(waiting.status).toBe('RUNNING');
    expect((await stepEvents(stack.client, second.body.workflowId)).scheduled.map((step) => step.activityType)).toEqual(['awaitJobs']);

    await stack.startWorkers({ agents: ['risk'], orchestration: false });
    const done = await closed(second.body.jobId);
    expect(done).toMatchObject({ status: 'COMPLETED', stage: 'COMPLETED' });
    const firstClosed = new Date((await job(first.body.jobId)).closedAt).getTime();
    const secondSteps = await stepEvents(stack.client, second.body.workflowId);
    const detect = secondSteps.scheduled.find((step) => step.activityType === 'detectFraud');
    expect(detect?.at).toBeGreaterThanOrEqual(firstClosed);
  });

  it('fails at once with a clear reason when its dependency fails or is cancelled', async () => {
    // A JOB_EXPLANATION of an unknown job fails (NotFound); a job that depends on it must not run.
    const failing = await stack
      .http()
      .post('/v1/jobs')
      .send({ type: 'JOB_EXPLANATION', data: { jobId: 'no-such-job' } })
      .expect(202);
    const dependent = await stack
      .http()
      .post('/v1/jobs')
      .send({ type: 'FRAUD_DETECTION', dependsOn: [failing.body.jobId], data: { transactions: [] } })
      .expect(202);
    const failed = await closed(dependent.body.jobId);
    expect(failed).toMatchObject({ status: 'FAILED', error: { type: 'DependencyFailed' } });
    expect(failed.error.message).toContain(`dependency ${failing.body.jobId} did not complete`);
    expect((await stepEvents(stack.client, dependent.body.workflowId)).scheduled.map((step) => step.activityType)).toEqual(['awaitJobs']);
  });

  it('answers 400 for an unknown dependency, naming it', async () => {
    const response = await stack
      .http()
      .post('/v1/jobs')
      .send({ type: 'FRAUD_DETECTION', dependsOn: ['missing-job'], data: { transactions: [] } })
      .expect(400);
    expect(response.body.error.details).toEqual([{ path: 'dependsOn.0', message: 'unknown job "missing-job"' }]);
  });
});
