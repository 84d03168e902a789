import { assess } from '../../../activities/risk';
import { riskLevel } from '../../../activities/risk/risk-model';
import { riskInputSchema } from '../../../activities/risk/schema';
import { agentActivities, expectCountsOnly, expectInvalidJobData, quietActivityEnvironment } from './agent-test-helpers';

const entity = { id: 'ENT-1', name: 'Northbridge Trading Co' };
const run = (input: Record<string, unknown>) => assess(riskInputSchema.parse({ entity, ...input }));
const structuring = {
  rule: 'JUST_UNDER_THRESHOLD',
  severity: 'HIGH' as const,
  transactionIds: ['T1', 'T2'],
  explanation: 'Two payments just under 10,000.',
};

describe('risk model', () => {
  it('scores zero with no risk factors', () => {
    expect(run({})).toEqual({ entityId: 'ENT-1', score: 0, level: 'LOW', drivers: [] });
  });

  it('adds the documented points per factor, largest driver first', () => {
    const result = run({
      entity: { ...entity, jurisdiction: 'VG', industry: 'Money services business', yearsInBusiness: 0.5 },
      findings: [structuring, { ...structuring, rule: 'ROUND_AMOUNT', severity: 'LOW' }],
      factors: { pepExposure: true, adverseMedia: 2, highRiskJurisdiction: true },
    });
    expect(result.drivers.map((d) => [d.factor, d.contribution])).toEqual([
      ['PEP_EXPOSURE', 20],
      ['HIGH_RISK_JURISDICTION', 15],
      ['FRAUD_FINDINGS', 14],
      ['ADVERSE_MEDIA', 10],
      ['HIGH_RISK_INDUSTRY', 10],
      ['NEW_BUSINESS', 10],
    ]);
    expect(result.score).toBe(79);
    expect(result.level).toBe('CRITICAL');
    expect(result.drivers[1]?.explanation).toContain('(VG)');
  });

  it('makes a sanctions hit alone CRITICAL and caps the score at 100', () => {
    expect(run({ factors: { sanctionsHit: true } })).toMatchObject({ score: 75, level: 'CRITICAL' });
    const everything = run({
      entity: { ...entity, industry: 'Casino', yearsInBusiness: 0 },
      findings: Array.from({ length: 10 }, (_, i) => ({ ...structuring, transactionIds: [`T${i}`] })),
      factors: { sanctionsHit: true, pepExposure: true, adverseMedia: 50, highRiskJurisdiction: true },
    });
    expect(everything.score).toBe(100);
    expect(everything.drivers.find((d) => d.factor === 'FRAUD_FINDINGS')?.contribution).toBe(40);
    expect(everything.drivers.find((d) => d.factor === 'ADVERSE_MEDIA')?.contribution).toBe(15);
  });

  it('screens given transactions and counts a finding given twice once', () => {
    const transactions = [
      { id: 'T1', date: '2026-02-09', amount: -9850, counterparty: 'Northbridge Trading Co' },
      { id: 'T2', date: '2026-02-10', amount: -9720, counterparty: 'Northbridge Trading Co' },
    ];
    expect(run({ transactions }).drivers).toEqual([expect.objectContaining({ factor: 'FRAUD_FINDINGS', contribution: 12 })]);
    expect(run({ transactions, findings: [{ ...structuring, transactionIds: ['T2', 'T1'] }] }).score).toBe(12);
  });

  it('matches high-risk industries as whole words', () => {
    expect(run({ entity: { ...entity, industry: 'Precious metals trading' } }).score).toBe(10);
    expect(run({ entity: { ...entity, industry: 'Goldsmith tools' } }).score).toBe(0);
    expect(run({ entity: { ...entity, yearsInBusiness: 2 } }).score).toBe(5);
    expect(run({ entity: { ...entity, yearsInBusiness: 3 } }).score).toBe(0);
  });

  it('maps scores to levels at 25, 50 and 75', () => {
    const levels = [0, 24, 25, 49, 50, 74, 75, 100].map(riskLevel);
    expect(levels).toEqual(['LOW', 'LOW', 'MEDIUM', 'MEDIUM', 'HIGH', 'HIGH', 'CRITICAL', 'CRITICAL']);
  });
});

describe('assessRisk activity', () => {
  const { assessRisk } = agentActivities().risk;

  it('runs in an activity context and logs counts only', async () => {
    const { run: runActivity, logs } = quietActivityEnvironment();
    const result = await runActivity(assessRisk, { entity, factors: { pepExposure: true } });
    expect(result).toMatchObject({ entityId: 'ENT-1', score: 20, level: 'LOW' });
    expectCountsOnly(logs.find((l) => l.message === 'Risk assessed')?.meta);
    expect(JSON.stringify(logs)).not.toContain('Northbridge');
  });

  it('rejects invalid and hostile data, naming the field', async () => {
    await expectInvalidJobData(() => assessRisk({ entity: { id: '', name: 'A' } }), 'entity.id');
    await expectInvalidJobData(() => assessRisk({ entity, factors: { adverseMedia: -1 } }), 'factors.adverseMedia');
    await expectInvalidJobData(() => assessRisk({ entity, factors: { pep: true } }), 'factors');
    await expectInvalidJobData(() => assessRisk({ entity, findings: [{ ...structuring, severity: 'SEVERE' }] }), 'findings[0].severity');
    await expectInvalidJobData(() => assessRisk({ entity: { ...entity, name: 'x'.repeat(501) } }), 'entity.name');
  });
});
