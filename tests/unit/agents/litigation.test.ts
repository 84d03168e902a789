import { prepareSummary } from '../../../activities/litigation';
import { escapeMarkdown } from '../../../activities/litigation/markdown';
import { litigationInputSchema } from '../../../activities/litigation/schema';
import { agentActivities, expectCountsOnly, expectInvalidJobData, quietActivityEnvironment } from './agent-test-helpers';

// prettier-ignore
const findings = [
  { rule: 'ROUND_AMOUNT', severity: 'LOW', transactionIds: ['T9'], explanation: 'Round amount of 5,000.00.' },
  { rule: 'DUPLICATE_PAYMENT', severity: 'HIGH', transactionIds: ['T1', 'T2'], explanation: 'Invoice KE-9120 paid twice.' },
  { rule: 'VELOCITY', severity: 'MEDIUM', transactionIds: ['T3', 'T4'], explanation: 'Seven payments in one day.' },
  { rule: 'JUST_UNDER_THRESHOLD', severity: 'HIGH', transactionIds: ['T5', 'T1'], explanation: 'Structuring.' },
];
const at = new Date('2026-04-01T09:30:00.000Z');
const run = (input: Record<string, unknown>) =>
  prepareSummary(litigationInputSchema.parse({ caseId: 'CASE-2026-001', findings, ...input }), at);

describe('case summary', () => {
  it('orders findings by severity, keeping input order within a severity, as exhibits A-1...', () => {
    const result = run({});
    expect(result.exhibits).toEqual([
      { exhibit: 'A-1', rule: 'DUPLICATE_PAYMENT', transactionIds: ['T1', 'T2'] },
      { exhibit: 'A-2', rule: 'JUST_UNDER_THRESHOLD', transactionIds: ['T5', 'T1'] },
      { exhibit: 'A-3', rule: 'VELOCITY', transactionIds: ['T3', 'T4'] },
      { exhibit: 'A-4', rule: 'ROUND_AMOUNT', transactionIds: ['T9'] },
    ]);
    expect(result).toMatchObject({ caseId: 'CASE-2026-001', generatedAt: '2026-04-01T09:30:00.000Z', findingCount: 4 });
    const doc = result.document;
    expect(doc.startsWith('# Case summary: CASE-2026-001\n')).toBe(true);
    expect(doc).toContain('4 findings: 2 of high, 1 of medium and 1 of low severity, concerning 6 distinct transactions.');
    expect(doc.indexOf('### A-1. Duplicate payment (HIGH)')).toBeLessThan(doc.indexOf('### A-4. Round amount (LOW)'));
    expect(doc).toContain('Exhibit A-1: transactions T1, T2.');
    expect(doc).toContain('No parties were named.');
    expect(doc).toContain('## Limitations');
    expect(doc).not.toContain('## Reconciliation');
    expect(doc).not.toContain('## Risk assessment');
  });

  it('adds parties, reconciliation and risk sections when given', () => {
    const doc = run({
      title: 'Harbourline v Northbridge',
      parties: ['Harbourline Marine Supplies Ltd', 'Northbridge Trading Co'],
      reconciliation: { matchedCount: 15, statementTotal: -924.14, difference: -1182.59, unmatchedStatement: ['x'] },
      risk: {
        entityId: 'ENT-0042',
        score: 67,
        level: 'HIGH',
        drivers: [{ factor: 'PEP_EXPOSURE', contribution: 20, explanation: 'A PEP.' }],
      },
    }).document;
    expect(doc.startsWith('# Harbourline v Northbridge\n')).toBe(true);
    expect(doc).toContain('- Harbourline Marine Supplies Ltd\n- Northbridge Trading Co');
    expect(doc).toContain('The bank statement and the ledger differ by -1,182.59 after 15 matched pairs.');
    expect(doc).toContain('| Statement total | -924.14 |');
    expect(doc).toContain('The risk score of ENT-0042 is **67/100**, level **HIGH**.');
    expect(doc).toContain('| PEP\\_EXPOSURE | 20 | A PEP. |');
  });

  it('escapes Markdown in supplied text and abbreviates long exhibit lists', () => {
    expect(escapeMarkdown('# *Acme* <script> | x_y\n- item')).toBe('\\# \\*Acme\\* \\<script\\> \\| x\\_y - item');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    const many = Array.from({ length: 150 }, (_, i) => `T${i}`);
    const burst = { rule: 'VELOCITY', severity: 'MEDIUM', transactionIds: many, explanation: 'Burst.' };
    const result = run({ findings: [burst] });
    expect(result.document).toContain('and 50 more (see the exhibit list).');
    expect(result.exhibits[0]?.transactionIds).toHaveLength(150);
  });

  it('writes a summary with no findings', () => {
    const result = run({ findings: [] });
    expect(result.exhibits).toEqual([]);
    expect(result.document).toContain('No findings were presented.');
  });
});

describe('prepareCaseSummary activity', () => {
  it('dates the document with the injected clock and logs counts only', async () => {
    const { run: runActivity, logs } = quietActivityEnvironment();
    const { prepareCaseSummary } = agentActivities({ now: () => at }).litigation;
    const result = await runActivity(prepareCaseSummary, { caseId: 'CASE-1', findings: findings.slice(0, 1) });
    expect(result.generatedAt).toBe('2026-04-01T09:30:00.000Z');
    expect(result.document).toContain('**Prepared:** 2026-04-01T09:30:00.000Z');
    expectCountsOnly(logs.find((l) => l.message === 'Case summary prepared')?.meta);
    expect(JSON.stringify(logs)).not.toContain('Round amount');
  });

  it("dates the document with the workflow's step context, never the worker's clock, and refuses a malformed one", async () => {
    const { prepareCaseSummary } = agentActivities().litigation;
    const data = { caseId: 'CASE-1', findings: findings.slice(0, 1) };
    const first = await prepareCaseSummary(data, { asOf: '2026-03-15T08:00:00.000Z' });
    const again = await prepareCaseSummary(data, { asOf: '2026-03-15T08:00:00.000Z' });
    expect(first.generatedAt).toBe('2026-03-15T08:00:00.000Z');
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    await expect(prepareCaseSummary(data, { asOf: 'yesterday' })).rejects.toMatchObject({
      type: 'InvalidWorkflowInput',
      nonRetryable: true,
      message: expect.stringContaining('asOf'),
    });
  });

  it('uses the system clock only for steps of runs from before the step context (no second argument)', async () => {
    const before = Date.now();
    const result = await agentActivities().litigation.prepareCaseSummary({ caseId: 'CASE-1', findings: [] });
    expect(Date.parse(result.generatedAt)).toBeGreaterThanOrEqual(before);
  });

  it('rejects invalid and hostile data, naming the field', async () => {
    const { prepareCaseSummary } = agentActivities({ now: () => at }).litigation;
    await expectInvalidJobData(() => prepareCaseSummary({ findings: [] }), 'caseId');
    await expectInvalidJobData(
      () => prepareCaseSummary({ caseId: 'C', findings: [{ ...findings[0], severity: 'URGENT' }] }),
      'findings[0].severity',
    );
    await expectInvalidJobData(() => prepareCaseSummary({ caseId: 'C', findings: [], risk: { score: 101, level: 'HIGH' } }), 'risk.score');
    await expectInvalidJobData(() => prepareCaseSummary({ caseId: 'C', findings: [], parties: new Array(101).fill('A') }), 'parties');
    await expectInvalidJobData(
      () => prepareCaseSummary({ caseId: 'C', findings: [{ ...findings[0], explanation: 'x'.repeat(10_001) }] }),
      'findings[0].explanation',
    );
  });
});
