import { rmSync, writeFileSync } from 'node:fs';
import { SlaDeadlineAttribute, SlaStatusAttribute } from '../../src/contracts/search-attributes';
import { writeConfigVariant } from './harness/config-variant';
import { journalFixture } from './harness/journal';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const { begin, agent, faultFile, journal } = journalFixture('replay');

describe('replaying failed work', () => {
  let stack: TestStack;

  beforeAll(async () => {
    begin();
    const configFile = writeConfigVariant((config) => {
      config.agents!.journal = agent;
      for (const action of ['postEntry', 'checkBalance', 'guardedPost']) {
        config.jobTypes![`JOURNAL_${action.toUpperCase()}`] = { agent: 'journal', action, retryPolicy: 'immediate' };
      }
    });
    stack = await startTestStack({ configFile });
    await stack.startWorkers({ agents: ['journal'] });
  });
  afterAll(() => stack.stop());

  const closedInvestigation = (id: string) =>
    eventually(async () => {
      const response = await stack.http().get(`/v1/investigations/${id}`).expect(200);
      return response.body.status === 'RUNNING' ? undefined : response.body;
    }, 60_000);

  it('reruns an investigation from its failed third step once the cause is fixed, without redoing the first two', async () => {
    writeFileSync(faultFile, 'locked');
    const started = await stack
      .http()
      .post('/v1/investigations')
      .send({
        definition: {
          name: 'three-posts',
          version: 1,
          steps: [
            { name: 'one', agent: 'journal', action: 'postEntry', input: { entryId: 'RP-1' } },
            { name: 'two', agent: 'journal', action: 'postEntry', input: { entryId: 'RP-2' }, dependsOn: ['one'] },
            { name: 'three', agent: 'journal', action: 'guardedPost', input: { entryId: 'RP-3' }, dependsOn: ['two'] },
          ],
        },
      })
      .expect(202);
    const id = started.body.investigationId as string;
    const failed = await closedInvestigation(id);
    expect(failed.status).toBe('FAILED');
    expect(failed.error.message).toContain('step three failed');

    rmSync(faultFile);
    const replay = await stack
      .http()
      .post(`/v1/investigations/${id}/replay`)
      .set('Authorization', `Bearer ${await stack.token({ role: 'investigator', sub: 'auditor@firm' })}`)
      .send({ reason: 'ledger unlocked' })
      .expect(202);
    expect(replay.body).toMatchObject({
      investigationId: id,
      step: 'three',
      previousRunId: started.body.runId,
      caller: 'auditor@firm',
      reason: 'ledger unlocked',
    });
    expect(replay.body.runId).not.toBe(started.body.runId);

    const replayed = await closedInvestigation(id);
    expect(replayed.status).toBe('COMPLETED');
    expect(replayed.runId).toBe(replay.body.runId);
    expect(journal('RP-')).toEqual(['post RP-1', 'post RP-2', 'guarded RP-3', 'guarded RP-3']);
    // The old run stays in the history, with the reason and the caller on the reset.
    const old = await stack.client.workflow.getHandle(`investigation-${id}`, started.body.runId).describe();
    expect(old.status.name).toBe('FAILED');
    const history = await stack.client.workflow.getHandle(`investigation-${id}`, replay.body.runId).fetchHistory();
    const resetReason = history.events?.find((event) => event.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes?.failure
      ?.message;
    expect(resetReason).toContain('requested by auditor@firm');
  });

  it('reruns a step with edited input, keeping the steps before it', async () => {
    const started = await stack
      .http()
      .post('/v1/investigations')
      .send({
        definition: {
          name: 'edit',
          version: 1,
          steps: [
            { name: 'post', agent: 'journal', action: 'postEntry', input: { entryId: 'ED-0' } },
            { name: 'check', agent: 'journal', action: 'checkBalance', input: { entryId: 'ED-1', fail: true }, dependsOn: ['post'] },
          ],
        },
      })
      .expect(202);
    const id = started.body.investigationId as string;
    expect((await closedInvestigation(id)).status).toBe('FAILED');
    const replay = await stack
      .http()
      .post(`/v1/investigations/${id}/replay`)
      .send({ fromStep: 'check', input: { entryId: 'ED-2' }, reason: 'corrected entry' })
      .expect(202);
    expect(replay.body).toMatchObject({ step: 'check', previousRunId: started.body.runId });
    const replayed = await closedInvestigation(id);
    expect(replayed.status).toBe('COMPLETED');
    expect(replayed.outputs.check).toEqual({ entryId: 'ED-2', balanced: true });
    expect(replayed.steps.find((step: { name: string }) => step.name === 'post')).toMatchObject({
      state: 'COMPLETED',
      via: 'previous-run',
    });
    expect(journal('ED-')).toEqual(['post ED-0', 'check ED-1', 'check ED-2']);

    const job = await stack
      .http()
      .post('/v1/jobs')
      .send({ type: 'JOURNAL_CHECKBALANCE', data: { entryId: 'JE-1', fail: true } })
      .expect(202);
    await eventually(async () => ((await stack.http().get(`/v1/jobs/${job.body.jobId}`)).body.status === 'FAILED' ? true : undefined));
    await stack
      .http()
      .post(`/v1/jobs/${job.body.jobId}/replay`)
      .send({ input: { entryId: 'JE-2' } })
      .expect(202);
    const rerunJob = await eventually(async () => {
      const body = (await stack.http().get(`/v1/jobs/${job.body.jobId}`)).body;
      return body.status === 'COMPLETED' ? body : undefined;
    });
    expect(rerunJob.result).toEqual({ entryId: 'JE-2', balanced: true });
    // The rerun carries no SLA, so none of the first run's SLA standing either.
    const rerunAttributes = (await stack.client.workflow.getHandle(job.body.workflowId).describe()).typedSearchAttributes;
    expect(rerunAttributes.get(SlaStatusAttribute)).toBeUndefined();
    expect(rerunAttributes.get(SlaDeadlineAttribute)).toBeUndefined();
  });

  it('reruns from a chosen step with fromStep, and refuses a step that never ran', async () => {
    const started = await stack
      .http()
      .post('/v1/investigations')
      .send({
        definition: {
          name: 'two-steps',
          version: 1,
          steps: [
            { name: 'post', agent: 'journal', action: 'postEntry', input: { entryId: 'FS-1' } },
            { name: 'check', agent: 'journal', action: 'checkBalance', input: { entryId: 'FS-2' }, dependsOn: ['post'] },
          ],
        },
      })
      .expect(202);
    const id = started.body.investigationId as string;
    expect((await closedInvestigation(id)).status).toBe('COMPLETED');
    const replay = await stack
      .http()
      .post(`/v1/investigations/${id}/replay`)
      .send({ fromStep: 'post', reason: 'recompute after a ledger fix' })
      .expect(202);
    expect(replay.body.step).toBe('post');
    expect((await closedInvestigation(id)).status).toBe('COMPLETED');
    expect(journal('FS-')).toEqual(['post FS-1', 'check FS-2', 'post FS-1', 'check FS-2']);
    const refused = await stack.http().post(`/v1/investigations/${id}/replay`).send({ fromStep: 'nope' }).expect(400);
    expect(refused.body.error.message).toContain('never ran');
  });

  it('replays three failed jobs in bulk with a batch reset', async () => {
    writeFileSync(faultFile, 'locked');
    const caseId = `CASE-BULK-${Date.now()}`;
    for (const entryId of ['BK-1', 'BK-2', 'BK-3']) {
      await stack.http().post('/v1/jobs').send({ type: 'JOURNAL_GUARDEDPOST', caseId, data: { entryId } }).expect(202);
    }
    await eventually(async () => {
      const response = await stack.http().get(`/v1/jobs?caseId=${caseId}&status=FAILED`).expect(200);
      return response.body.jobs.length === 3 ? true : undefined;
    });
    rmSync(faultFile);
    const batch = await stack.http().post('/v1/replays').send({ status: 'FAILED', caseId, reason: 'ledger unlocked' }).expect(202);
    expect(batch.body).toMatchObject({ matching: 3 });
    await eventually(async () => {
      const response = await stack.http().get(`/v1/jobs?caseId=${caseId}&status=COMPLETED`).expect(200);
      return response.body.jobs.length === 3 ? true : undefined;
    }, 60_000);
    const progress = await eventually(async () => {
      const response = await stack.http().get(`/v1/replays/${batch.body.batchId}`).expect(200);
      return response.body.state === 'COMPLETED' ? response.body : undefined;
    }, 60_000);
    expect(progress).toMatchObject({ total: 3, completed: 3, failed: 0 });
    await stack.http().get('/v1/replays/replay-00000000-0000-0000-0000-000000000000').expect(404);
  });
});
