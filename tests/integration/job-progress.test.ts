/**
 * GET /v1/jobs/:id reads a running job's progress from its description (search attributes, pending step), not from
 * a query: it needs no workflow worker and never makes one replay an evicted workflow's history.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestStack, type TestStack } from './harness/test-stack';

const riskJob = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/jobs/RISK_ASSESSMENT.json'), 'utf8')) as Record<
  string,
  unknown
>;

describe('a running job’s progress', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  it('is answered with no workflow worker running: stage, route and SLA status from the description', async () => {
    const submitted = await stack.http().post('/v1/jobs').send(riskJob).expect(202);
    const { jobId } = submitted.body as { jobId: string };
    const job = await stack.http().get(`/v1/jobs/${jobId}`).expect(200);
    expect(job.body).toMatchObject({
      status: 'RUNNING',
      progress: {
        jobId,
        type: 'RISK_ASSESSMENT',
        priority: 'NORMAL',
        stage: 'SCHEDULED',
        progress: 0,
        agent: 'risk',
        action: 'assessRisk',
        taskQueue: `${stack.config.taskQueuePrefix}.agent-risk`,
        priorityKey: stack.config.priorities.NORMAL.priorityKey,
        slaStatus: 'ON_TRACK',
      },
    });
  });
});
