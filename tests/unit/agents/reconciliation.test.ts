import { reconcile } from '../../../activities/reconciliation';
import { maxCandidatesPerLine } from '../../../activities/reconciliation/candidate-index';
import { reconciliationInputSchema, type ReconciliationInput } from '../../../activities/reconciliation/schema';
import { agentActivities, expectCountsOnly, expectInvalidJobData, quietActivityEnvironment } from './agent-test-helpers';

type Line = { id: string; date: string; amount: number; reference?: string; description?: string };

function run(statement: Line[], ledger: Line[], options: Partial<ReconciliationInput['options']> = {}) {
  return reconcile(reconciliationInputSchema.parse({ statement, ledger, options }));
}

const pairs = (result: ReturnType<typeof reconcile>) => result.matched.map((m) => [m.statementId, m.ledgerId]);

describe('reconcile', () => {
  it('matches equal amounts on close dates and reports both sides of what is left', () => {
    const result = run(
      [
        { id: 'S1', date: '2026-01-02', amount: 100, description: 'ACME LTD INV 1043' },
        { id: 'S2', date: '2026-01-05', amount: -25, description: 'ACCOUNT FEE' },
      ],
      [
        { id: 'L1', date: '2026-01-04', amount: 100, reference: 'INV-1043', description: 'Acme' },
        { id: 'L2', date: '2026-01-05', amount: -40, description: 'Cheque 100234' },
      ],
    );
    expect(result.matched).toEqual([{ statementId: 'S1', ledgerId: 'L1', amount: 100, dateDifferenceDays: 2, similarity: 1, score: 0.85 }]);
    expect(result.unmatchedStatement).toEqual(['S2']);
    expect(result.unmatchedLedger).toEqual(['L2']);
    expect(result.totals).toEqual({
      statementCount: 2,
      ledgerCount: 2,
      matchedCount: 1,
      statementTotal: 75,
      ledgerTotal: 60,
      matchedTotal: 100,
      unmatchedStatementTotal: -25,
      unmatchedLedgerTotal: -40,
      difference: 15,
    });
  });

  it('lets the text decide between two candidates of the same amount', () => {
    const result = run(
      [
        { id: 'S1', date: '2026-01-08', amount: -600, description: 'CARD COASTAL FUEL SERVICES' },
        { id: 'S2', date: '2026-01-09', amount: -600, description: 'DD PORT AUTHORITY BERTH FEES' },
      ],
      [
        { id: 'L1', date: '2026-01-09', amount: -600, description: 'Port Authority berth fees' },
        { id: 'L2', date: '2026-01-09', amount: -600, description: 'Coastal Fuel Services diesel' },
      ],
    );
    expect(pairs(result)).toEqual([
      ['S1', 'L2'],
      ['S2', 'L1'],
    ]);
  });

  it('finds a reference embedded in the other side as whole words only', () => {
    const matched = run(
      [{ id: 'S1', date: '2026-01-02', amount: 5, description: 'PAYMENT 1043 THANK YOU' }],
      [{ id: 'L1', date: '2026-01-02', amount: 5, reference: '1043' }],
    );
    expect(matched.matched[0]?.similarity).toBe(1);
    const partOfAnotherNumber = run(
      [{ id: 'S1', date: '2026-01-02', amount: 5, description: 'PAYMENT 21043' }],
      [{ id: 'L1', date: '2026-01-02', amount: 5, reference: '1043' }],
    );
    expect(partOfAnotherNumber.matched).toEqual([]);
  });

  it('respects the date tolerance', () => {
    const statement = [{ id: 'S1', date: '2026-01-01', amount: 10 }];
    const ledger = [{ id: 'L1', date: '2026-01-05', amount: 10 }];
    expect(run(statement, ledger).matched).toEqual([]);
    expect(pairs(run(statement, ledger, { dateToleranceDays: 4 }))).toEqual([['S1', 'L1']]);
  });

  it('compares amounts in cents, so floating-point sums still match', () => {
    const result = run([{ id: 'S1', date: '2026-01-01', amount: 0.1 + 0.2 }], [{ id: 'L1', date: '2026-01-01', amount: 0.3 }]);
    expect(pairs(result)).toEqual([['S1', 'L1']]);
    expect(result.totals.difference).toBe(0);
  });

  it('applies the amount tolerance and prefers the closer amount', () => {
    const statement = [{ id: 'S1', date: '2026-01-01', amount: 100 }];
    const ledger = [
      { id: 'L1', date: '2026-01-01', amount: 100.5 },
      { id: 'L2', date: '2026-01-01', amount: 99.9 },
    ];
    expect(run(statement, ledger).matched).toEqual([]);
    expect(pairs(run(statement, ledger, { amountTolerance: 1 }))).toEqual([['S1', 'L2']]);
  });

  it('rejects pairs whose texts are too different, but matches lines without text on amount and date', () => {
    const unrelated = run(
      [{ id: 'S1', date: '2026-01-01', amount: 10, description: 'SALARY JOHN' }],
      [{ id: 'L1', date: '2026-01-01', amount: 10, description: 'Stationery order' }],
    );
    expect(unrelated.matched).toEqual([]);
    const textless = run(
      [{ id: 'S1', date: '2026-01-01', amount: 10, description: 'SALARY' }],
      [{ id: 'L1', date: '2026-01-01', amount: 10 }],
    );
    expect(textless.matched).toEqual([{ statementId: 'S1', ledgerId: 'L1', amount: 10, dateDifferenceDays: 0, similarity: 0, score: 0.5 }]);
  });

  it('matches one-to-one with ties broken by id', () => {
    const result = run(
      [
        { id: 'S2', date: '2026-01-01', amount: 10 },
        { id: 'S1', date: '2026-01-01', amount: 10 },
      ],
      [{ id: 'L1', date: '2026-01-01', amount: 10 }],
    );
    expect(pairs(result)).toEqual([['S1', 'L1']]);
    expect(result.unmatchedStatement).toEqual(['S2']);
  });

  it('stays one-to-one, with a bounded candidate list, when thousands of lines share one amount and date', () => {
    const lines = (prefix: string) =>
      Array.from({ length: 3_000 }, (_, i) => ({
        id: `${prefix}${String(i).padStart(5, '0')}`,
        date: '2026-01-01',
        amount: 50,
      }));
    const result = run(lines('S'), lines('L'));
    expect(result.matched).toHaveLength(3_000);
    expect(new Set(result.matched.map((m) => m.ledgerId)).size).toBe(3_000);
    expect(maxCandidatesPerLine).toBeGreaterThan(0);
  });

  it('still finds an exact reference in a crowded bucket', () => {
    const ledger = Array.from({ length: 200 }, (_, i) => ({
      id: `L${String(i).padStart(3, '0')}`,
      date: '2026-01-01',
      amount: 50,
      reference: `R${i}`,
    }));
    const result = run([{ id: 'S1', date: '2026-01-01', amount: 50, reference: 'R199' }], ledger);
    expect(pairs(result)).toEqual([['S1', 'L199']]);
  });
});

