import type { FraudFinding } from './schema';
import { formatCents, listWords } from '../shared/format';
import type { PreparedTransaction } from './prepared-transaction';

/**
 * DUPLICATE_PAYMENT: payments to the same counterparty of the same amount (to the cent, same sign) that share the
 * date or the reference. Pairs are joined transitively (union-find), so A=B by date and B=C by reference is one
 * group of three. O(n) with hashing.
 */
export function findDuplicatePayments(transactions: readonly PreparedTransaction[]): FraudFinding[] {
  const parent = transactions.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] ?? root;
    while (parent[i] !== root) {
      const next = parent[i] ?? root;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const firstWithKey = new Map<string, number>();
  const join = (key: string, i: number): void => {
    const first = firstWithKey.get(key);
    if (first === undefined) firstWithKey.set(key, i);
    else parent[find(i)] = find(first);
  };
  transactions.forEach((t, i) => {
    if (t.cents === 0) return;
    const base = `${t.counterpartyKey}\u0000${t.cents}`;
    join(`${base}\u0000d${t.day}`, i);
    if (t.referenceKey !== '') join(`${base}\u0000r${t.referenceKey}`, i);
  });

  const groups = new Map<number, PreparedTransaction[]>();
  transactions.forEach((t, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(t);
    else groups.set(root, [t]);
  });
  return [...groups.values()].filter((group) => group.length > 1).map(toFinding);
}

function toFinding(group: PreparedTransaction[]): FraudFinding {
  const first = group[0] as PreparedTransaction;
  const dates = [...new Set(group.map((t) => t.date))].sort();
  const references = [...new Set(group.map((t) => t.reference?.trim() ?? '').filter((r) => r !== ''))];
  const sameDate = dates.length === 1;
  const sameReference = references.length === 1 && group.every((t) => t.referenceKey === first.referenceKey);
  const shared = [
    sameDate ? `on the same date (${dates[0] ?? ''})` : `on ${listWords(dates)}`,
    sameReference ? `with the same reference "${references[0] ?? ''}"` : '',
  ].filter((part) => part !== '');
  return {
    rule: 'DUPLICATE_PAYMENT',
    severity: 'HIGH',
    transactionIds: group.map((t) => t.id),
    explanation:
      `${group.length} payments of ${formatCents(first.magnitudeCents)} to ${first.counterparty} ` +
      `${shared.join(' ')}: ` +
      `probably the same obligation paid ${group.length === 2 ? 'twice' : `${group.length} times`}; ` +
      `${formatCents(first.magnitudeCents * (group.length - 1))} may be recoverable.`,
  };
}
