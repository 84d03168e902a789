/**
 * The sample jobs in tests/fixtures/jobs are what the docs and the integration tests use: each must be a valid
 * request body whose data gives exactly the facts recorded in expected.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createAgentActivities } from '../../../activities';
import { loadConfig } from '../../../src/config/load-config';
import { jobDataSchema } from '../../../src/jobs/job-data-schemas';
import { submitJobRequestSchema } from '../../../src/jobs/job-request';

const dir = path.join(__dirname, '../../fixtures/jobs');
const load = (name: string): unknown => JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
const expected = load('expected.json') as Record<string, Record<string, unknown>>;
const config = loadConfig(path.resolve(__dirname, '../../../temporal.yaml'), {});
const agents = createAgentActivities({
  describeJob: () => Promise.resolve(undefined),
  now: () => new Date('2026-04-01T09:00:00Z'),
});

function job(type: string): { data: unknown } {
  const body = load(`${type}.json`) as { name: string; type: string; priority: string; caseId: string; data: unknown };
  expect(body).toMatchObject({ type, priority: 'NORMAL', caseId: 'CASE-2026-001', name: expect.any(String) });
  // Exactly what the HTTP facade checks before it starts a job.
  expect(submitJobRequestSchema.safeParse(body).error).toBeUndefined();
  expect(jobDataSchema(config, type).safeParse(body.data).error).toBeUndefined();
  expect(readFileSync(path.join(dir, `${type}.json`)).length).toBeLessThan(100_000);
  return body;
}

describe('job fixtures', () => {
  it('BANK_STATEMENT_PROCESSING', async () => {
    const facts = expected.BANK_STATEMENT_PROCESSING as Record<string, unknown>;
    const result = await agents.reconciliation.reconcileStatement(job('BANK_STATEMENT_PROCESSING').data);
    expect(result.matched.map((m) => [m.statementId, m.ledgerId])).toEqual(facts.matchedPairs);
    expect(result.unmatchedStatement).toEqual(facts.unmatchedStatement);
    expect(result.unmatchedLedger).toEqual(facts.unmatchedLedger);
    expect(result.totals).toEqual(facts.totals);
    for (const [id, days] of Object.entries(facts.timingDifferences as Record<string, number>)) {
      expect(result.matched.find((m) => m.statementId === id)?.dateDifferenceDays).toBe(days);
    }
  });

  it('FRAUD_DETECTION', async () => {
    const facts = expected.FRAUD_DETECTION as Record<string, unknown>;
    const result = await agents.fraud.detectFraud(job('FRAUD_DETECTION').data);
    expect(result.transactionCount).toBe(facts.transactionCount);
    expect(result.transactionCount).toBeGreaterThanOrEqual(100);
    const findings = result.findings.map(({ rule, severity, transactionIds }) => ({ rule, severity, transactionIds }));
    expect(findings).toEqual(facts.findings);
    expect(result.summary.byRule).toEqual(facts.byRule);
    expect(result.summary.bySeverity).toEqual(facts.bySeverity);
    expect(Object.values(result.summary.byRule).every((count) => count >= 1)).toBe(true);
  });

  it('RISK_ASSESSMENT', async () => {
    const facts = expected.RISK_ASSESSMENT as Record<string, unknown>;
    const result = await agents.risk.assessRisk(job('RISK_ASSESSMENT').data);
    expect({ entityId: result.entityId, score: result.score, level: result.level }).toEqual({
      entityId: facts.entityId,
      score: facts.score,
      level: facts.level,
    });
    expect(result.drivers.map(({ factor, contribution }) => ({ factor, contribution }))).toEqual(facts.drivers);
  });

  it('EVIDENCE_PROCESSING', async () => {
    const facts = expected.EVIDENCE_PROCESSING as Record<string, unknown>;
    const result = await agents.evidence.processEvidence(job('EVIDENCE_PROCESSING').data);
    expect(result.items).toEqual(facts.items);
    expect(result.duplicates).toEqual(facts.duplicates);
    expect(result.totalBytes).toBe(facts.totalBytes);
  });

  it('LITIGATION_SUPPORT', async () => {
    const facts = expected.LITIGATION_SUPPORT as Record<string, unknown>;
    const result = await agents.litigation.prepareCaseSummary(job('LITIGATION_SUPPORT').data);
    expect(result.caseId).toBe(facts.caseId);
    expect(result.findingCount).toBe(facts.findingCount);
    expect(result.exhibits).toEqual(facts.exhibits);
    for (const fragment of facts.documentIncludes as string[]) expect(result.document).toContain(fragment);
  });

  it('COMPLIANCE_MONITORING', async () => {
    const facts = expected.COMPLIANCE_MONITORING as Record<string, unknown>;
    const result = await agents.compliance.monitorCompliance(job('COMPLIANCE_MONITORING').data);
    const reports = result.thresholdReports.map(({ reportType, counterparty, transactionIds, total }) => ({
      reportType,
      counterparty,
      transactionIds,
      total,
    }));
    expect(reports).toEqual(facts.thresholdReports);
    const hits = result.watchListHits.map(({ counterparty, watchListName, matchedName, transactionIds, score }) => ({
      counterparty,
      watchListName,
      matchedName,
      transactionIds,
      score,
    }));
    expect(hits).toEqual(facts.watchListHits);
    expect(result.screenedCounterparties).toBe(facts.screenedCounterparties);
    const flagged = new Set(result.summary.flaggedTransactionIds);
    for (const ids of Object.values(facts.notReported as Record<string, string[]>)) {
      for (const id of ids) expect(flagged.has(id)).toBe(false);
    }
    for (const name of facts.notHit as string[]) {
      expect(result.watchListHits.some((h) => h.counterparty === name)).toBe(false);
    }
  });
});
