import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const reconciliationData = {
  statement: [{ id: 'S1', date: '2026-03-02', amount: 1250.5, reference: 'INV-1001' }],
  ledger: [{ id: 'L1', date: '2026-03-01', amount: 1250.5, reference: 'INV-1001' }],
};

const submitJob = `mutation SubmitJob($input: JobInput!) {
  submitJob(input: $input) { success jobId estimatedTime message }
}`;
const jobStatus = `query GetJobStatus($jobId: ID!) {
  jobStatus(jobId: $jobId) { status progress estimatedCompletion result }
}`;
const systemStatus = `query GetSystemStatus { systemStatus { status activeJobs activeAgents metrics } }`;

describe('GraphQL API against a real Temporal server', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers();
  });
  afterAll(() => stack.stop());

  const graphql = (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const call = stack.http().post('/graphql').send({ query, variables });
    return token === undefined ? call : call.set('Authorization', `Bearer ${token}`);
  };

  it("answers the product description's three operations end to end", async () => {
    const submitted = await graphql(submitJob, {
      input: { type: 'BANK_STATEMENT_PROCESSING', priority: 'HIGH', caseId: 'CASE-GQL-1', data: reconciliationData },
    }).expect(200);
    expect(submitted.body.errors).toBeUndefined();
    expect(submitted.body.data.submitJob).toMatchObject({ success: true, message: 'job submitted' });
    const { jobId } = submitted.body.data.submitJob;

    const done = await eventually(async () => {
      const response = await graphql(jobStatus, { jobId }).expect(200);
      const job = response.body.data.jobStatus;
      return job.status === 'RUNNING' ? undefined : job;
    });
    expect(done).toMatchObject({ status: 'COMPLETED', progress: 1, estimatedCompletion: null });
    expect(done.result.matched).toEqual([expect.objectContaining({ statementId: 'S1', ledgerId: 'L1' })]);

    const system = await graphql(systemStatus).expect(200);
    expect(system.body.data.systemStatus).toMatchObject({ status: 'healthy', activeAgents: 7 });
    expect(system.body.data.systemStatus.metrics.jobsCompleted).toBeGreaterThanOrEqual(1);
  });

  it('names the failing field of bad input, under input, with a 400', async () => {
    const response = await graphql(submitJob, { input: { type: 'BANK_STATEMENT_PROCESSING', priority: 'URGENT', data: {} } }).expect(400);
    const [error] = response.body.errors;
    expect(error.extensions.code).toBe('VALIDATION_FAILED');
    expect(error.extensions.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'input.priority' })]));
    expect(error.message).toContain('input.priority');
  });

  it('asks a token, holds each field to its permission and another tenant to its own work', async () => {
    await stack.http().post('/graphql').set('Authorization', '').send({ query: systemStatus }).expect(401);
    const viewer = await stack.token({ role: 'viewer' });
    const refused = await graphql(submitJob, { input: { type: 'BANK_STATEMENT_PROCESSING', data: reconciliationData } }, viewer).expect(
      403,
    );
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });

    const mine = await graphql(
      submitJob,
      { input: { type: 'BANK_STATEMENT_PROCESSING', data: reconciliationData } },
      await stack.token({ role: 'investigator', tenant: 'acme' }),
    ).expect(200);
    const other = await stack.token({ role: 'investigator', tenant: 'globex' });
    const hidden = await graphql(jobStatus, { jobId: mine.body.data.submitJob.jobId }, other).expect(404);
    expect(hidden.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('answers 400 to a query nested 50 deep or with 1,000 aliases, before any resolver runs', async () => {
    const deep = `query { jobStatus(jobId: "x") { ${'step { '.repeat(49)}activity${' }'.repeat(49)} } }`;
    const deepAnswer = await graphql(deep).expect(400);
    expect(deepAnswer.body.errors.map((error: { message: string }) => error.message).join('\n')).toMatch(/(depth|cost) limit/i);
    const nested = `query { ${'investigation(investigationId: "x") { steps { error { message } } } '}}`;
    await graphql(nested).expect(404);

    const aliases = `query { ${Array.from({ length: 1_000 }, (_, i) => `a${i}: systemStatus { status }`).join(' ')} }`;
    const aliasAnswer = await graphql(aliases).expect(400);
    expect(aliasAnswer.body.errors.map((error: { message: string }) => error.message).join('\n')).toMatch(/alias|token limit/i);
  });

  it('serves queries over GET, and lists templates, queues and SLA', async () => {
    const response = await stack
      .http()
      .get('/graphql')
      .query({ query: '{ templates { name steps { name } } queues { agent livePollers } sla { windowMs classes { priority } } }' })
      .set('Accept', 'application/json')
      .expect(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.templates.map((t: { name: string }) => t.name)).toContain('fraud-investigation');
    expect(response.body.data.queues).toHaveLength(7);
    expect(response.body.data.sla.classes.map((c: { priority: string }) => c.priority)).toContain('CRITICAL');
    await stack.http().get('/graphql').query({ query: 'mutation { cancelJob(jobId: "x") { status } }' }).expect(405);
  });
});
