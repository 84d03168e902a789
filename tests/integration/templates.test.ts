/**
 * Every shipped template runs in a real investigation workflow, started over HTTP, on the sample data of
 * tests/fixtures (fraud-investigation runs in investigations.test.ts). The requests and the facts they must give come
 * from tests/fixtures/generate-fixtures.ts: the planted anomalies, counts of the generated data and the documented
 * risk model, never a copy of an agent's output. Each template runs on the planted data, where its last step runs, and
 * on a clean variant, where its `when` skips that step.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eventually, startTestStack, type TestStack } from './harness/test-stack';

const fixtures = path.resolve(__dirname, '../fixtures/investigations');
const load = (file: string): Record<string, any> => JSON.parse(readFileSync(path.join(fixtures, file), 'utf8'));
const expected = load('expected.json') as Record<string, Record<string, any>>;
const runs = ['bank-reconciliation', 'bank-reconciliation-clean', 'compliance-review', 'compliance-review-clean'];

describe('the shipped templates, run as investigations against a real Temporal server', () => {
  let stack: TestStack;
  const investigations = new Map<string, Record<string, any>>();

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.startWorkers();
    await Promise.all(
      runs.map(async (run) => {
        const started = await stack
          .http()
          .post('/v1/investigations')
          .send(load(expected[run]?.request as string))
          .expect(202);
        const id = started.body.investigationId as string;
        const finished = await eventually(async () => {
          const response = await stack.http().get(`/v1/investigations/${id}`).expect(200);
          return response.body.status === 'RUNNING' ? undefined : (response.body as Record<string, any>);
        }, 90_000);
        investigations.set(run, finished);
      }),
    );
  });
  afterAll(() => stack.stop());

  /** The finished investigation, after checking it completed with each step in the state its template's `when` gives. */
  const completed = (run: string): Record<string, any> => {
    const investigation = investigations.get(run);
    const want = expected[run] as { template: string; steps: Record<string, string> };
    expect(investigation).toMatchObject({ status: 'COMPLETED', state: 'COMPLETED', name: want.template });
    const states = Object.fromEntries(
      (investigation?.steps as Array<{ name: string; state: string }>).map((step) => [step.name, step.state]),
    );
    expect(states).toEqual(want.steps);
    for (const step of investigation?.steps as Array<{ name: string; state: string; attempts: number }>) {
      expect([step.name, step.attempts]).toEqual([step.name, step.state === 'SKIPPED' ? 0 : 1]);
    }
    return investigation?.outputs as Record<string, any>;
  };
  const findingsOf = (output: { findings: Array<{ rule: string; severity: string; transactionIds: string[] }> }) =>
    output.findings.map(({ rule, severity, transactionIds }) => ({ rule, severity, transactionIds }));

  it('bank-reconciliation leaves the planted differences unmatched, finds the planted schemes and reports them', () => {
    const outputs = completed('bank-reconciliation');
    const want = expected['bank-reconciliation'] as Record<string, any>;
    expect(outputs.reconcile.unmatchedStatement).toEqual(want.reconcile.unmatchedStatement);
    expect(outputs.reconcile.unmatchedLedger).toEqual(want.reconcile.unmatchedLedger);
    expect(outputs.reconcile.matched.map((m: { statementId: string; ledgerId: string }) => [m.statementId, m.ledgerId])).toEqual(
      want.reconcile.matchedPairs,
    );
    expect(outputs.reconcile.totals).toEqual(want.reconcile.totals);
    // The five planted schemes, the KE-9120 duplicate and the round retainers among them.
    expect(findingsOf(outputs.payment_screening)).toEqual(want.paymentFindings);
    expect(outputs.reconciliation_report.findingCount).toBe(want.report.findingCount);
    expect(outputs.reconciliation_report.exhibits).toEqual(want.report.exhibits);
    for (const fragment of want.report.documentIncludes as string[]) expect(outputs.reconciliation_report.document).toContain(fragment);
  });

  it('bank-reconciliation skips the report for a month that pairs up and screens clean', () => {
    const outputs = completed('bank-reconciliation-clean');
    const want = expected['bank-reconciliation-clean'] as Record<string, any>;
    expect(outputs.reconcile).toMatchObject({
      unmatchedStatement: want.reconcile.unmatchedStatement,
      unmatchedLedger: want.reconcile.unmatchedLedger,
      totals: { matchedCount: want.reconcile.matchedCount },
    });
    expect(findingsOf(outputs.payment_screening)).toEqual(want.paymentFindings);
    expect(outputs).not.toHaveProperty('reconciliation_report');
  });

  it('compliance-review files the planted CTRs, hits the planted names and scores the customer by the risk model', () => {
    const outputs = completed('compliance-review');
    const want = expected['compliance-review'] as Record<string, any>;
    const containing = (items: object[]) => items.map((item) => expect.objectContaining(item) as unknown);
    expect(outputs.compliance_screening.thresholdReports).toEqual(containing(want.thresholdReports));
    expect(outputs.compliance_screening.watchListHits).toEqual(containing(want.watchListHits));
    const risk = outputs.customer_risk as {
      entityId: string;
      score: number;
      level: string;
      drivers: Array<{ factor: string; contribution: number }>;
    };
    expect({ ...risk, drivers: risk.drivers.map(({ factor, contribution }) => ({ factor, contribution })) }).toEqual(want.customerRisk);
    expect(outputs.review_summary.findingCount).toBe(want.summary.findingCount);
    for (const fragment of want.summary.documentIncludes as string[]) expect(outputs.review_summary.document).toContain(fragment);
  });

  it('compliance-review skips the summary when nothing is reported or hit and the customer scores under 50', () => {
    const outputs = completed('compliance-review-clean');
    const want = expected['compliance-review-clean'] as Record<string, any>;
    expect(outputs.compliance_screening).toMatchObject({ thresholdReports: want.thresholdReports, watchListHits: want.watchListHits });
    expect(outputs.customer_risk).toMatchObject({ score: want.customerRisk.score, level: want.customerRisk.level });
    expect(outputs).not.toHaveProperty('review_summary');
  });
});
