import { detect } from '../../../activities/fraud';
import { benfordExpected, benfordStatistics, firstDigit } from '../../../activities/fraud/benford';
import { isRoundAmount } from '../../../activities/fraud/amount-rules';
import { fraudInputSchema, type FraudInput } from '../../../activities/fraud/schema';
import { agentActivities, expectCountsOnly, expectInvalidJobData, quietActivityEnvironment } from './agent-test-helpers';

type Tx = { id: string; date: string; amount: number; counterparty: string; reference?: string };

const run = (transactions: Tx[], options: Partial<FraudInput['options']> = {}) => detect(fraudInputSchema.parse({ transactions, options }));
const fired = (result: ReturnType<typeof detect>, rule: string) =>
  result.findings.filter((f) => f.rule === rule).map((f) => ({ severity: f.severity, ids: f.transactionIds }));

/** Amounts spread log-uniformly over several decades follow Benford's law; deterministic via a fixed sequence. */
function benfordLike(count: number): Tx[] {
  return Array.from({ length: count }, (_, i) => {
    const exponent = 1 + ((i * 0.6180339887) % 1) * 3; // 10 .. 10,000, evenly spread in log scale
    const amount = Math.round(10 ** exponent * 100 + 37) / 100;
    const date = `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`;
    return { id: `B${i}`, date, amount, counterparty: `Vendor ${i % 40}` };
  });
}