describe('reconciliation input', () => {
  const { reconcileStatement } = agentActivities().reconciliation;

  it('names the failing field of invalid data', async () => {
    await expectInvalidJobData(
      () => reconcileStatement({ statement: [{ id: 'S1', date: '2026-02-30', amount: 1 }], ledger: [] }),
      'statement[0].date',
    );
    await expectInvalidJobData(
      () => reconcileStatement({ statement: [], ledger: [{ id: 'L1', date: '2026-01-01', amount: '1' }] }),
      'ledger[0].amount',
    );
    await expectInvalidJobData(() => reconcileStatement({ statement: [], ledger: [], extra: 1 }), '(root)');
    await expectInvalidJobData(
      () => reconcileStatement({ statement: [], ledger: [], options: { dateToleranceDays: -1 } }),
      'options.dateToleranceDays',
    );
  });

  it('rejects duplicate ids, which would make the result ambiguous', async () => {
    const line = { id: 'S1', date: '2026-01-01', amount: 1 };
    await expectInvalidJobData(() => reconcileStatement({ statement: [line, line], ledger: [] }), 'statement[1].id');
  });

  it('rejects hostile sizes', async () => {
    const line = { id: 'x', date: '2026-01-01', amount: 1 };
    await expectInvalidJobData(() => reconcileStatement({ statement: new Array(50_001).fill(line), ledger: [] }), 'statement');
    await expectInvalidJobData(() => reconcileStatement({ statement: [{ ...line, amount: 1e15 }], ledger: [] }), 'statement[0].amount');
    await expectInvalidJobData(
      () => reconcileStatement({ statement: [{ ...line, description: 'x'.repeat(2_001) }], ledger: [] }),
      'statement[0].description',
    );
  });
});

describe('reconcileStatement activity', () => {
  it('runs in an activity context and logs counts only', async () => {
    const { run: runActivity, logs } = quietActivityEnvironment();
    const { reconcileStatement } = agentActivities().reconciliation;
    const result = await runActivity(reconcileStatement, {
      statement: [{ id: 'S1', date: '2026-01-01', amount: 12.5, description: 'ACME' }],
      ledger: [{ id: 'L1', date: '2026-01-02', amount: 12.5, description: 'Acme' }],
    });
    expect(pairs(result)).toEqual([['S1', 'L1']]);
    const summary = logs.filter((l) => l.message === 'Statement reconciled');
    expect(summary).toHaveLength(1);
    expectCountsOnly(summary[0]?.meta);
    expect(summary[0]?.meta).toMatchObject({ statementLines: 1, ledgerLines: 1, matched: 1 });
    expect(JSON.stringify(logs)).not.toContain('ACME');
  });
});
