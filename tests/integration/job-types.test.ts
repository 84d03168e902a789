import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startBadJobAroundFacade } from './harness/bypass-facade';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';
import { jobWorkflowId } from '../../src/contracts/workflow-ids';

const fixtures = path.resolve(__dirname, '../fixtures/jobs');
const fixture = (type: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(fixtures, `${type}.json`), 'utf8')) as Record<string, unknown>;
const expected = JSON.parse(readFileSync(path.join(fixtures, 'expected.json'), 'utf8')) as Record<string, any>;

describe('each job type, submitted over HTTP, completes with the documented result on the shipped sample data', () => {
  let stack: TestStack;
  const results = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers();
    const types = Object.keys(expected);
    const submitted = await Promise.all(types.map((type) => stack.http().post('/v1/jobs').send(fixture(type)).expect(202)));
    await Promise.all(
      submitted.map(async (response, index) => {
        const job = await waitForClose(stack, response.body.jobId as string);
        results.set(types[index] ?? '', job);
      }),
    );
  });
  afterAll(() => stack.stop());

  const completed = (type: string): Record<string, any> => {
    const job = results.get(type);
    expect(job).toMatchObject({ type, status: 'COMPLETED', stage: 'COMPLETED', caseId: 'CASE-2026-001' });
    return job?.result as Record<string, any>;
  };

  it('BANK_STATEMENT_PROCESSING matches statement and ledger lines', () => {
    const result = completed('BANK_STATEMENT_PROCESSING');
    const want = expected.BANK_STATEMENT_PROCESSING;
    expect(result.matched.map((match: { statementId: string; ledgerId: string }) => [match.statementId, match.ledgerId])).toEqual(
      want.matchedPairs,
    );
    expect(result.unmatchedStatement).toEqual(want.unmatchedStatement);
    expect(result.unmatchedLedger).toEqual(want.unmatchedLedger);
    expect(result.totals).toEqual(want.totals);
  });

  it('FRAUD_DETECTION finds the planted duplicate, structuring, round amounts, Benford deviation and velocity burst', () => {
    const result = completed('FRAUD_DETECTION');
    const want = expected.FRAUD_DETECTION;
    expect(result.transactionCount).toBe(want.transactionCount);
    expect(
      result.findings.map((finding: { rule: string; severity: string; transactionIds: string[] }) => ({
        rule: finding.rule,
        severity: finding.severity,
        transactionIds: finding.transactionIds,
      })),
    ).toEqual(want.findings);
    expect(result.summary.byRule).toEqual(want.byRule);
    for (const finding of result.findings as Array<{ explanation: string }>) expect(finding.explanation.length).toBeGreaterThan(20);
  });

  it('RISK_ASSESSMENT scores the entity with its drivers', () => {
    const result = completed('RISK_ASSESSMENT');
    const want = expected.RISK_ASSESSMENT;
    expect(result).toMatchObject({ entityId: want.entityId, score: want.score, level: want.level });
    expect(
      result.drivers.map((driver: { factor: string; contribution: number }) => ({
        factor: driver.factor,
        contribution: driver.contribution,
      })),
    ).toEqual(want.drivers);
  });

  it('EVIDENCE_PROCESSING fingerprints each item and finds the duplicate', () => {
    const result = completed('EVIDENCE_PROCESSING');
    const want = expected.EVIDENCE_PROCESSING;
    expect(result.items).toEqual(want.items);
    expect(result.duplicates).toEqual(want.duplicates);
    expect(result.totalBytes).toBe(want.totalBytes);
  });

  it('LITIGATION_SUPPORT writes the case summary with its exhibits', () => {
    const result = completed('LITIGATION_SUPPORT');
    const want = expected.LITIGATION_SUPPORT;
    expect(result.caseId).toBe(want.caseId);
    expect(result.findingCount).toBe(want.findingCount);
    expect(result.exhibits).toEqual(want.exhibits);
    for (const heading of want.documentIncludes as string[]) expect(result.document).toContain(heading);
  });

  it('COMPLIANCE_MONITORING files threshold reports and screens the watch list', () => {
    const result = completed('COMPLIANCE_MONITORING');
    const want = expected.COMPLIANCE_MONITORING;
    const containing = (items: object[]) => items.map((item) => expect.objectContaining(item) as unknown);
    expect(result.thresholdReports).toEqual(containing(want.thresholdReports));
    expect(result.watchListHits).toEqual(containing(want.watchListHits));
    expect(result.screenedCounterparties).toBe(want.screenedCounterparties);
  });

  it('bad data that bypasses the facade fails at once, unretried, and the help agent explains why', async () => {
    // A caller starting the workflow with the Temporal client directly skips the facade's checks; the agent checks again.
    const jobId = `bypass-${Date.now()}`;
    await startBadJobAroundFacade(stack.client, stack.config, jobId);
    const failed = await waitForClose(stack, jobId);
    expect(failed).toMatchObject({
      status: 'FAILED',
      stage: 'FAILED',
      error: { type: 'InvalidJobData', message: expect.stringContaining('entity.id') },
    });
    const history = await stack.client.workflow.getHandle(jobWorkflowId(jobId)).fetchHistory();
    // The step's attempts: the sealing of the step record (sealStepRecord) runs after it, on the orchestration queue.
    const sealing = new Set(
      history.events
        ?.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'sealStepRecord')
        .map((event) => String(event.eventId)),
    );
    const attempts = history.events
      ?.filter((event) => event.activityTaskStartedEventAttributes)
      .filter((event) => !sealing.has(String(event.activityTaskStartedEventAttributes?.scheduledEventId)))
      .map((event) => event.activityTaskStartedEventAttributes?.attempt);
    expect(attempts).toEqual([1]);

    const explanation = await stack.http().post('/v1/jobs').send({ type: 'JOB_EXPLANATION', data: { jobId } }).expect(202);
    const explained = await waitForClose(stack, explanation.body.jobId as string);
    expect(explained.status).toBe('COMPLETED');
    const help = explained.result as { status: string; headline: string; explanation: string[]; suggestedActions: string[] };
    expect(help.status).toBe('FAILED');
    expect([help.headline, ...help.explanation].join(' ')).toMatch(/invalid|not valid/i);
    expect(help.suggestedActions.join(' ')).toMatch(/correct the fields.*submit the job again/i);
  });

  it('the help agent answers a non-retryable NotFound for an unknown job', async () => {
    const explanation = await stack
      .http()
      .post('/v1/jobs')
      .send({ type: 'JOB_EXPLANATION', data: { jobId: 'never-submitted' } })
      .expect(202);
    const job = await waitForClose(stack, explanation.body.jobId as string);
    expect(job).toMatchObject({ status: 'FAILED', error: { type: 'NotFound' } });
  });
});

function waitForClose(stack: TestStack, jobId: string): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const response = await stack.http().get(`/v1/jobs/${jobId}`).expect(200);
    return response.body.status === 'RUNNING' ? undefined : (response.body as Record<string, unknown>);
  });
}
