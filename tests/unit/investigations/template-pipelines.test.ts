/**
 * The shipped templates run end to end on the sample data through the real agent functions (called directly,
 * without Temporal): proof that each step's resolved input passes its agent's strict schema and that results flow
 * from step to step as the templates intend.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createAgentActivities } from '../../../activities';
import { validateInvestigationInput, type InvestigationDefinition } from '../../../src/investigations';
import { loadTemplateFiles, shippedTemplatesDir } from '../../../src/investigations/template-files';
import { realCatalog, runLocally, type Agents } from './investigation-test-helpers';

const fixtures = path.join(__dirname, '../../fixtures');
const load = <T>(file: string): T => JSON.parse(readFileSync(path.join(fixtures, file), 'utf8')) as T;
const job = (type: string): Record<string, unknown> => load<{ data: Record<string, unknown> }>(`jobs/${type}.json`).data;

const templates = loadTemplateFiles(shippedTemplatesDir, realCatalog());
const template = (name: string): InvestigationDefinition => {
  const found = templates.get(name);
  if (!found) throw new Error(`no template ${name}`);
  return found;
};
const agents = createAgentActivities({
  describeJob: () => Promise.resolve(undefined),
  now: () => new Date('2026-04-01T09:00:00Z'),
}) as unknown as Agents;

interface Finding {
  rule: string;
  severity: string;
  transactionIds: string[];
}

describe('fraud-investigation on the sample case', () => {
  const request = load<{ template: string; caseId: string; priority: string; input: Record<string, unknown> }>(
    'investigations/fraud-investigation.json',
  );

  it('is a request for the template with an input its inputSchema accepts', () => {
    expect(request).toMatchObject({ template: 'fraud-investigation', caseId: 'CASE-2026-001', priority: 'HIGH' });
    expect(request.input.caseId).toBe(request.caseId);
    expect(validateInvestigationInput(template('fraud-investigation'), request.input)).toEqual([]);
  });

  it('runs every step on valid inputs and carries the findings through to the case summary', async () => {
    const { scope, inputs } = await runLocally(template('fraud-investigation'), request.input, agents);
    const status = Object.fromEntries(Object.entries(scope.steps).map(([name, state]) => [name, state.status]));
    expect(status).toEqual({
      evidence_collection: 'succeeded',
      pattern_analysis: 'succeeded',
      compliance_screening: 'succeeded',
      risk_assessment: 'succeeded',
      litigation_summary: 'succeeded',
    });

    const evidence = scope.steps.evidence_collection?.output as { duplicates: string[][] };
    expect(evidence.duplicates).toEqual([['EV-002', 'EV-003']]);

    const findings = (scope.steps.pattern_analysis?.output as { findings: Finding[] }).findings;
    expect(findings.map((finding) => finding.rule)).toEqual([
      'DUPLICATE_PAYMENT',
      'JUST_UNDER_THRESHOLD',
      'ROUND_AMOUNT',
      'BENFORD_DEVIATION',
      'VELOCITY',
    ]);
    // The risk and litigation steps received exactly the fraud step's findings, not a copy of the sample's.
    expect((inputs.risk_assessment as { findings: unknown }).findings).toBe(findings);
    expect((inputs.litigation_summary as { findings: unknown }).findings).toBe(findings);

    const risk = scope.steps.risk_assessment?.output as { entityId: string; score: number; level: string };
    expect(risk).toMatchObject({ entityId: 'ENT-0042', level: 'CRITICAL' });
    expect(risk.score).toBeGreaterThanOrEqual(75);

    const summary = scope.steps.litigation_summary?.output as {
      caseId: string;
      document: string;
      exhibits: Array<{ exhibit: string; rule: string; transactionIds: string[] }>;
      findingCount: number;
    };
    expect(inputs.litigation_summary).toMatchObject({
      caseId: 'CASE-2026-001',
      title: 'Fraud investigation CASE-2026-001: Northbridge Trading Co',
      parties: ['Northbridge Trading Co (subject)'],
    });
    expect(summary.caseId).toBe('CASE-2026-001');
    expect(summary.findingCount).toBe(5);
    expect(summary.exhibits[0]).toEqual({ exhibit: 'A-1', rule: 'DUPLICATE_PAYMENT', transactionIds: ['AP-0059', 'AP-0086'] });
    expect(summary.document).toContain('# Fraud investigation CASE-2026-001: Northbridge Trading Co');
    expect(summary.document).toContain('### A-1. Duplicate payment (HIGH)');
    expect(summary.document).toContain('KE-9120');
    expect(summary.document).toContain(`${risk.score}/100 (CRITICAL)`);
  });

  it('skips the case summary when the analysis finds nothing', async () => {
    const quiet = [
      { id: 'Q-1', date: '2026-03-02', amount: -512.4, counterparty: 'Coastal Fuel Services' },
      { id: 'Q-2', date: '2026-03-09', amount: -1_287.15, counterparty: 'Northwind Paints' },
    ];
    const { scope } = await runLocally(template('fraud-investigation'), { ...request.input, transactions: quiet }, agents);
    expect(scope.steps.pattern_analysis?.output).toMatchObject({ findings: [] });
    expect(scope.steps.risk_assessment?.status).toBe('succeeded');
    expect(scope.steps.litigation_summary).toEqual({ status: 'skipped' });
  });

  it('carries on without the compliance screening when it fails', async () => {
    const tooMany = Array.from({ length: 20_001 }, (_, i) => ({ name: `Listed Name ${i}` }));
    const { scope } = await runLocally(template('fraud-investigation'), { ...request.input, watchList: tooMany }, agents);
    expect(scope.steps.compliance_screening?.status).toBe('failed');
    expect(scope.steps.compliance_screening?.error?.message).toContain('watchList');
    expect(scope.steps.litigation_summary?.status).toBe('succeeded');
  });
});

describe('bank-reconciliation on the sample statement and payments', () => {
  it('reconciles, screens the payments, and reports the unmatched lines with the findings', async () => {
    const bank = job('BANK_STATEMENT_PROCESSING');
    const input = {
      caseId: 'CASE-2026-001',
      period: 'January 2026',
      statement: bank.statement,
      ledger: bank.ledger,
      payments: job('FRAUD_DETECTION').transactions,
    };
    expect(validateInvestigationInput(template('bank-reconciliation'), input)).toEqual([]);
    const { scope, inputs } = await runLocally(template('bank-reconciliation'), input, agents);
    expect(scope.steps.reconcile?.output).toMatchObject({ unmatchedStatement: ['BS-2601-08', 'BS-2601-16', 'BS-2601-17'] });
    expect(scope.steps.reconciliation_report?.status).toBe('succeeded');
    expect(inputs.reconciliation_report).toMatchObject({ reconciliation: { difference: -1182.59, matchedCount: 15 } });
    const report = scope.steps.reconciliation_report?.output as { document: string; findingCount: number };
    expect(report.findingCount).toBe(5);
    expect(report.document).toContain('# Bank reconciliation January 2026: items for review');
    expect(report.document).toContain('-1,182.59');
  });

  it('writes no report for a month that reconciles and screens clean', async () => {
    const line = { id: 'L-1', date: '2026-01-05', amount: -420.5, reference: 'INV-77' };
    const input = {
      caseId: 'CASE-2026-002',
      period: 'February 2026',
      statement: [{ ...line, id: 'S-1' }],
      ledger: [line],
      payments: [{ id: 'P-1', date: '2026-01-05', amount: -420.5, counterparty: 'Seaboard Chandlery' }],
    };
    const { scope } = await runLocally(template('bank-reconciliation'), input, agents);
    expect(scope.steps.reconcile?.output).toMatchObject({ unmatchedStatement: [], unmatchedLedger: [] });
    expect(scope.steps.reconciliation_report).toEqual({ status: 'skipped' });
  });
});

describe('compliance-review on the sample account activity', () => {
  it('screens, scores the customer, and summarises for the compliance officer when there are hits', async () => {
    const compliance = job('COMPLIANCE_MONITORING');
    const input = {
      caseId: 'CASE-2026-001',
      customer: { id: 'CUST-0107', name: 'Harbourline Marine Supplies Ltd', jurisdiction: 'GB', industry: 'Marine supplies' },
      transactions: compliance.transactions,
      watchList: compliance.watchList,
      riskFactors: {},
    };
    expect(validateInvestigationInput(template('compliance-review'), input)).toEqual([]);
    const { scope } = await runLocally(template('compliance-review'), input, agents);
    expect(scope.steps.compliance_screening?.output).toMatchObject({
      summary: { ctrCount: 1, aggregatedCtrCount: 1, watchListHitCount: 4 },
    });
    expect(scope.steps.customer_risk?.output).toMatchObject({ entityId: 'CUST-0107', level: 'LOW' });
    const summary = scope.steps.review_summary?.output as { document: string; findingCount: number };
    expect(summary.findingCount).toBe(0);
    expect(summary.document).toContain('# Compliance review CASE-2026-001: Harbourline Marine Supplies Ltd');
  });
});