describe('fraud rules', () => {
  it('DUPLICATE_PAYMENT: same counterparty and amount on the same date or with the same reference', () => {
    const result = run([
      { id: 'T1', date: '2026-02-03', amount: -4318.75, counterparty: 'Kelp Electrical', reference: 'KE-9120' },
      { id: 'T2', date: '2026-02-17', amount: -4318.75, counterparty: 'KELP  ELECTRICAL', reference: 'ke 9120' },
      { id: 'T3', date: '2026-03-01', amount: 70.1, counterparty: 'Dockside' },
      { id: 'T4', date: '2026-03-01', amount: 70.1, counterparty: 'Dockside' },
      { id: 'T5', date: '2026-03-01', amount: -70.1, counterparty: 'Dockside' },
      { id: 'T6', date: '2026-03-02', amount: 70.1, counterparty: 'Dockside' },
    ]);
    expect(fired(result, 'DUPLICATE_PAYMENT')).toEqual([
      { severity: 'HIGH', ids: ['T1', 'T2'] },
      { severity: 'HIGH', ids: ['T3', 'T4'] },
    ]);
    expect(result.findings[0]?.explanation).toContain('4,318.75 may be recoverable');
  });

  it('ROUND_AMOUNT: multiples of 100 from the minimum, of 1,000 from 10,000; MEDIUM from 3 per counterparty', () => {
    expect([1000, 2300, 999, 12000, 12300, 5000.5].map((a) => isRoundAmount(Math.round(a * 100), 100_000))).toEqual([
      true,
      true,
      false,
      true,
      false,
      false,
    ]);
    const result = run([
      { id: 'T1', date: '2026-01-15', amount: -5000, counterparty: 'Meridian' },
      { id: 'T2', date: '2026-02-16', amount: -5000, counterparty: 'Meridian', reference: 'MCG-102' },
      { id: 'T3', date: '2026-03-02', amount: -25000, counterparty: 'Meridian' },
      { id: 'T4', date: '2026-03-02', amount: -2000, counterparty: 'Other' },
      { id: 'T5', date: '2026-03-02', amount: -500, counterparty: 'Other' },
    ]);
    expect(fired(result, 'ROUND_AMOUNT')).toEqual([
      { severity: 'MEDIUM', ids: ['T1', 'T2', 'T3'] },
      { severity: 'LOW', ids: ['T4'] },
    ]);
  });

  it('JUST_UNDER_THRESHOLD: HIGH when one counterparty gets several (structuring)', () => {
    const result = run([
      { id: 'T1', date: '2026-02-09', amount: -9850, counterparty: 'Northbridge' },
      { id: 'T2', date: '2026-02-10', amount: 9720, counterparty: 'Northbridge' },
      { id: 'T3', date: '2026-02-10', amount: 9000, counterparty: 'Solo' },
      { id: 'T4', date: '2026-02-10', amount: 8999.99, counterparty: 'Solo' },
      { id: 'T5', date: '2026-02-10', amount: 10000, counterparty: 'Solo' },
    ]);
    expect(fired(result, 'JUST_UNDER_THRESHOLD')).toEqual([
      { severity: 'HIGH', ids: ['T1', 'T2'] },
      { severity: 'MEDIUM', ids: ['T3'] },
    ]);
    const custom = run([{ id: 'T1', date: '2026-02-09', amount: 4900, counterparty: 'A' }], {
      reportingThreshold: 5000,
      justUnderMargin: 0.05,
    });
    expect(fired(custom, 'JUST_UNDER_THRESHOLD')).toEqual([{ severity: 'MEDIUM', ids: ['T1'] }]);
  });

  it('VELOCITY: more than the limit inside the window, overlapping windows merged into one finding', () => {
    const burst = (prefix: string, dates: string[]) =>
      dates.map((date, i) => ({ id: `${prefix}${i}`, date, amount: 100 + i + 0.5, counterparty: 'QuickShip' }));
    const sameDay = run(burst('Q', Array(6).fill('2026-03-10')));
    expect(fired(sameDay, 'VELOCITY')).toEqual([{ severity: 'MEDIUM', ids: ['Q0', 'Q1', 'Q2', 'Q3', 'Q4', 'Q5'] }]);
    expect(fired(run(burst('Q', Array(5).fill('2026-03-10'))), 'VELOCITY')).toEqual([]);
    const twoDays = burst('Q', ['2026-03-10', '2026-03-10', '2026-03-10', '2026-03-11', '2026-03-11', '2026-03-11']);
    expect(fired(run(twoDays), 'VELOCITY')).toEqual([]);
    expect(fired(run(twoDays, { velocityWindowDays: 2 }), 'VELOCITY')).toHaveLength(1);
    const week = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07'];
    const long = burst('Q', week);
    expect(fired(run(long, { velocityWindowDays: 6 }), 'VELOCITY')).toEqual([
      { severity: 'MEDIUM', ids: ['Q0', 'Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6'] },
    ]);
    expect(fired(run(burst('Q', Array(11).fill('2026-03-10'))), 'VELOCITY')[0]?.severity).toBe('HIGH');
  });

  it('BENFORD_DEVIATION: silent on conforming data and on small samples, fires on skewed first digits', () => {
    expect(benfordExpected.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect([1, 45, 999, 100_000, 7].map(firstDigit)).toEqual([1, 4, 9, 1, 7]);
    expect(fired(run(benfordLike(300)), 'BENFORD_DEVIATION')).toEqual([]);

    const shell = Array.from({ length: 40 }, (_, i) => ({
      id: `F${i}`,
      date: '2026-02-01',
      amount: 4100 + i * 21.5,
      counterparty: `Shell ${i}`,
    }));
    const skewed = [...benfordLike(120), ...shell];
    const result = run(skewed);
    const [finding] = result.findings.filter((f) => f.rule === 'BENFORD_DEVIATION');
    expect(finding?.severity).toBe('HIGH');
    expect(finding?.explanation).toMatch(/chi-square \d+\.\d\d/);
    expect(finding?.explanation).toContain('first digit: 4 (');
    expect(finding?.transactionIds).toEqual(expect.arrayContaining(['F0', 'F39']));
    const amountOf = new Map(skewed.map((t) => [t.id, t.amount]));
    const digits = finding?.transactionIds.map((id) => firstDigit(Math.round(Math.abs(amountOf.get(id) ?? 0) * 100)));
    expect(new Set(digits)).toEqual(new Set([4]));

    expect(fired(run(skewed.slice(80)), 'BENFORD_DEVIATION')).toEqual([]);
    expect(fired(run(skewed.slice(80), { benfordMinSample: 50 }), 'BENFORD_DEVIATION')).toHaveLength(1);
  });

  it('computes the chi-square statistic', () => {
    const stats = benfordStatistics([100, 100, 200, 900]);
    expect(stats.sampleSize).toBe(4);
    expect(stats.observed).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 1]);
    const expectedChi = benfordExpected.reduce((sum, p, i) => sum + ((stats.observed[i] ?? 0) - 4 * p) ** 2 / (4 * p), 0);
    expect(stats.chiSquare).toBeCloseTo(expectedChi, 10);
  });

  it('orders findings by severity and summarises them', () => {
    const velocity = Array.from({ length: 6 }, (_, i) => ({
      id: `V${i}`,
      date: '2026-01-04',
      amount: 10.5 + i,
      counterparty: 'D',
    }));
    const result = run([
      { id: 'T1', date: '2026-01-01', amount: 2000, counterparty: 'A' },
      { id: 'T2', date: '2026-01-02', amount: 9500.5, counterparty: 'B' },
      { id: 'T3', date: '2026-01-02', amount: 9600.25, counterparty: 'B' },
      { id: 'T4', date: '2026-01-03', amount: 12.34, counterparty: 'C' },
      ...velocity,
      { id: 'T5', date: '2026-01-05', amount: 3000, counterparty: 'E' },
    ]);
    expect(result.findings.map((f) => [f.rule, f.severity, f.transactionIds[0]])).toEqual([
      ['JUST_UNDER_THRESHOLD', 'HIGH', 'T2'],
      ['VELOCITY', 'MEDIUM', 'V0'],
      ['ROUND_AMOUNT', 'LOW', 'T1'],
      ['ROUND_AMOUNT', 'LOW', 'T5'],
    ]);
    expect(result.summary).toEqual({
      byRule: { DUPLICATE_PAYMENT: 0, ROUND_AMOUNT: 2, JUST_UNDER_THRESHOLD: 1, BENFORD_DEVIATION: 0, VELOCITY: 1 },
      bySeverity: { HIGH: 1, MEDIUM: 1, LOW: 2 },
      flaggedTransactionIds: ['T1', 'T2', 'T3', 'V0', 'V1', 'V2', 'V3', 'V4', 'V5', 'T5'],
    });
    expect(result.transactionCount).toBe(11);
  });

  it('handles 50,000 transactions, the most a job may carry', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => ({
      id: `T${i}`,
      date: `2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`,
      amount: 10 + (i % 977) * 3.17,
      counterparty: `Vendor ${i % 500}`,
    }));
    const result = run(many);
    expect(result.transactionCount).toBe(50_000);
  });
});

