import type { FraudFinding, FraudOptions } from './schema';
import { formatCents, plural } from '../shared/format';
import { toCents } from '../shared/money';
import { groupBy, type PreparedTransaction } from './prepared-transaction';

/** From this size up, an amount must be a multiple of 1,000 to count as round; below it, a multiple of 100. */
const largeRoundAmountCents = 1_000_000;
/** This many round amounts to one counterparty is a pattern (e.g. invented invoices), not a coincidence. */
const roundAmountPatternCount = 3;

export function isRoundAmount(magnitudeCents: number, minimumCents: number): boolean {
  if (magnitudeCents < minimumCents || magnitudeCents === 0) return false;
  const unitCents = magnitudeCents >= largeRoundAmountCents ? 100_000 : 10_000;
  return magnitudeCents % unitCents === 0;
}

/**
 * ROUND_AMOUNT: genuine invoices rarely come to an exact hundred or thousand; invented ones often do. One finding
 * per counterparty: LOW, MEDIUM from three round amounts to the same counterparty.
 */
export function findRoundAmounts(transactions: readonly PreparedTransaction[], options: FraudOptions): FraudFinding[] {
  const minimumCents = toCents(options.roundAmountMinimum);
  const round = transactions.filter((t) => isRoundAmount(t.magnitudeCents, minimumCents));
  return [...groupBy(round, (t) => t.counterpartyKey).values()].map((group) => {
    const first = group[0] as PreparedTransaction;
    return {
      rule: 'ROUND_AMOUNT',
      severity: group.length >= roundAmountPatternCount ? 'MEDIUM' : 'LOW',
      transactionIds: group.map((t) => t.id),
      explanation:
        `${plural(group.length, 'round-amount payment')} to ${first.counterparty} ` +
        `(${group.map((t) => formatCents(t.magnitudeCents)).join(', ')}); round amounts of ` +
        `${formatCents(minimumCents)} or more are typical of estimates and invented invoices rather than billed work.`,
    };
  });
}

/**
 * JUST_UNDER_THRESHOLD: amounts in [threshold × (1 - margin), threshold). One finding per counterparty: MEDIUM for
 * a single amount, HIGH for two or more, the pattern of structuring (splitting a sum to stay under reporting).
 */
export function findJustUnderThreshold(transactions: readonly PreparedTransaction[], options: FraudOptions): FraudFinding[] {
  const thresholdCents = toCents(options.reportingThreshold);
  const lowerCents = toCents(options.reportingThreshold * (1 - options.justUnderMargin));
  const under = transactions.filter((t) => t.magnitudeCents >= lowerCents && t.magnitudeCents < thresholdCents);
  return [...groupBy(under, (t) => t.counterpartyKey).values()].map((group) => {
    const first = group[0] as PreparedTransaction;
    const total = group.reduce((sum, t) => sum + t.magnitudeCents, 0);
    const structuring = group.length >= 2;
    return {
      rule: 'JUST_UNDER_THRESHOLD',
      severity: structuring ? 'HIGH' : 'MEDIUM',
      transactionIds: group.map((t) => t.id),
      explanation:
        `${plural(group.length, 'payment')} to ${first.counterparty} just under the ${formatCents(thresholdCents)} ` +
        `reporting threshold (from ${formatCents(lowerCents)}): ` +
        group.map((t) => formatCents(t.magnitudeCents)).join(', ') +
        (structuring
          ? `, together ${formatCents(total)}: possible structuring to avoid the threshold.`
          : '; a single amount just under the threshold is worth a look.'),
    };
  });
}
