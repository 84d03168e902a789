import { randomUUID } from 'node:crypto';
import { orchestrationTaskQueue } from '../../src/config/task-queues';
import { jobWorkflowType, type JobWorkflowInput } from '../../src/contracts/job-workflow';
import { CaseIdAttribute } from '../../src/contracts/search-attributes';
import { dependantsWatchWorkflowId, jobWorkflowId } from '../../src/contracts/workflow-ids';
import { resolveJobRoute } from '../../src/jobs/job-route';
import { deploymentWorkflows } from '../../src/temporal/visibility-query';
import { stepEvents } from './harness/history';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const riskData = (id: string) => ({ entity: { id, name: `Entity ${id}` } });
const evidenceData = { items: [{ id: 'EV-1', name: 'note.txt', text: 'hello' }] };

describe('job dependencies', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    // The risk agent starts later: the first job stays open while the dependent job waits on it. The evidence agent
    // never starts: its jobs stay open until cancelled or terminated.
    await stack.startWorkers({ agents: ['fraud', 'help'] });
  });
  afterAll(() => stack.stop());

  const job = async (jobId: string) => (await stack.http().get(`/v1/jobs/${jobId}`).expect(200)).body as Record<string, any>;
  const closed = (jobId: string, timeoutMs?: number) =>
    eventually(async () => ((await job(jobId)).status === 'RUNNING' ? undefined : job(jobId)), timeoutMs, 100);
  const submit = async (body: Record<string, unknown>) =>
    (await stack.http().post('/v1/jobs').send(body).expect(202)).body as Record<string, any>;
  const waiting = (jobId: string) =>
    eventually(async () => {
      const body = await job(jobId);
      return body.stage === 'WAITING' && body.progress?.waitingFor ? body : undefined;
    });
  const activityTypes = async (workflowId: string) =>
    (await stepEvents(stack.client, workflowId)).scheduled.map((step) => step.activityType);

  it('starts a job only after its dependency completes, waiting on no worker slot, and the help agent says so', async () => {
    const first = await submit({ type: 'RISK_ASSESSMENT', data: riskData('DEP-1') });
    const second = await submit({ type: 'FRAUD_DETECTION', dependsOn: [first.jobId], data: { transactions: [] } });
    const wait = await waiting(second.jobId);
    expect(wait).toMatchObject({ status: 'RUNNING', progress: { waitingFor: [first.jobId] } });
    // The wait is a registration signal, not an activity: nothing holds a slot or polls.
    expect(wait.step).toBeUndefined();
    expect(await activityTypes(second.workflowId)).toEqual([]);

    const explanation = await submit({ type: 'JOB_EXPLANATION', data: { jobId: second.jobId } });
    const explained = await closed(explanation.jobId);
    expect(explained.result.headline).toBe(`Job ${second.jobId} (FRAUD_DETECTION) is waiting for the job it depends on: ${first.jobId}.`);
    expect(explained.result.headline).not.toContain('running normally');

    await stack.startWorkers({ agents: ['risk'], orchestration: false });
    const done = await closed(second.jobId);
    expect(done).toMatchObject({ status: 'COMPLETED', stage: 'COMPLETED' });
    // The dependency tells its dependants as it closes, once its step has completed and its outcome is settled.
    const firstHistory = await stack.client.workflow.getHandle(first.workflowId).fetchHistory();
    const completedEvent = firstHistory.events?.find((event) => event.activityTaskCompletedEventAttributes);
    const firstStepDone =
      Number(completedEvent?.eventTime?.seconds ?? 0) * 1000 + Math.floor((completedEvent?.eventTime?.nanos ?? 0) / 1e6);
    const detect = (await stepEvents(stack.client, second.workflowId)).scheduled.find((step) => step.activityType === 'detectFraud');
    expect(firstStepDone).toBeGreaterThan(0);
    expect(detect?.at).toBeGreaterThanOrEqual(firstStepDone);
    expect(await activityTypes(second.workflowId)).toEqual(['detectFraud']);
    expect(await activityTypes(first.workflowId)).toEqual(['assessRisk', 'notifyDependants']);
  });

  it('fails at once with a clear reason when its dependency fails', async () => {
    // A JOB_EXPLANATION of an unknown job fails (NotFound); a job that depends on it must not run.
    const failing = await submit({ type: 'JOB_EXPLANATION', data: { jobId: 'no-such-job' } });
    const dependent = await submit({ type: 'FRAUD_DETECTION', dependsOn: [failing.jobId], data: { transactions: [] } });
    const failed = await closed(dependent.jobId);
    expect(failed).toMatchObject({ status: 'FAILED', stage: 'FAILED', error: { type: 'DependencyFailed' } });
    expect(failed.error.message).toContain(`not started: dependency ${failing.jobId} did not complete: explainJob (help) failed`);
    expect(await activityTypes(dependent.workflowId)).not.toContain('detectFraud');
  });

  it('reads the outcome of a dependency that closed before the dependant started, completed or failed', async () => {
    const completed = await submit({ type: 'FRAUD_DETECTION', data: { transactions: [] } });
    const failed = await submit({ type: 'JOB_EXPLANATION', data: { jobId: 'no-such-job' } });
    await closed(completed.jobId);
    await closed(failed.jobId);

    const released = await submit({ type: 'FRAUD_DETECTION', dependsOn: [completed.jobId], data: { transactions: [] } });
    expect(await closed(released.jobId)).toMatchObject({ status: 'COMPLETED' });
    // Its registration (a local activity) found the dependency closed and read the outcome instead.
    expect(await activityTypes(released.workflowId)).toEqual(['detectFraud']);

    const refused = await submit({ type: 'FRAUD_DETECTION', dependsOn: [completed.jobId, failed.jobId], data: { transactions: [] } });
    const refusedBody = await closed(refused.jobId);
    expect(refusedBody).toMatchObject({ status: 'FAILED', error: { type: 'DependencyFailed' } });
    expect(refusedBody.error.message).toContain(`dependency ${failed.jobId} did not complete: explainJob (help) failed`);
    expect(await activityTypes(refused.workflowId)).not.toContain('detectFraud');
  });

  it('fails a dependant whose dependency is terminated, which runs no code to tell it', async () => {
    const dependency = await submit({ type: 'EVIDENCE_PROCESSING', data: evidenceData });
    const dependant = await submit({ type: 'FRAUD_DETECTION', dependsOn: [dependency.jobId], data: { transactions: [] } });
    await waiting(dependant.jobId);
    // The registration has reached the dependency once its watch runs.
    await eventually(
      async () =>
        await stack.client.workflow
          .getHandle(dependantsWatchWorkflowId(dependency.runId))
          .describe()
          .catch(() => undefined),
    );
    await stack.client.workflow.getHandle(dependency.workflowId).terminate('operator stopped it');
    const failed = await closed(dependant.jobId);
    expect(failed).toMatchObject({ status: 'FAILED', error: { type: 'DependencyFailed' } });
    expect(failed.error.message).toContain(`dependency ${dependency.jobId} did not complete: operator stopped it`);
  });

  it('fails with DependencyNotFound for a dependency that never existed (a start around the facade)', async () => {
    const jobId = `around-${randomUUID().slice(0, 8)}`;
    const input: JobWorkflowInput = {
      jobId,
      type: 'FRAUD_DETECTION',
      priority: 'NORMAL',
      data: { transactions: [] },
      submittedAt: new Date().toISOString(),
      route: resolveJobRoute(stack.config, 'FRAUD_DETECTION', 'NORMAL'),
      dependsOn: ['never-submitted'],
    };
    await stack.client.workflow.start(jobWorkflowType, {
      workflowId: jobWorkflowId(jobId),
      taskQueue: orchestrationTaskQueue(stack.config),
      args: [input],
    });
    const failed = await closed(jobId);
    expect(failed).toMatchObject({ status: 'FAILED', error: { type: 'DependencyNotFound' } });
    expect(failed.error.message).toBe('not started: dependency never-submitted does not exist');
  });

  it('fails 1,000 jobs waiting on one dependency within seconds of its cancellation, starving no other job', async () => {
    const caseId = `FANOUT-${randomUUID().slice(0, 8)}`;
    const dependency = await submit({ type: 'EVIDENCE_PROCESSING', priority: 'MAINTENANCE', data: evidenceData });
    const submitStarted = Date.now();
    const dependants: string[] = [];
    for (let batch = 0; batch < 20; batch += 1) {
      const bodies = await Promise.all(
        Array.from({ length: 50 }, () =>
          submit({ type: 'FRAUD_DETECTION', priority: 'MAINTENANCE', caseId, dependsOn: [dependency.jobId], data: { transactions: [] } }),
        ),
      );
      dependants.push(...bodies.map((body) => body.jobId as string));
    }
    const submitMs = Date.now() - submitStarted;
    const open = (status: string) =>
      deploymentWorkflows(stack.config, jobWorkflowType).equals(CaseIdAttribute, caseId).equals('ExecutionStatus', status).toString();
    // All 1,000 registered (their signals are in the dependency's history), each WAITING with no activity.
    const registrations = async () =>
      ((await stack.client.workflow.getHandle(dependency.workflowId).fetchHistory()).events ?? []).filter(
        (event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'registerDependant',
      ).length;
    await eventually(async () => ((await registrations()) === 1000 ? true : undefined), 120_000, 500);
    const registeredMs = Date.now() - submitStarted;
    expect((await stack.client.workflow.count(open('Running'))).count).toBe(1000);
    for (const jobId of dependants.slice(0, 5)) expect((await waiting(jobId)).step).toBeUndefined();

    // While they wait, other jobs get their workers at once: a plain job, and a job whose dependency completes.
    const unrelatedStarted = Date.now();
    const unrelated = await submit({ type: 'FRAUD_DETECTION', data: { transactions: [] } });
    const quickDependency = await submit({ type: 'FRAUD_DETECTION', data: { transactions: [] } });
    const released = await submit({ type: 'FRAUD_DETECTION', dependsOn: [quickDependency.jobId], data: { transactions: [] } });
    expect(await closed(unrelated.jobId)).toMatchObject({ status: 'COMPLETED' });
    expect(await closed(released.jobId)).toMatchObject({ status: 'COMPLETED' });
    const unrelatedMs = Date.now() - unrelatedStarted;

    const cancelledAt = Date.now();
    await stack.http().post(`/v1/jobs/${dependency.jobId}/cancel`).expect(202);
    await eventually(async () => ((await stack.client.workflow.count(open('Running'))).count === 0 ? true : undefined), 120_000, 100);
    const allClosedMs = Date.now() - cancelledAt;
    const closeTimes: number[] = [];
    for await (const execution of stack.client.workflow.list({ query: open('Failed') })) {
      closeTimes.push(execution.closeTime?.getTime() ?? Number.NaN);
    }
    expect(closeTimes).toHaveLength(1000);
    const lastFailedMs = Math.max(...closeTimes) - cancelledAt;
    const sample = await job(dependants[dependants.length - 1]!);
    expect(sample).toMatchObject({ status: 'FAILED', stage: 'FAILED', error: { type: 'DependencyFailed' } });
    expect(sample.error.message).toBe(`not started: dependency ${dependency.jobId} did not complete: it was canceled`);
    console.log(
      `1,000 dependants: submitted in ${submitMs} ms, all registered at +${registeredMs} ms; an unrelated job and a ` +
        `released dependant completed in ${unrelatedMs} ms while they waited; after the cancellation the last failed ` +
        `at +${lastFailedMs} ms (all seen closed at +${allClosedMs} ms)`,
    );
    // Bounded by how fast the dev server closes workflows (about 40 a second on 2 cores, see docs/benchmarks.md),
    // not by the wait: no dependant waits behind another's slot. Generous, since other test runs share the cores.
    expect(lastFailedMs).toBeLessThan(90_000);
    expect(unrelatedMs).toBeLessThan(15_000);
  }, 300_000);

  it('answers 400 for an unknown dependency, naming it', async () => {
    const response = await stack
      .http()
      .post('/v1/jobs')
      .send({ type: 'FRAUD_DETECTION', dependsOn: ['missing-job'], data: { transactions: [] } })
      .expect(400);
    expect(response.body.error.details).toEqual([{ path: 'dependsOn.0', message: 'unknown job "missing-job"' }]);
  });
});
