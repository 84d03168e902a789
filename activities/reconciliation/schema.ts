/** Input and result of the reconciliation agent (job type BANK_STATEMENT_PROCESSING). Pure module. */
import { z } from 'zod';
import { amountSchema, freeTextSchema, idSchema, isoDateSchema, maxListLength, uniqueIds } from '../shared/common-schema';

const lineSchema = z.strictObject({
  id: idSchema,
  date: isoDateSchema,
  amount: amountSchema,
  reference: z.string().trim().max(200).optional(),
  description: freeTextSchema.optional(),
});
export type ReconciliationLine = z.infer<typeof lineSchema>;

const linesSchema = z.array(lineSchema).max(maxListLength).superRefine(uniqueIds);

export const reconciliationOptionsSchema = z.strictObject({
  /** Largest difference in calendar days between a statement line and its ledger line. */
  dateToleranceDays: z.number().int().min(0).max(366).default(3),
  /** Largest absolute difference of the two amounts, in currency units (0 = amounts must be equal to the cent). */
  amountTolerance: z.number().min(0).max(1_000_000).default(0),
  /** Least text similarity (0..1) of lines that both carry a reference or description. */
  minDescriptionSimilarity: z.number().min(0).max(1).default(0.3),
});
export type ReconciliationOptions = z.infer<typeof reconciliationOptionsSchema>;

export const reconciliationInputSchema = z.strictObject({
  statement: linesSchema,
  ledger: linesSchema,
  options: reconciliationOptionsSchema.prefault({}),
});
export type ReconciliationInput = z.infer<typeof reconciliationInputSchema>;

export interface ReconciliationMatch {
  statementId: string;
  ledgerId: string;
  /** The statement line's amount. */
  amount: number;
  dateDifferenceDays: number;
  /** 0..1, four decimals. */
  similarity: number;
  /** 0..1, four decimals: how confident the pairing is (see docs/job-types.md). */
  score: number;
}

export interface ReconciliationTotals {
  statementCount: number;
  ledgerCount: number;
  matchedCount: number;
  statementTotal: number;
  ledgerTotal: number;
  /** Sum of the matched statement lines' amounts. */
  matchedTotal: number;
  unmatchedStatementTotal: number;
  unmatchedLedgerTotal: number;
  /** statementTotal - ledgerTotal. */
  difference: number;
}

export interface ReconciliationResult {
  matched: ReconciliationMatch[];
  unmatchedStatement: string[];
  unmatchedLedger: string[];
  totals: ReconciliationTotals;
}
