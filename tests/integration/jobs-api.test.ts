import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const reconciliationData = {
  statement: [{ id: 'S1', date: '2026-03-02', amount: 1250.5, reference: 'INV-1001' }],
  ledger: [{ id: 'L1', date: '2026-03-01', amount: 1250.5, reference: 'INV-1001' }],
};

describe('jobs API against a real Temporal server', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    // Every agent but help runs, so JOB_EXPLANATION jobs wait on their queue: that is what the cancel test cancels.
    await stack.startWorkers({ agents: ['reconciliation', 'fraud', 'risk', 'evidence', 'litigation', 'compliance'] });
  });
  afterAll(() => stack.stop());

  const waitForClose = (jobId: string) =>
    eventually(async () => {
      const response = await stack.http().get(`/v1/jobs/${jobId}`).expect(200);
      return response.body.status === 'RUNNING' ? undefined : (response.body as Record<string, unknown>);
    });

  it('submits a job (202 with Location) that completes, with its search attributes and Web UI link', async () => {
    const submitted = await stack
      .http()
      .post('/v1/jobs')
      .send({
        name: 'March statement',
        type: 'BANK_STATEMENT_PROCESSING',
        priority: 'HIGH',
        caseId: 'CASE-API-1',
        data: reconciliationData,
      })
      .expect(202);
    expect(submitted.headers.location).toBe(`/v1/jobs/${submitted.body.jobId}`);
    expect(submitted.body).toMatchObject({ workflowId: `job-${submitted.body.jobId}`, status: 'RUNNING' });

    const job = await waitForClose(submitted.body.jobId);
    expect(job).toMatchObject({
      jobId: submitted.body.jobId,
      name: 'March statement',
      type: 'BANK_STATEMENT_PROCESSING',
      priority: 'HIGH',
      caseId: 'CASE-API-1',
      status: 'COMPLETED',
      stage: 'COMPLETED',
    });
    expect(job.webUiUrl).toContain(`/namespaces/default/workflows/job-${submitted.body.jobId}/`);
    expect((job.result as { matched: unknown[] }).matched).toEqual([expect.objectContaining({ statementId: 'S1', ledgerId: 'L1' })]);

    const description = await stack.client.workflow.getHandle(`job-${submitted.body.jobId}`).describe();
    expect(await description.staticSummary()).toBe('BANK_STATEMENT_PROCESSING · HIGH · case CASE-API-1 · March statement');
    expect(description.priority?.priorityKey).toBe(2);
  });

  it('lists jobs from visibility, filtered by case, type, priority and status, with paging', async () => {
    const caseId = `CASE-LIST-${Date.now()}`;
    const ids: string[] = [];
    for (const priority of ['LOW', 'LOW', 'CRITICAL']) {
      const response = await stack
        .http()
        .post('/v1/jobs')
        .send({ type: 'BANK_STATEMENT_PROCESSING', priority, caseId, data: reconciliationData })
        .expect(202);
      ids.push(response.body.jobId);
    }
    for (const id of ids) await waitForClose(id);

    const all = await eventually(async () => {
      const response = await stack.http().get(`/v1/jobs?caseId=${caseId}&status=COMPLETED`).expect(200);
      return response.body.jobs.length === 3 ? response.body : undefined;
    });
    expect(all.jobs.map((job: { jobId: string }) => job.jobId).sort()).toEqual([...ids].sort());

    const low = await stack.http().get(`/v1/jobs?caseId=${caseId}&priority=LOW&type=BANK_STATEMENT_PROCESSING`).expect(200);
    expect(low.body.jobs).toHaveLength(2);

    const firstPage = await stack.http().get(`/v1/jobs?caseId=${caseId}&pageSize=2`).expect(200);
    expect(firstPage.body.jobs).toHaveLength(2);
    expect(firstPage.body.nextPageToken).toEqual(expect.any(String));
    const secondPage = await stack.http().get(`/v1/jobs?caseId=${caseId}&pageSize=2&pageToken=${firstPage.body.nextPageToken}`).expect(200);
    expect(secondPage.body.jobs).toHaveLength(1);

    const none = await stack.http().get(`/v1/jobs?caseId=${caseId}&status=FAILED`).expect(200);
    expect(none.body.jobs).toEqual([]);
  });

  it('gives the same job for the same idempotency key, and 409 for a different request under it', async () => {
    const body = { type: 'BANK_STATEMENT_PROCESSING', caseId: 'CASE-IDEM', data: reconciliationData, idempotencyKey: `stmt-${Date.now()}` };
    const first = await stack.http().post('/v1/jobs').send(body).expect(202);
    const again = await stack.http().post('/v1/jobs').send(body).expect(200);
    expect(again.body.jobId).toBe(first.body.jobId);
    expect(again.body.runId).toBe(first.body.runId);

    await waitForClose(first.body.jobId);
    const afterCompletion = await stack.http().post('/v1/jobs').send(body).expect(200);
    expect(afterCompletion.body).toMatchObject({ jobId: first.body.jobId, status: 'COMPLETED' });

    const different = await stack
      .http()
      .post('/v1/jobs')
      .send({ ...body, priority: 'CRITICAL' })
      .expect(409);
    expect(different.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const list = await eventually(async () => {
      const response = await stack.http().get('/v1/jobs?caseId=CASE-IDEM').expect(200);
      return response.body.jobs.length > 0 ? response.body : undefined;
    });
    expect(list.jobs).toHaveLength(1);
  });

  it('cancels a running job (202), which ends CANCELED', async () => {
    const submitted = await stack
      .http()
      .post('/v1/jobs')
      .send({ type: 'JOB_EXPLANATION', data: { jobId: 'does-not-matter' } })
      .expect(202);
    const canceled = await stack.http().post(`/v1/jobs/${submitted.body.jobId}/cancel`).expect(202);
    expect(canceled.body).toEqual({ jobId: submitted.body.jobId, status: 'CANCEL_REQUESTED' });
    const job = await waitForClose(submitted.body.jobId);
    expect(job).toMatchObject({ status: 'CANCELED', stage: 'CANCELED' });
    const again = await stack.http().post(`/v1/jobs/${submitted.body.jobId}/cancel`).expect(409);
    expect(again.body.error.code).toBe('JOB_NOT_RUNNING');
  });

  describe('bad input gets a clear 4xx and the server goes on serving', () => {
    it.each([
      ['an unknown type', { type: 'TAX_EVASION', data: {} }, 'type', /unknown job type "TAX_EVASION"/],
      ['missing data', { type: 'FRAUD_DETECTION' }, 'data', /expected an object/],
      [
        'a wrong field type',
        {
          type: 'BANK_STATEMENT_PROCESSING',
          data: { ...reconciliationData, statement: [{ id: 'S1', date: '2026-03-02', amount: '12.00' }] },
        },
        'data.statement.0.amount',
        /finite number/,
      ],
      ['an unknown priority', { type: 'FRAUD_DETECTION', priority: 'URGENT', data: { transactions: [] } }, 'priority', /CRITICAL/],
      ['an unknown top-level field', { type: 'FRAUD_DETECTION', data: { transactions: [] }, priorty: 'HIGH' }, 'priorty', /unknown field/],
    ])('%s: 400 naming the field', async (_label, body, path, message) => {
      const response = await stack.http().post('/v1/jobs').send(body).expect(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]),
      );
    });

    it('malformed JSON: 400', async () => {
      const response = await stack.http().post('/v1/jobs').set('content-type', 'application/json').send('{"type": ').expect(400);
      expect(response.body.error.code).toBe('INVALID_JSON');
    });

    it('a body that is not JSON: 415, also where the body is optional', async () => {
      const job = await stack.http().post('/v1/jobs').set('content-type', 'text/plain').send('type=FRAUD_DETECTION').expect(415);
      expect(job.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const replay = await stack.http().post('/v1/jobs/any-job/replay').set('content-type', 'text/plain').send('fromStep=x').expect(415);
      expect(replay.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('a body over the limit: 413', async () => {
      const huge = { type: 'FRAUD_DETECTION', data: { transactions: [], padding: 'x'.repeat(stack.config.http.bodyLimitBytes + 10) } };
      const response = await stack.http().post('/v1/jobs').send(huge).expect(413);
      expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('an unknown job id: 404', async () => {
      const response = await stack.http().get('/v1/jobs/00000000-0000-0000-0000-000000000000').expect(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
      await stack.http().post('/v1/jobs/no-such-job/cancel').expect(404);
    });

    it('bad list filters: 400 naming the parameter', async () => {
      const response = await stack.http().get('/v1/jobs?status=DONE').expect(400);
      expect(response.body.error.details[0].path).toBe('query.status');
      const unknown = await stack.http().get('/v1/jobs?sort=age').expect(400);
      expect(unknown.body.error.details).toEqual([{ path: 'query.sort', message: 'unknown query parameter "sort"' }]);
    });

    it('never answers with a stack trace, and still serves afterwards', async () => {
      const response = await stack.http().post('/v1/jobs').send({ type: 'FRAUD_DETECTION', data: 'nope' }).expect(400);
      expect(JSON.stringify(response.body)).not.toMatch(/\n\s+at /);
      await stack.http().post('/v1/jobs').send({ type: 'BANK_STATEMENT_PROCESSING', data: reconciliationData }).expect(202);
      await stack.http().get('/healthz').expect(200, { status: 'ok', temporal: 'reachable' });
    });
  });

  it('reports system status from Temporal: counts and agents with live pollers', async () => {
    const status = await eventually(async () => {
      const response = await stack.http().get('/v1/system/status').expect(200);
      return response.body.metrics.jobsCompleted > 0 && response.body.activeAgents === 6 ? response.body : undefined;
    });
    expect(status.metrics.jobsSubmitted).toBeGreaterThanOrEqual(status.metrics.jobsCompleted);
    expect(status.agents).toEqual(expect.arrayContaining([expect.objectContaining({ agent: 'fraud', healthy: true })]));
    expect(status.agents).toEqual(expect.arrayContaining([expect.objectContaining({ agent: 'help', healthy: false, livePollers: 0 })]));
    expect(status.orchestration.livePollers).toBeGreaterThan(0);
  });
});