describe('detectFraud activity', () => {
  const { detectFraud } = agentActivities().fraud;

  it('runs in an activity context and logs counts only', async () => {
    const { run: runActivity, logs } = quietActivityEnvironment();
    const result = await runActivity(detectFraud, {
      transactions: [{ id: 'T1', date: '2026-01-01', amount: 9900.5, counterparty: 'Secret Counterparty' }],
    });
    expect(result.findings.map((f) => f.rule)).toEqual(['JUST_UNDER_THRESHOLD']);
    const summary = logs.find((l) => l.message === 'Fraud rules run');
    expectCountsOnly(summary?.meta);
    expect(JSON.stringify(logs)).not.toContain('Secret');
  });

  it('rejects invalid and hostile data, naming the field', async () => {
    const tx = { id: 'T1', date: '2026-01-01', amount: 1, counterparty: 'A' };
    await expectInvalidJobData(() => detectFraud({ transactions: [{ ...tx, counterparty: '  ' }] }), 'transactions[0].counterparty');
    await expectInvalidJobData(() => detectFraud({ transactions: [{ ...tx, date: '01/02/2026' }] }), 'transactions[0].date');
    await expectInvalidJobData(() => detectFraud({ transactions: [tx], options: { justUnderMargin: 1.5 } }), 'options.justUnderMargin');
    await expectInvalidJobData(() => detectFraud({ transactions: [tx], options: { unknown: 1 } }), 'options');
    await expectInvalidJobData(() => detectFraud({ transactions: new Array(50_001).fill(tx) }), 'transactions');
    await expectInvalidJobData(() => detectFraud({}), 'transactions');
    await expectInvalidJobData(() => detectFraud(null), '(root)');
  });
});
