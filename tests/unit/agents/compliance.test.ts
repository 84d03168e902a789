import { monitor } from '../../../activities/compliance';
import { JaroPattern } from '../../../activities/compliance/jaro-pattern';
import { jaro, jaroWinkler } from '../../../activities/compliance/jaro-winkler';
import { normalizeName, tokenSorted } from '../../../activities/compliance/name-normalization';
import { maxHitsPerCounterparty, screenCounterparties } from '../../../activities/compliance/watch-list-screening';
import { complianceInputSchema, type ComplianceInput } from '../../../activities/compliance/schema';
import { agentActivities, expectCountsOnly, expectInvalidJobData, quietActivityEnvironment } from './agent-test-helpers';

type Tx = { id: string; date: string; amount: number; counterparty: string; type?: string; country?: string };
const tx = (id: string, counterparty: string): Tx => ({ id, date: '2026-02-01', amount: 10, counterparty });
const run = (transactions: Tx[], extra: Partial<Record<keyof ComplianceInput, unknown>> = {}) =>
  monitor(complianceInputSchema.parse({ transactions, ...extra }));
const cash = (id: string, date: string, amount: number, counterparty: string): Tx => ({
  id,
  date,
  amount,
  counterparty,
  type: 'CASH',
});
const report = (
  reportType: string,
  counterparty: string,
  transactionIds: string[],
  total: number,
  startDate: string,
  endDate: string,
  countries: string[] = [],
) => ({ reportType, counterparty, transactionIds, total, startDate, endDate, countries });

describe('currency transaction reports', () => {
  it('reports single cash transactions from the threshold and smaller ones that reach it together', () => {
    const result = run([
      { ...cash('T1', '2026-02-04', 12500, 'Lucky Star Amusements'), country: 'GB' },
      cash('T2', '2026-02-11', 4500, 'Ivan Drakov'),
      cash('T3', '2026-02-11', -3800, 'IVAN DRAKOV'),
      cash('T4', '2026-02-11', 2900, 'Ivan Drakov'),
      cash('T5', '2026-02-11', 10000, 'Ivan Drakov'),
      { id: 'T6', date: '2026-02-11', amount: 9000, counterparty: 'Ivan Drakov', type: 'WIRE' },
      cash('T7', '2026-02-16', 9999.99, 'Maria Okafor'),
    ]);
    expect(result.thresholdReports).toEqual([
      report('CTR', 'Lucky Star Amusements', ['T1'], 12500, '2026-02-04', '2026-02-04', ['GB']),
      // Same date: the report whose first transaction comes first in the input comes first.
      report('AGGREGATED_CTR', 'Ivan Drakov', ['T2', 'T3', 'T4'], 11200, '2026-02-11', '2026-02-11'),
      report('CTR', 'Ivan Drakov', ['T5'], 10000, '2026-02-11', '2026-02-11'),
    ]);
    expect(result.summary).toMatchObject({
      transactionCount: 7,
      cashTransactionCount: 6,
      ctrCount: 2,
      aggregatedCtrCount: 1,
    });
  });

  it('adds up only within the window, merging overlapping windows', () => {
    const split = [cash('T1', '2026-02-19', 6000, 'Tomasz'), cash('T2', '2026-02-20', 5000, 'Tomasz')];
    expect(run(split).thresholdReports).toEqual([]);
    expect(run(split, { options: { aggregationWindowDays: 2 } }).thresholdReports).toEqual([
      report('AGGREGATED_CTR', 'Tomasz', ['T1', 'T2'], 11000, '2026-02-19', '2026-02-20'),
    ]);
    const chain = [
      cash('T1', '2026-03-01', 6000, 'A'),
      cash('T2', '2026-03-02', 5000, 'A'),
      cash('T3', '2026-03-03', 5500, 'A'),
      cash('T4', '2026-03-10', 9000, 'A'),
    ];
    const reports = run(chain, { options: { aggregationWindowDays: 2 } }).thresholdReports;
    expect(reports.map((r) => [r.transactionIds, r.total])).toEqual([[['T1', 'T2', 'T3'], 16500]]);
  });
});

