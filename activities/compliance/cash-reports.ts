import type { ComplianceOptions, ComplianceTransaction, ThresholdReport } from './schema';
import { dayNumber } from '../shared/dates';
import { fromCents, toCents } from '../shared/money';

export interface CashTransaction {
  transaction: ComplianceTransaction;
  index: number;
  day: number;
  magnitudeCents: number;
  counterpartyKey: string;
}

export function toCashTransactions(
  transactions: readonly ComplianceTransaction[],
  counterpartyKey: (name: string) => string,
): CashTransaction[] {
  return transactions.flatMap((transaction, index) =>
    transaction.type === 'CASH'
      ? [
          {
            transaction,
            index,
            day: dayNumber(transaction.date),
            magnitudeCents: Math.abs(toCents(transaction.amount)),
            counterpartyKey: counterpartyKey(transaction.counterparty),
          },
        ]
      : [],
  );
}

/**
 * Currency transaction reports. CTR: each cash transaction (deposit or withdrawal: the magnitude counts) at or
 * above the threshold. AGGREGATED_CTR: two or more smaller cash transactions of one counterparty whose dates lie
 * within `aggregationWindowDays` calendar days and that reach the threshold together; windows that overlap are
 * merged into one report. Transactions already reported on their own are not aggregated again.
 */
export function cashThresholdReports(cash: readonly CashTransaction[], options: ComplianceOptions): ThresholdReport[] {
  const thresholdCents = toCents(options.cashReportThreshold);
  const reports: { report: ThresholdReport; firstIndex: number; day: number }[] = [];
  const add = (reportType: ThresholdReport['reportType'], group: readonly CashTransaction[]): void => {
    const first = group[0] as CashTransaction;
    const last = group[group.length - 1] as CashTransaction;
    reports.push({
      firstIndex: group.reduce((min, c) => Math.min(min, c.index), Number.MAX_SAFE_INTEGER),
      day: first.day,
      report: {
        reportType,
        counterparty: first.transaction.counterparty,
        transactionIds: group.map((c) => c.transaction.id),
        total: fromCents(group.reduce((sum, c) => sum + c.magnitudeCents, 0)),
        startDate: first.transaction.date,
        endDate: last.transaction.date,
        countries: [...new Set(group.flatMap((c) => (c.transaction.country ? [c.transaction.country] : [])))].sort(),
      },
    });
  };

  const below = new Map<string, CashTransaction[]>();
  for (const c of cash) {
    if (c.magnitudeCents >= thresholdCents) {
      add('CTR', [c]);
    } else {
      const group = below.get(c.counterpartyKey);
      if (group) group.push(c);
      else below.set(c.counterpartyKey, [c]);
    }
  }
  for (const group of below.values()) {
    for (const cluster of aggregatedClusters(group, thresholdCents, options.aggregationWindowDays)) {
      add('AGGREGATED_CTR', cluster);
    }
  }
  return reports.sort((a, b) => a.day - b.day || a.firstIndex - b.firstIndex).map(({ report }) => report);
}

/**
 * Sliding window over one counterparty's transactions in date order. All magnitudes are positive, so the longest
 * window ending at a transaction has the largest sum of any window ending there: one two-pointer pass finds them.
 */
function aggregatedClusters(group: readonly CashTransaction[], thresholdCents: number, windowDays: number): CashTransaction[][] {
  const sorted = [...group].sort((a, b) => a.day - b.day || a.index - b.index);
  const clusters: CashTransaction[][] = [];
  let left = 0;
  let sum = 0;
  let start = -1;
  let end = -1;
  sorted.forEach((c, right) => {
    sum += c.magnitudeCents;
    while ((sorted[left]?.day ?? c.day) <= c.day - windowDays) {
      sum -= sorted[left]?.magnitudeCents ?? 0;
      left += 1;
    }
    if (right === left || sum < thresholdCents) return;
    if (start >= 0 && left <= end) {
      end = right;
    } else {
      if (start >= 0) clusters.push(sorted.slice(start, end + 1));
      start = left;
      end = right;
    }
  });
  if (start >= 0) clusters.push(sorted.slice(start, end + 1));
  return clusters;
}
