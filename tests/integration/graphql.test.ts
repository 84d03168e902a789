import type { Server } from 'node:http';
import { createClient, type Client as GraphQLWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { temporal } from '@temporalio/proto';
import { jobWorkflowId } from '../../src/contracts/workflow-ids';
import { listenOnFreePort } from './harness/events-client';
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
const resetCause = temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW;
const systemStatus = `query GetSystemStatus { systemStatus { status activeJobs activeAgents metrics } }`;

describe('GraphQL API against a real Temporal server', () => {
  let stack: TestStack;
  let server: Server;
  let wsUrl: string;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers();
    ({ server, wsUrl } = await listenOnFreePort(stack.app));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await stack.stop();
  });

  /** A graphql-ws client signed in with the token's Authorization header on the upgrade request. */
  const subscriptions = (token: string): GraphQLWsClient =>
    createClient({
      url: `${wsUrl}/graphql`,
      lazy: true,
      retryAttempts: 0,
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { Authorization: `Bearer ${token}` } });
        }
      },
    });

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
    expect(done).toMatchObject({ status: 'COMPLETED', progress: 1 });
    // A closed job's estimatedCompletion is when it completed.
    expect(Date.parse(done.estimatedCompletion)).toBeGreaterThan(0);
    expect(done.result.matched).toEqual([expect.objectContaining({ statementId: 'S1', ledgerId: 'L1' })]);

    // Recorded like the REST write it does, with the GraphQL field as the route.
    const audited = await eventually(async () => {
      const response = await stack.http().get('/v1/audit').query({ caseId: 'CASE-GQL-1', action: 'job.submit' }).expect(200);
      return response.body.entries?.length > 0 ? response.body.entries[0] : undefined;
    });
    expect(audited).toMatchObject({ route: 'POST /graphql submitJob', outcome: 'accepted', status: 200, targets: [`job-${jobId}`] });

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

  it("replays a job as the acting principal: the reset in the job's history names the principal, as over REST", async () => {
    const investigator = await stack.token({ role: 'investigator', tenant: 'acme', sub: 'gql-replayer@firm' });
    const submitted = await graphql(
      submitJob,
      { input: { type: 'BANK_STATEMENT_PROCESSING', caseId: 'CASE-GQL-REPLAY', data: reconciliationData } },
      investigator,
    ).expect(200);
    const { jobId } = submitted.body.data.submitJob;
    await eventually(async () => {
      const response = await graphql(jobStatus, { jobId }, investigator).expect(200);
      return response.body.data.jobStatus.status === 'RUNNING' ? undefined : true;
    });

    const replayJob = `mutation Replay($jobId: ID!) { replayJob(jobId: $jobId, input: { reason: "check" }) { kind runId caller } }`;
    const replayed = await graphql(replayJob, { jobId }, investigator).expect(200);
    expect(replayed.body.errors).toBeUndefined();
    const { kind, runId, caller } = replayed.body.data.replayJob;
    expect({ kind, caller }).toEqual({ kind: 'reset', caller: 'gql-replayer@firm' });
    // The reset's reason, which names the principal, is the failure of the workflow task the reset failed (cause
    // RESET_WORKFLOW); Temporal signs that event itself ("history-service"), and the WorkflowTaskStarted before it
    // names the principal only when the job's start was eager, so neither identity is the check.
    const history = await stack.client.workflow.getHandle(jobWorkflowId(jobId), runId).fetchHistory();
    const events = history.events ?? [];
    const failed = events.find((event) => event.workflowTaskFailedEventAttributes?.cause === resetCause)?.workflowTaskFailedEventAttributes;
    expect(failed?.failure?.message).toContain('requested by gql-replayer@firm');
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

  it("delivers a job's updates by subscription (graphql-ws on /graphql) through its completion", async () => {
    const token = await stack.token({ role: 'investigator' });
    const submitted = await graphql(submitJob, { input: { type: 'BANK_STATEMENT_PROCESSING', data: reconciliationData } }, token).expect(
      200,
    );
    const { jobId } = submitted.body.data.submitJob;
    const client = subscriptions(token);
    const updates: Array<{ status: string; progress: number; cursor: string }> = [];
    try {
      const subscription = client.iterate<{ jobStatus: { status: string; progress: number; cursor: string } }>({
        query: 'subscription($jobId: ID!) { jobStatus(jobId: $jobId) { cursor status stage progress estimatedCompletion at } }',
        variables: { jobId },
      });
      // The subscription completes by itself after the terminal status.
      for await (const result of subscription) {
        expect(result.errors).toBeUndefined();
        updates.push(result.data!.jobStatus);
      }
    } finally {
      await client.dispose();
    }
    expect(updates.at(-1)).toMatchObject({ status: 'COMPLETED', progress: 1 });
    expect(updates.slice(0, -1).every((update) => update.status === 'RUNNING')).toBe(true);
  });

  it("refuses a WebSocket without a token, and a subscription to another tenant's job", async () => {
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${wsUrl}/graphql`, 'graphql-transport-ws');
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => resolve(101));
    });
    expect(refused).toBe(401);

    const mine = await graphql(
      submitJob,
      { input: { type: 'BANK_STATEMENT_PROCESSING', data: reconciliationData } },
      await stack.token({ role: 'investigator', tenant: 'acme' }),
    ).expect(200);
    const client = subscriptions(await stack.token({ role: 'viewer', tenant: 'globex' }));
    try {
      const subscription = client.iterate({
        query: 'subscription($jobId: ID!) { jobStatus(jobId: $jobId) { status } }',
        variables: { jobId: mine.body.data.submitJob.jobId },
      });
      const results: unknown[] = [];
      await expect(
        (async () => {
          for await (const result of subscription) results.push(result);
        })(),
      ).rejects.toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
      expect(results).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it('delivers agent health by subscription, starting with the current state', async () => {
    const client = subscriptions(await stack.token({ role: 'viewer' }));
    try {
      const subscription = client.iterate<{ agentHealth: { agent: string; healthStatus: string; livePollers: number } }>({
        query: 'subscription { agentHealth(agent: "fraud") { agent healthStatus livePollers workers at } }',
      });
      const first = await subscription.next();
      expect(first.value?.data?.agentHealth).toMatchObject({ agent: 'fraud', healthStatus: 'HEALTHY' });
      await subscription.return?.(undefined);
    } finally {
      await client.dispose();
    }
  });
});