describe('name matching', () => {
  it('normalises case, accents, punctuation and legal forms', () => {
    expect(normalizeName('José Álvarez-Moreno')).toBe('JOSE ALVAREZ MORENO');
    expect(normalizeName('The Borealis Shipping Co. Ltd.')).toBe('BOREALIS SHIPPING');
    expect(normalizeName('Nordwind Handels G.m.b.H.')).toBe('NORDWIND HANDELS');
    expect(normalizeName('Smith & Sons S.A.')).toBe('SMITH AND SONS');
    expect(normalizeName('Ltd')).toBe('LTD');
    expect(tokenSorted('PETROV IVAN')).toBe('IVAN PETROV');
  });

  it('computes Jaro and Jaro-Winkler as published', () => {
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 4);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('', '')).toBe(1);
  });

  it('reports hits by name or alias, with typos, accents and another word order', () => {
    const watchList = [
      { name: 'Borealis Shipping Limited', listName: 'Sample list', aliases: ['Borealis Maritime'] },
      { name: 'José Álvarez Moreno' },
      { name: 'Ivan Drakov', aliases: ['Ivan Petrovich Drakov'] },
    ];
    const result = run(
      [
        { id: 'T1', date: '2026-02-06', amount: -18400, counterparty: 'Borealis Shiping Ltd.' },
        { id: 'T2', date: '2026-02-06', amount: -100, counterparty: 'BOREALIS MARITIME S.A.' },
        { id: 'T3', date: '2026-02-07', amount: -7300, counterparty: 'ALVAREZ MORENO, Jose' },
        { id: 'T4', date: '2026-02-07', amount: 10, counterparty: 'Boreal Fisheries Ltd' },
        { id: 'T5', date: '2026-02-08', amount: 10, counterparty: 'Drakov Ivan Petrovich' },
        { id: 'T6', date: '2026-02-08', amount: 10, counterparty: 'Drakov, Ivan P.' },
      ],
      { watchList },
    );
    expect(result.watchListHits.map((h) => [h.counterparty, h.matchedName, h.score, h.transactionIds])).toEqual([
      ['ALVAREZ MORENO, Jose', 'José Álvarez Moreno', 1, ['T3']],
      ['BOREALIS MARITIME S.A.', 'Borealis Maritime', 1, ['T2']],
      ['Drakov Ivan Petrovich', 'Ivan Petrovich Drakov', 1, ['T5']],
      ['Borealis Shiping Ltd.', 'Borealis Shipping Limited', expect.any(Number), ['T1']],
      ['Drakov, Ivan P.', expect.any(String), expect.any(Number), ['T6']],
    ]);
    expect(result.watchListHits[3]?.listName).toBe('Sample list');
    expect(result.watchListHits[3]?.score).toBeGreaterThan(0.95);
    expect(result.screenedCounterparties).toBe(6);
    expect(result.summary.flaggedTransactionIds).toEqual(['T1', 'T2', 'T3', 'T5', 'T6']);
  });

  it('finds exactly the pairs a brute-force comparison finds (the pruning bound never drops a hit)', () => {
    const syllables = ['AN', 'BOR', 'DRA', 'KOV', 'EL', 'IS', 'MAR', 'TIN', 'OS', 'LEE', 'VAN', 'SHI', 'PING', 'RO'];
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const syllable = () => syllables[Math.floor(next() * syllables.length)];
    const word = () => Array.from({ length: 1 + Math.floor(next() * 3) }, syllable).join('');
    const name = () => Array.from({ length: 1 + Math.floor(next() * 3) }, word).join(' ');
    const counterparties = Array.from({ length: 150 }, () => name());
    const watchList = Array.from({ length: 150 }, () => ({ name: name() }));
    for (const threshold of [0.7, 0.88, 0.95]) {
      const screened = [...new Set(counterparties)].map((c) => ({
        normalized: normalizeName(c),
        displayName: c,
        transactionIds: [c],
      }));
      const hits = screenCounterparties(screened, watchList, threshold);
      const brute: string[] = [];
      for (const c of new Set(counterparties)) {
        const found: { score: number; index: number; name: string }[] = [];
        watchList.forEach((entry, index) => {
          const a = normalizeName(c);
          const b = normalizeName(entry.name);
          const score = Math.max(jaroWinkler(b, a), jaroWinkler(tokenSorted(b), tokenSorted(a)));
          if (score >= threshold) found.push({ score, index, name: entry.name });
        });
        found.sort((x, y) => y.score - x.score || x.index - y.index);
        brute.push(...found.slice(0, maxHitsPerCounterparty).map((f) => `${c}|${f.name}`));
      }
      expect(hits.map((h) => `${h.counterparty}|${h.watchListName}`).sort()).toEqual(brute.sort());
      expect(hits.length).toBeGreaterThan(0);
    }
  });

  it('bounds the hits: ten entries per counterparty, a thousand in all, best first', () => {
    const transactions = Array.from({ length: 150 }, (_, i) => tx(`T${i}`, `Acme Trading ${i}`));
    const watchList = Array.from({ length: 30 }, (_, i) => ({ name: `Acme Trading ${i}` }));
    const result = run(transactions, { watchList });
    expect(result.watchListHits).toHaveLength(1_000);
    expect(result.summary.watchListHitCount).toBe(1_000);
    expect(result.summary.watchListHitsOmitted).toBe(500);
    expect(result.summary.flaggedTransactionIds).toHaveLength(150);
    expect(result.watchListHits.filter((h) => h.counterparty === 'Acme Trading 7').length).toBeLessThanOrEqual(10);
    expect(result.watchListHits[0]?.score).toBe(1);
    const scores = result.watchListHits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('gives the bit-parallel Jaro exactly the plain result', () => {
    let seed = 11;
    const next = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    const letter = () => 'ABCDE FGHÉ'[Math.floor(next() * 10)];
    const text = (max: number) => Array.from({ length: Math.floor(next() * max) }, letter).join('');
    for (let i = 0; i < 20_000; i += 1) {
      const [a, b] = [text(40), text(40)];
      expect(new JaroPattern(b).jaroFrom(a)).toBe(jaro(a, b));
    }
  });

  it('screens the largest allowed job when every pair has to be compared', () => {
    // Names this alike defeat the pruning: the worst case the comparison limit is sized for. How long it takes is a
    // benchmark's question (npm run bench:facade runs a job of this size), not a test's: the machine's load varies.
    const transactions = Array.from({ length: 1_000 }, (_, i) => tx(`T${i}`, `Customer number ${i} trading`));
    const watchList = Array.from({ length: 5_000 }, (_, i) => ({
      name: `Listed person ${i * 7} holdings`,
      aliases: [`Customer ${i} holdings`],
    }));
    const result = run(transactions, { watchList });
    expect(result.screenedCounterparties).toBe(1_000);
  });
});

