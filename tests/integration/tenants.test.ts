/**
 * The tenant walls, end to end on the real dev server: a job and an investigation of tenant A are invisible and
 * untouchable for tokens of tenant B (get, list, cancel, replay, dependsOn, system status, the SLA report, bulk
 * replay), exactly as unknown ones; tenant A and an admin token without a tenant see them. Only the orchestration
 * worker runs, so the work stays RUNNING (its step waits on an agent queue no one polls) until it is canceled.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { SubmitterAttribute, TenantAttribute } from '../../src/contracts/search-attributes';
import { investigationWorkflowId, jobWorkflowId } from '../../src/contracts/workflow-ids';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const fixture = (file: string) => JSON.parse(readFileSync(path.resolve(__dirname, '../..', file), 'utf8')) as Record<string, unknown>;
const riskJob = fixture('tests/fixtures/jobs/RISK_ASSESSMENT.json');
const investigation = fixture('tests/fixtures/investigations/fraud-investigation.json');

interface SlaClass {
  openJobs: number;
  closedInWindow: number;
}

describe('tenant walls', () => {
  let stack: TestStack;
  const run = randomUUID().slice(0, 8);
  const tenantA = `tenant-a-${run}`;
  const tenantB = `tenant-b-${run}`;
  const caseId = `CASE-TENANTS-${run}`;
  let jobId: string;
  let investigationId: string;
  /** Bearer headers: an investigator of A (ann), an investigator and an admin of B, an admin of A, an admin of none. */
  const auth: Record<'a' | 'b' | 'bAdmin' | 'aAdmin' | 'admin' | 'none', string> = {
    a: '',
    b: '',
    bAdmin: '',
    aAdmin: '',
    admin: '',
    none: '',
  };

  const as = (who: keyof typeof auth) => {
    const agent = request(stack.app);
    return {
      get: (url: string) => agent.get(url).set('Authorization', auth[who]),
      post: (url: string, body: object = {}) => agent.post(url).set('Authorization', auth[who]).send(body),
    };
  };

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers({ agents: [], orchestration: true });
    const bearer = async (options: Parameters<TestStack['token']>[0]) => `Bearer ${await stack.token(options)}`;
    auth.a = await bearer({ role: 'investigator', tenant: tenantA, sub: 'ann@a' });
    auth.b = await bearer({ role: 'investigator', tenant: tenantB, sub: 'bob@b' });
    auth.bAdmin = await bearer({ role: 'admin', tenant: tenantB, sub: 'boss@b' });
    auth.aAdmin = await bearer({ role: 'admin', tenant: tenantA, sub: 'boss@a' });
    auth.admin = await bearer({ role: 'admin', sub: 'root' });
    auth.none = await bearer({ role: 'investigator', sub: 'nobody' });
    jobId = (
      await as('a')
        .post('/v1/jobs', { ...riskJob, caseId })
        .expect(202)
    ).body.jobId as string;
    investigationId = (
      await as('a')
        .post('/v1/investigations', { ...investigation, caseId })
        .expect(202)
    ).body.investigationId as string;
  });
  afterAll(() => stack.stop());

  const jobIdsIn = (body: { jobs: Array<{ jobId: string }> }) => body.jobs.map((job) => job.jobId);
  const investigationIdsIn = (body: { investigations: Array<{ investigationId: string }> }) =>
    body.investigations.map((item) => item.investigationId);

  it("records the submitting token's tenant and subject as search attributes", async () => {
    for (const workflowId of [jobWorkflowId(jobId), investigationWorkflowId(investigationId)]) {
      const attributes = (await stack.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes;
      expect(attributes.get(TenantAttribute)).toBe(tenantA);
      expect(attributes.get(SubmitterAttribute)).toBe('ann@a');
    }
  });

  it('shows tenant A and an admin without a tenant the work, in get and in lists', async () => {
    for (const who of ['a', 'aAdmin', 'admin'] as const) {
      expect((await as(who).get(`/v1/jobs/${jobId}`).expect(200)).body).toMatchObject({ jobId, tenant: tenantA, status: 'RUNNING' });
      expect((await as(who).get(`/v1/investigations/${investigationId}`).expect(200)).body).toMatchObject({ investigationId });
      await eventually(async () => {
        const jobs = jobIdsIn((await as(who).get(`/v1/jobs?caseId=${caseId}`).expect(200)).body);
        const investigations = investigationIdsIn((await as(who).get(`/v1/investigations?caseId=${caseId}`).expect(200)).body);
        return jobs.includes(jobId) && investigations.includes(investigationId) ? true : undefined;
      });
    }
  });

  it("answers tenant B's get, cancel and replay with 404, exactly as for unknown ids", async () => {
    const unknownJob = randomUUID();
    const unknownInvestigation = randomUUID();
    const notFound = async (url: string, unknownUrl: string, method: 'get' | 'post') => {
      for (const who of ['b', 'bAdmin'] as const) {
        const response = await as(who)[method](url).expect(404);
        const unknown = await as(who)[method](unknownUrl).expect(404);
        expect(response.body.error.code).toBe(unknown.body.error.code);
        expect(Object.keys(response.body.error).sort()).toEqual(Object.keys(unknown.body.error).sort());
      }
    };
    await notFound(`/v1/jobs/${jobId}`, `/v1/jobs/${unknownJob}`, 'get');
    await notFound(`/v1/jobs/${jobId}/cancel`, `/v1/jobs/${unknownJob}/cancel`, 'post');
    await notFound(`/v1/jobs/${jobId}/replay`, `/v1/jobs/${unknownJob}/replay`, 'post');
    const investigations = '/v1/investigations';
    await notFound(`${investigations}/${investigationId}`, `${investigations}/${unknownInvestigation}`, 'get');
    await notFound(`${investigations}/${investigationId}/cancel`, `${investigations}/${unknownInvestigation}/cancel`, 'post');
    await notFound(`${investigations}/${investigationId}/replay`, `${investigations}/${unknownInvestigation}/replay`, 'post');
    // Still running, untouched: tenant A's replay gets as far as the running check.
    expect((await as('a').post(`/v1/jobs/${jobId}/replay`).expect(409)).body.error.code).toBe('STILL_RUNNING');
    expect((await as('a').get(`/v1/jobs/${jobId}`).expect(200)).body.status).toBe('RUNNING');
  });

  it("keeps tenant A's work out of tenant B's lists, and refuses it as a dependency", async () => {
    for (const who of ['b', 'bAdmin'] as const) {
      expect(jobIdsIn((await as(who).get(`/v1/jobs?caseId=${caseId}`).expect(200)).body)).toEqual([]);
      expect(jobIdsIn((await as(who).get('/v1/jobs?pageSize=100').expect(200)).body)).not.toContain(jobId);
      expect(investigationIdsIn((await as(who).get(`/v1/investigations?caseId=${caseId}`).expect(200)).body)).toEqual([]);
    }
    const dependent = await as('b')
      .post('/v1/jobs', { ...riskJob, dependsOn: [jobId] })
      .expect(400);
    expect(dependent.body.error.details).toEqual([{ path: 'dependsOn.0', message: `unknown job "${jobId}"` }]);
  });

  it("counts only the token's tenant in the system status and the SLA report", async () => {
    const status = async (who: keyof typeof auth) => (await as(who).get('/v1/system/status').expect(200)).body;
    const sla = async (who: keyof typeof auth) => {
      const classes = (await as(who).get('/v1/sla').expect(200)).body.classes as SlaClass[];
      return classes.reduce((sum, item) => sum + item.openJobs + item.closedInWindow, 0);
    };
    await eventually(async () => ((await status('a')).metrics.jobsSubmitted === 1 ? true : undefined));
    expect(await status('a')).toMatchObject({ activeJobs: 1, metrics: { jobsSubmitted: 1 } });
    expect(await sla('a')).toBe(1);
    for (const who of ['b', 'bAdmin'] as const) {
      expect(await status(who)).toMatchObject({ activeJobs: 0, metrics: { jobsSubmitted: 0, jobsCompleted: 0, jobsFailed: 0 } });
      expect(await sla(who)).toBe(0);
    }
    expect((await status('admin')).metrics.jobsSubmitted).toBeGreaterThanOrEqual(1);
  });

  it('holds a token with neither a tenant nor any-tenant to the work submitted without a tenant', async () => {
    const untenanted = (
      await as('none')
        .post('/v1/jobs', { ...riskJob, caseId })
        .expect(202)
    ).body.jobId as string;
    expect(jobIdsIn((await as('none').get(`/v1/jobs?caseId=${caseId}`).expect(200)).body)).toEqual([untenanted]);
    await as('none').get(`/v1/jobs/${jobId}`).expect(404);
    await as('a').get(`/v1/jobs/${untenanted}`).expect(404);
    await as('admin').get(`/v1/jobs/${untenanted}`).expect(200);
    await as('none').post(`/v1/jobs/${untenanted}/cancel`).expect(202);
  });

  it('gives each tenant its own idempotency keys', async () => {
    const key = `shared-key-${run}`;
    const first = await as('a')
      .post('/v1/jobs', { ...riskJob, caseId, idempotencyKey: key })
      .expect(202);
    const other = await as('b')
      .post('/v1/jobs', { ...riskJob, caseId: `${caseId}-B`, idempotencyKey: key })
      .expect(202);
    expect(other.body.jobId).not.toBe(first.body.jobId);
    const again = await as('a')
      .post('/v1/jobs', { ...riskJob, caseId, idempotencyKey: key })
      .expect(200);
    expect(again.body.jobId).toBe(first.body.jobId);
    await as('a')
      .post(`/v1/jobs/${first.body.jobId as string}/cancel`)
      .expect(202);
    await as('b')
      .post(`/v1/jobs/${other.body.jobId as string}/cancel`)
      .expect(202);
  });

  it('lets tenant A cancel its work, and a bulk replay by an admin of B never touches it', async () => {
    await as('a').post(`/v1/jobs/${jobId}/cancel`).expect(202);
    await as('a').post(`/v1/investigations/${investigationId}/cancel`).expect(202);
    await eventually(async () => ((await as('a').get(`/v1/jobs/${jobId}`).expect(200)).body.status === 'CANCELED' ? true : undefined));
    const filter = { status: 'CANCELED', type: 'RISK_ASSESSMENT', caseId };
    await eventually(async () => {
      const jobs = (await as('a').get(`/v1/jobs?caseId=${caseId}&status=CANCELED`).expect(200)).body.jobs as unknown[];
      return jobs.length === 2 ? true : undefined;
    });
    const fromB = await as('bAdmin').post('/v1/replays', filter).expect(200);
    expect(fromB.body).toMatchObject({ matching: 0 });
    expect(fromB.body.query).toContain(`TaskmasterTenant = "${tenantB}"`);
    const before = (await as('a').get(`/v1/jobs/${jobId}`).expect(200)).body.runId as string;
    const fromA = await as('aAdmin').post('/v1/replays', filter).expect(202);
    expect(fromA.body).toMatchObject({ matching: 2 });
    expect(fromA.body.query).toContain(`TaskmasterTenant = "${tenantA}"`);
    const batch = `/v1/replays/${fromA.body.batchId as string}`;
    await as('aAdmin').get(batch).expect(200);
    await as('admin').get(batch).expect(200);
    const unknownBatch = await as('bAdmin').get(`/v1/replays/replay-${randomUUID()}`).expect(404);
    expect((await as('bAdmin').get(batch).expect(404)).body.error.code).toBe(unknownBatch.body.error.code);
    // The reset's new run keeps the tenant: it is still A's, and still nobody else's.
    // While the batch resets it, describing the job may briefly fail: only its settled answer counts.
    await eventually(async () => {
      const response = await as('a').get(`/v1/jobs/${jobId}`);
      return response.status === 200 && response.body.runId !== before ? true : undefined;
    });
    const after = (await as('a').get(`/v1/jobs/${jobId}`).expect(200)).body as { runId: string; status: string };
    expect(after).toMatchObject({ status: 'RUNNING', runId: expect.not.stringMatching(`^${before}$`) });
    await as('b').get(`/v1/jobs/${jobId}`).expect(404);
  });
});
