import type { FraudFinding, FraudOptions } from './schema';
import { formatCents } from '../shared/format';
import { groupBy, type PreparedTransaction } from './prepared-transaction';

/**
 * VELOCITY: more than `velocityMaxCount` transactions to one counterparty inside any window of
 * `velocityWindowDays` calendar days (first and last date less than that many days apart). Overlapping windows
 * that break the limit are merged into one finding, so a burst is reported once. MEDIUM; HIGH beyond twice the
 * limit. Per counterparty: sort, then a two-pointer sweep, O(n log n).
 */
export function findVelocityBursts(transactions: readonly PreparedTransaction[], options: FraudOptions): FraudFinding[] {
  const { velocityWindowDays: windowDays, velocityMaxCount: maxCount } = options;
  const findings: FraudFinding[] = [];
  for (const group of groupBy(transactions, (t) => t.counterpartyKey).values()) {
    if (group.length <= maxCount) continue;
    const sorted = [...group].sort((a, b) => a.day - b.day || a.index - b.index);
    let burstStart = -1;
    let burstEnd = -1;
    const flush = (): void => {
      if (burstStart >= 0) findings.push(toFinding(sorted.slice(burstStart, burstEnd + 1), windowDays, maxCount));
    };
    let left = 0;
    sorted.forEach((t, right) => {
      while ((sorted[left]?.day ?? t.day) <= t.day - windowDays) left += 1;
      if (right - left + 1 <= maxCount) return;
      if (burstStart >= 0 && left <= burstEnd) {
        burstEnd = right;
      } else {
        flush();
        burstStart = left;
        burstEnd = right;
      }
    });
    flush();
  }
  return findings;
}

function toFinding(burst: PreparedTransaction[], windowDays: number, maxCount: number): FraudFinding {
  const first = burst[0] as PreparedTransaction;
  const last = burst[burst.length - 1] as PreparedTransaction;
  const total = burst.reduce((sum, t) => sum + t.magnitudeCents, 0);
  const when = first.date === last.date ? `on ${first.date}` : `between ${first.date} and ${last.date}`;
  const window = windowDays === 1 ? 'a single day' : `any ${windowDays} days`;
  return {
    rule: 'VELOCITY',
    severity: burst.length > 2 * maxCount ? 'HIGH' : 'MEDIUM',
    transactionIds: burst.map((t) => t.id),
    explanation:
      `${burst.length} transactions to ${first.counterparty} ${when}, totalling ${formatCents(total)}; ` +
      `more than ${maxCount} in ${window} suggests split payments or an account being drained.`,
  };
}
