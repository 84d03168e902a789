import type { ReconciliationLine } from './schema';
import { dayNumber } from '../shared/dates';
import { toCents } from '../shared/money';
import { compactKey, tokenize } from '../shared/text';

/** A statement or ledger line with everything the matcher compares computed once, not once per candidate pair. */
export interface PreparedLine {
  id: string;
  index: number;
  day: number;
  cents: number;
  /** Reference as letters and digits only ('' when absent). */
  referenceKey: string;
  /** Tokens of reference and description together, in order (for finding a reference inside the other text). */
  tokens: string[];
  tokenSet: Set<string>;
}

export function prepareLines(lines: readonly ReconciliationLine[]): PreparedLine[] {
  return lines.map((line, index) => {
    const tokens = tokenize(`${line.reference ?? ''} ${line.description ?? ''}`);
    return {
      id: line.id,
      index,
      day: dayNumber(line.date),
      cents: toCents(line.amount),
      referenceKey: compactKey(line.reference ?? ''),
      tokens,
      tokenSet: new Set(tokens),
    };
  });
}
