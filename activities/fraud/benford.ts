import type { FraudFinding } from './schema';
import { listWords } from '../shared/format';
import type { PreparedTransaction } from './prepared-transaction';

/** Benford's law: the share of amounts whose first significant digit is d is log10(1 + 1/d). */
export const benfordExpected: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => Math.log10(1 + 1 / d));

/** Chi-square critical values with 8 degrees of freedom (nine digits, one constraint). */
const chiSquareCritical = { p05: 15.507, p001: 26.124 } as const;
/** Two-sided 5% critical value of the per-digit z statistic. */
const zCritical = 1.96;

export interface BenfordStatistics {
  sampleSize: number;
  /** Count of amounts per first digit, index 0 = digit 1. */
  observed: number[];
  chiSquare: number;
  /** Mean absolute deviation of the observed proportions from Benford's (Nigrini). */
  mad: number;
  /** Digits with significantly more amounts than expected (z > 1.96), or the single most excessive digit. */
  overRepresentedDigits: number[];
}

/** First significant digit of a non-zero amount in cents (the same as of the amount: ×100 keeps the digit). */
export function firstDigit(magnitudeCents: number): number {
  let value = magnitudeCents;
  while (value >= 10) value = Math.floor(value / 10);
  return value;
}

export function benfordStatistics(magnitudesCents: readonly number[]): BenfordStatistics {
  const observed = new Array<number>(9).fill(0);
  let n = 0;
  for (const cents of magnitudesCents) {
    if (cents <= 0) continue;
    const index = firstDigit(cents) - 1;
    observed[index] = (observed[index] ?? 0) + 1;
    n += 1;
  }
  let chiSquare = 0;
  let absoluteDeviation = 0;
  const excess: { digit: number; z: number; difference: number }[] = [];
  benfordExpected.forEach((p, i) => {
    const count = observed[i] ?? 0;
    const expectedCount = n * p;
    chiSquare += n === 0 ? 0 : (count - expectedCount) ** 2 / expectedCount;
    const proportion = n === 0 ? 0 : count / n;
    absoluteDeviation += Math.abs(proportion - p);
    // Nigrini's z statistic with continuity correction.
    const z = n === 0 ? 0 : (Math.abs(proportion - p) - 1 / (2 * n)) / Math.sqrt((p * (1 - p)) / n);
    if (proportion > p) excess.push({ digit: i + 1, z, difference: proportion - p });
  });
  const significant = excess.filter((e) => e.z > zCritical).map((e) => e.digit);
  const largest = [...excess].sort((a, b) => b.difference - a.difference || a.digit - b.digit)[0];
  return {
    sampleSize: n,
    observed,
    chiSquare,
    mad: absoluteDeviation / 9,
    overRepresentedDigits: significant.length > 0 ? significant : largest ? [largest.digit] : [],
  };
}

/**
 * BENFORD_DEVIATION: first digits of the non-zero amounts against Benford's law, by a chi-square test with
 * 8 degrees of freedom. Fires when chi-square exceeds 15.507 (p < 0.05): MEDIUM, HIGH above 26.124 (p < 0.001).
 * Only run with at least `minSample` amounts. The finding names the transactions whose first digit is
 * over-represented: those are where invented or manipulated amounts would be.
 */
export function findBenfordDeviation(transactions: readonly PreparedTransaction[], minSample: number): FraudFinding[] {
  const stats = benfordStatistics(transactions.map((t) => t.magnitudeCents));
  if (stats.sampleSize < minSample || stats.chiSquare <= chiSquareCritical.p05) return [];
  const digits = new Set(stats.overRepresentedDigits);
  const flagged = transactions.filter((t) => t.magnitudeCents > 0 && digits.has(firstDigit(t.magnitudeCents)));
  const shares = stats.overRepresentedDigits.map((d) => {
    const observedShare = ((stats.observed[d - 1] ?? 0) / stats.sampleSize) * 100;
    const expectedShare = (benfordExpected[d - 1] ?? 0) * 100;
    return `${d} (${observedShare.toFixed(1)}% observed vs ${expectedShare.toFixed(1)}% expected)`;
  });
  return [
    {
      rule: 'BENFORD_DEVIATION',
      severity: stats.chiSquare > chiSquareCritical.p001 ? 'HIGH' : 'MEDIUM',
      transactionIds: flagged.map((t) => t.id),
      explanation:
        `The first digits of ${stats.sampleSize} amounts depart from Benford's law: chi-square ` +
        `${stats.chiSquare.toFixed(2)} with 8 degrees of freedom ` +
        `(critical value ${chiSquareCritical.p05} at p = 0.05), ` +
        `MAD ${stats.mad.toFixed(4)}. Over-represented first digit${digits.size === 1 ? '' : 's'}: ` +
        `${listWords(shares)}; amounts that were invented or adjusted tend to cluster like this.`,
    },
  ];
}
