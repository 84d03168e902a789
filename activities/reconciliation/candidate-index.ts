import { compareStrings } from '../shared/text';
import type { PreparedLine } from './prepared-line';

/**
 * Most ledger lines considered for one statement line. Real statements never come near it; it keeps degenerate
 * input (thousands of lines of one amount on one day) from turning matching into an n × m comparison.
 */
export const maxCandidatesPerLine = 32;

/**
 * Ledger lines bucketed by amount and day, so that a statement line only looks at lines it could match.
 * Buckets are `amountTolerance + 1` cents wide: two amounts within the tolerance are in the same or adjacent
 * buckets. A second index by reference finds exact-reference lines even in a crowded bucket.
 */
export class CandidateIndex {
  private readonly cells = new Map<string, PreparedLine[]>();
  private readonly byReference = new Map<string, PreparedLine[]>();
  private readonly bucketWidth: number;
  /** Statement line index that last collected each ledger line: avoids a Set per statement line. */
  private readonly seenBy: Int32Array;

  constructor(
    ledger: readonly PreparedLine[],
    private readonly toleranceCents: number,
    private readonly toleranceDays: number,
  ) {
    this.bucketWidth = toleranceCents + 1;
    this.seenBy = new Int32Array(ledger.length).fill(-1);
    const byId = [...ledger].sort((a, b) => compareStrings(a.id, b.id));
    for (const line of byId) {
      push(this.cells, this.cellKey(this.bucket(line.cents), line.day), line);
      if (line.referenceKey !== '') push(this.byReference, line.referenceKey, line);
    }
  }

  /** The cell a line falls in: statement lines are ranked within it to stagger their candidates. */
  cellOf(line: PreparedLine): string {
    return this.cellKey(this.bucket(line.cents), line.day);
  }

  /**
   * Ledger lines within the amount and date tolerances, nearest dates first, at most the cap (plus as many exact
   * reference matches). `rank` is the line's position among the statement lines of its cell, by id: in a crowded
   * cell the k-th statement line starts reading at the k-th ledger line, so that lines of one amount and day do
   * not all compete for the same few candidates and can still all be matched.
   */
  candidatesFor(line: PreparedLine, rank: number): PreparedLine[] {
    const found: PreparedLine[] = [];
    const bucket = this.bucket(line.cents);
    const buckets = this.toleranceCents === 0 ? [bucket] : [bucket - 1, bucket, bucket + 1];
    rings: for (let distance = 0; distance <= this.toleranceDays; distance += 1) {
      const days = distance === 0 ? [line.day] : [line.day - distance, line.day + distance];
      for (const day of days) {
        for (const b of buckets) {
          const cell = this.cells.get(this.cellKey(b, day)) ?? [];
          for (let i = 0; i < cell.length; i += 1) {
            if (found.length >= maxCandidatesPerLine) break rings;
            const other = cell[(rank + i) % cell.length] as PreparedLine;
            if (this.withinAmount(line, other)) this.collect(line, other, found);
          }
        }
      }
    }
    let byReference = 0;
    for (const other of this.byReference.get(line.referenceKey) ?? []) {
      if (byReference >= maxCandidatesPerLine) break;
      if (this.withinAmount(line, other) && Math.abs(other.day - line.day) <= this.toleranceDays) {
        if (this.collect(line, other, found)) byReference += 1;
      }
    }
    return found;
  }

  private collect(line: PreparedLine, other: PreparedLine, found: PreparedLine[]): boolean {
    if (this.seenBy[other.index] === line.index) return false;
    this.seenBy[other.index] = line.index;
    found.push(other);
    return true;
  }

  private withinAmount(a: PreparedLine, b: PreparedLine): boolean {
    return Math.abs(a.cents - b.cents) <= this.toleranceCents;
  }

  private bucket(cents: number): number {
    return Math.floor(cents / this.bucketWidth);
  }

  private cellKey(bucket: number, day: number): string {
    return `${bucket}:${day}`;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
