import { severities, type Severity } from '../shared/common-schema';
import { fraudInputSchema, fraudRules, type FraudFinding, type FraudInput, type FraudResult, type FraudRule } from './schema';
import { defineAgentAction } from '../agent-action';
import { findJustUnderThreshold, findRoundAmounts } from './amount-rules';
import { findBenfordDeviation } from './benford';
import { findDuplicatePayments } from './duplicate-payments';
import { prepareTransactions } from './prepared-transaction';
import { findVelocityBursts } from './velocity';

/** Runs every fraud rule over the transactions; each rule is documented where it is written (activities/fraud/). */
export function detect(input: FraudInput): FraudResult {
  const transactions = prepareTransactions(input.transactions);
  const { options } = input;
  const positionOf = new Map(transactions.map((t) => [t.id, t.index]));
  const findings = [
    ...findDuplicatePayments(transactions),
    ...findRoundAmounts(transactions, options),
    ...findJustUnderThreshold(transactions, options),
    ...findBenfordDeviation(transactions, options.benfordMinSample),
    ...findVelocityBursts(transactions, options),
  ]
    .map((finding) => ({ finding, position: firstPosition(finding, positionOf) }))
    .sort(
      (a, b) =>
        severities.indexOf(a.finding.severity) - severities.indexOf(b.finding.severity) ||
        fraudRules.indexOf(a.finding.rule) - fraudRules.indexOf(b.finding.rule) ||
        a.position - b.position,
    )
    .map(({ finding }) => finding);

  const byRule = Object.fromEntries(fraudRules.map((rule) => [rule, 0])) as Record<FraudRule, number>;
  const bySeverity: Record<Severity, number> = { HIGH: 0, MEDIUM: 0, LOW: 0 };
  const flagged = new Set<string>();
  for (const finding of findings) {
    byRule[finding.rule] += 1;
    bySeverity[finding.severity] += 1;
    for (const id of finding.transactionIds) flagged.add(id);
  }
  return {
    transactionCount: transactions.length,
    findings,
    summary: {
      byRule,
      bySeverity,
      flaggedTransactionIds: transactions.filter((t) => flagged.has(t.id)).map((t) => t.id),
    },
  };
}

function firstPosition(finding: FraudFinding, positionOf: ReadonlyMap<string, number>): number {
  let first = Number.MAX_SAFE_INTEGER;
  for (const id of finding.transactionIds) first = Math.min(first, positionOf.get(id) ?? first);
  return first;
}

export const fraudActions = [
  defineAgentAction({
    agent: 'fraud',
    name: 'detectFraud',
    description: 'Screens transactions for duplicate payments, round amounts, structuring, Benford deviation and velocity.',
    input: fraudInputSchema,
    run: (input) => detect(input),
    summarize: (result) => ({
      message: 'Fraud rules run',
      counts: {
        transactions: result.transactionCount,
        findings: result.findings.length,
        high: result.summary.bySeverity.HIGH,
        flaggedTransactions: result.summary.flaggedTransactionIds.length,
      },
    }),
  }),
] as const;
