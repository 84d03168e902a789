import { rmSync, writeFileSync } from 'node:fs';
import { writeConfigVariant } from './harness/config-variant';
import { journalFixture } from './harness/journal';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const { begin, agent, faultFile, journal } = journalFixture('runs');

/** A job or an investigation is one thing however often it was replayed: lists, counters and bulk replay say so. */
describe('one job, many runs', () => {
  let stack: TestStack;

  beforeAll(async () => {
    begin();
    const configFile = writeConfigVariant((config) => {
      config.agents!.journal = agent;
      config.jobTypes!.JOURNAL_GUARDEDPOST = { agent: 'journal', action: 'guardedPost', retryPolicy: 'immediate' };
    });
    stack = await startTestStack({ configFile });
    await stack.startWorkers({ agents: ['journal'] });
  });
  afterAll(() => stack.stop());

  const job = async (jobId: string) => (await stack.http().get(`/v1/jobs/${jobId}`).expect(200)).body as Record<string, any>;
  const closedJob = (jobId: string) => eventually(async () => ((await job(jobId)).status === 'RUNNING' ? undefined : job(jobId)), 60_000);
  const submit = async (body: Record<string, unknown>): Promise<string> =>
    (await stack.http().post('/v1/jobs').send(body).expect(202)).body.jobId as string;
  const listedIds = async (query: string): Promise<string[]> => {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const response = await stack
        .http()
        .get(`/v1/jobs?${query}&pageSize=1${token ? `&pageToken=${token}` : ''}`)
        .expect(200);
      ids.push(...response.body.jobs.map((row: { jobId: string }) => row.jobId));
      token = response.body.nextPageToken;
    } while (token);
    return ids.sort();
  };

  it('lists, counts and bulk-replays each job once, by its current run', async () => {
    writeFileSync(faultFile, 'locked');
    const caseId = `CASE-RUNS-${Date.now()}`;
    const fixed = await submit({ type: 'JOURNAL_GUARDEDPOST', caseId, data: { entryId: 'CR-1' } });
    const broken = await submit({ type: 'JOURNAL_GUARDEDPOST', caseId, data: { entryId: 'CR-2' } });
    expect((await closedJob(fixed)).status).toBe('FAILED');
    expect((await closedJob(broken)).status).toBe('FAILED');

    // One job is fixed by a rerun with edited data, a new run of the same workflow id.
    rmSync(faultFile);
    const rerun = await stack
      .http()
      .post(`/v1/jobs/${fixed}/replay`)
      .send({ input: { entryId: 'CR-1b' } })
      .expect(202);
    expect(rerun.body).toMatchObject({ kind: 'new-run', step: 'job' });
    expect(rerun.body).not.toHaveProperty('resetToEventId');
    expect((await closedJob(fixed)).status).toBe('COMPLETED');

    // Its old failed run no longer makes it a FAILED job, nor a second row.
    expect(await listedIds(`caseId=${caseId}`)).toEqual([broken, fixed].sort());
    expect(await listedIds(`caseId=${caseId}&status=FAILED`)).toEqual([broken]);

    const batch = await stack.http().post('/v1/replays').send({ status: 'FAILED', caseId, reason: 'ledger unlocked' }).expect(202);
    expect(batch.body.matching).toBe(1);
    const progress = await eventually(async () => {
      const response = await stack.http().get(`/v1/replays/${batch.body.batchId}`).expect(200);
      return response.body.state === 'COMPLETED' ? response.body : undefined;
    }, 60_000);
    expect(progress).toMatchObject({ total: 1, completed: 1, failed: 0 });
    expect((await closedJob(broken)).status).toBe('COMPLETED');
    // The fixed job was not reset from its old failed run: CR-1 ran once, CR-1b once, CR-2 twice (its failed run and
    // the replay). The two first runs were concurrent, so their order in the journal is not fixed.
    expect(journal('CR-').sort()).toEqual(['guarded CR-1', 'guarded CR-1b', 'guarded CR-2', 'guarded CR-2']);

    // A second bulk replay finds nothing left to replay.
    const again = await stack.http().post('/v1/replays').send({ status: 'FAILED', caseId }).expect(200);
    expect(again.body).toMatchObject({ matching: 0 });
    expect(again.body).not.toHaveProperty('batchId');
    expect(await listedIds(`caseId=${caseId}`)).toEqual([broken, fixed].sort());

    const status = (await stack.http().get('/v1/system/status').expect(200)).body;
    expect(status.metrics).toMatchObject({ jobsSubmitted: 2, jobsCompleted: 2, jobsFailed: 0 });
  });

  it('refuses an unknown job type in a bulk replay, and accepts INVESTIGATION', async () => {
    const refused = await stack.http().post('/v1/replays').send({ type: 'NOPE' }).expect(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'type' })]);
    const investigations = await stack.http().post('/v1/replays').send({ type: 'INVESTIGATION', caseId: 'CASE-NONE' }).expect(200);
    expect(investigations.body.matching).toBe(0);
  });

  it('answers 400 naming pageToken for a token it never gave, at once', async () => {
    const started = Date.now();
    const response = await stack.http().get('/v1/jobs?pageToken=garbage').expect(400);
    expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'pageToken' })]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('replays a job that failed before its step ran, from the start, its wait included', async () => {
    writeFileSync(faultFile, 'locked');
    const dependency = await submit({ type: 'JOURNAL_GUARDEDPOST', data: { entryId: 'DP-1' } });
    expect((await closedJob(dependency)).status).toBe('FAILED');
    const dependent = await submit({
      type: 'JOURNAL_GUARDEDPOST',
      tenant: 'ACME',
      dependsOn: [dependency],
      data: { entryId: 'DP-2' },
    });
    const failed = await closedJob(dependent);
    expect(failed).toMatchObject({ status: 'FAILED', error: { type: 'DependencyFailed' }, tenant: 'ACME', dependsOn: [dependency] });

    rmSync(faultFile);
    await stack.http().post(`/v1/jobs/${dependency}/replay`).send({}).expect(202);
    expect((await closedJob(dependency)).status).toBe('COMPLETED');
    const replay = await stack.http().post(`/v1/jobs/${dependent}/replay`).send({ reason: 'dependency fixed' }).expect(202);
    expect(replay.body).toMatchObject({ kind: 'reset', step: 'job', previousRunId: failed.runId });
    expect(replay.body.resetToEventId).toBeGreaterThan(0);
    const done = await closedJob(dependent);
    expect(done).toMatchObject({ status: 'COMPLETED', runId: replay.body.runId, tenant: 'ACME', dependsOn: [dependency] });
    expect(journal('DP-')).toEqual(['guarded DP-1', 'guarded DP-1', 'guarded DP-2']);
  });
});