describe('monitorCompliance activity', () => {
  const { monitorCompliance } = agentActivities().compliance;

  it('runs in an activity context and logs counts only', async () => {
    const { run: runActivity, logs } = quietActivityEnvironment();
    const result = await runActivity(monitorCompliance, {
      transactions: [cash('T1', '2026-02-04', 12500, 'Lucky Star Amusements')],
      watchList: [{ name: 'Lucky Star Amusements' }],
    });
    expect(result.summary).toMatchObject({ ctrCount: 1, watchListHitCount: 1, flaggedTransactionIds: ['T1'] });
    expectCountsOnly(logs.find((l) => l.message === 'Compliance monitored')?.meta);
    expect(JSON.stringify(logs)).not.toContain('Lucky');
  });

  it('rejects invalid and hostile data, naming the field', async () => {
    const tx = cash('T1', '2026-02-04', 1, 'A');
    await expectInvalidJobData(() => monitorCompliance({ transactions: [{ ...tx, type: 'CHEQUE' }] }), 'transactions[0].type');
    await expectInvalidJobData(() => monitorCompliance({ transactions: [tx], watchList: [{ name: '' }] }), 'watchList[0].name');
    await expectInvalidJobData(
      () => monitorCompliance({ transactions: [tx], options: { nameMatchThreshold: 0.2 } }),
      'options.nameMatchThreshold',
    );
    const aliases = new Array<string>(50).fill('alias');
    const manyAliases = Array.from({ length: 500 }, (_, i) => ({ name: `N${i}`, aliases }));
    await expectInvalidJobData(() => monitorCompliance({ transactions: [tx], watchList: manyAliases }), 'watchList');
    const transactions = Array.from({ length: 1_001 }, (_, i) => ({ ...tx, id: `T${i}`, counterparty: `C${i}` }));
    const watchList = Array.from({ length: 10_000 }, (_, i) => ({ name: `N${i}` }));
    const tooMuch = await expectInvalidJobData(() => monitorCompliance({ transactions, watchList }), 'watchList');
    expect(tooMuch.message).toContain('split the transactions into several jobs');
    await monitorCompliance({ transactions: transactions.slice(1), watchList });
  });
});
