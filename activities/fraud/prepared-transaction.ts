import type { Transaction } from '../shared/common-schema';
import { dayNumber } from '../shared/dates';
import { toCents } from '../shared/money';
import { compactKey, tokenize } from '../shared/text';

/** A transaction with the keys the rules group by, computed once. */
export interface PreparedTransaction {
  id: string;
  /** Position in the input: the stable order of every list a rule reports. */
  index: number;
  date: string;
  day: number;
  cents: number;
  /** Size regardless of direction: rules about amounts look at how much moved, not which way. */
  magnitudeCents: number;
  counterparty: string;
  /** "ACME Ltd." and "Acme  LTD" are one counterparty. */
  counterpartyKey: string;
  referenceKey: string;
  reference?: string;
}

export function prepareTransactions(transactions: readonly Transaction[]): PreparedTransaction[] {
  return transactions.map((transaction, index) => {
    const cents = toCents(transaction.amount);
    return {
      id: transaction.id,
      index,
      date: transaction.date,
      day: dayNumber(transaction.date),
      cents,
      magnitudeCents: Math.abs(cents),
      counterparty: transaction.counterparty,
      counterpartyKey: tokenize(transaction.counterparty).join(' '),
      referenceKey: compactKey(transaction.reference ?? ''),
      reference: transaction.reference,
    };
  });
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
