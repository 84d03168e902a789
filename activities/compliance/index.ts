import { complianceInputSchema, type ComplianceInput, type ComplianceResult } from './schema';
import { defineAgentAction } from '../agent-action';
import { cashThresholdReports, toCashTransactions } from './cash-reports';
import { normalizeName } from './name-normalization';
import { screenCounterparties, type ScreenedCounterparty } from './watch-list-screening';

/** Hits reported, best first: a result must stay well under Temporal's 2 MB payload limit. */
export const maxReportedHits = 1_000;

/** Currency transaction reports and watch-list screening of the counterparties; see activities/compliance/. */
export function monitor(input: ComplianceInput): ComplianceResult {
  const { transactions, options } = input;
  const cash = toCashTransactions(transactions, counterpartyKey);
  const thresholdReports = cashThresholdReports(cash, options);

  const counterparties = new Map<string, ScreenedCounterparty>();
  for (const transaction of transactions) {
    const key = counterpartyKey(transaction.counterparty);
    const known = counterparties.get(key);
    if (known) known.transactionIds.push(transaction.id);
    else {
      counterparties.set(key, {
        normalized: normalizeName(transaction.counterparty),
        displayName: transaction.counterparty,
        transactionIds: [transaction.id],
      });
    }
  }
  const allHits = screenCounterparties([...counterparties.values()], input.watchList ?? [], options.nameMatchThreshold);
  const watchListHits = allHits.slice(0, maxReportedHits);

  const flagged = new Set([...thresholdReports, ...allHits].flatMap((item) => item.transactionIds));
  const ctrCount = thresholdReports.filter((report) => report.reportType === 'CTR').length;
  return {
    thresholdReports,
    watchListHits,
    screenedCounterparties: counterparties.size,
    summary: {
      transactionCount: transactions.length,
      cashTransactionCount: cash.length,
      ctrCount,
      aggregatedCtrCount: thresholdReports.length - ctrCount,
      watchListHitCount: watchListHits.length,
      watchListHitsOmitted: allHits.length - watchListHits.length,
      flaggedTransactionIds: transactions.filter((t) => flagged.has(t.id)).map((t) => t.id),
    },
  };
}

/** Who a transaction is with: the screening name, or for a name of punctuation only, the name itself. */
function counterpartyKey(name: string): string {
  return normalizeName(name) || name.trim().toUpperCase();
}

export const complianceActions = [
  defineAgentAction({
    agent: 'compliance',
    name: 'monitorCompliance',
    description: 'Currency transaction reports (single and aggregated cash) and watch-list screening of the counterparties.',
    input: complianceInputSchema,
    run: (input) => monitor(input),
    summarize: (result) => ({
      message: 'Compliance monitored',
      counts: {
        transactions: result.summary.transactionCount,
        thresholdReports: result.thresholdReports.length,
        watchListHits: result.watchListHits.length,
        screenedCounterparties: result.screenedCounterparties,
      },
    }),
  }),
] as const;
