/** Input and result of the litigation agent (job type LITIGATION_SUPPORT). Pure module. */
import { z } from 'zod';
import { amountSchema, idSchema, nameSchema } from '../shared/common-schema';
import { findingSchema } from '../fraud/schema';
import { riskLevels } from '../risk/schema';

const countSchema = z.number().int().min(0);

export const litigationInputSchema = z.strictObject({
  caseId: idSchema,
  title: z.string().trim().min(1).max(300).optional(),
  parties: z.array(nameSchema).max(100).optional(),
  /** Findings to present, e.g. a FRAUD_DETECTION result's `findings`. */
  findings: z.array(findingSchema).max(10_000),
  /** Any of a BANK_STATEMENT_PROCESSING result's `totals` (other keys are ignored). */
  reconciliation: z
    .object({
      statementCount: countSchema,
      ledgerCount: countSchema,
      matchedCount: countSchema,
      statementTotal: amountSchema,
      ledgerTotal: amountSchema,
      matchedTotal: amountSchema,
      unmatchedStatementTotal: amountSchema,
      unmatchedLedgerTotal: amountSchema,
      difference: amountSchema,
    })
    .partial()
    .optional(),
  /** A RISK_ASSESSMENT result (other keys are ignored). */
  risk: z
    .object({
      entityId: idSchema.optional(),
      score: z.number().min(0).max(100),
      level: z.enum(riskLevels),
      drivers: z
        .array(z.object({ factor: z.string().max(100), contribution: z.number(), explanation: z.string().max(2_000) }))
        .max(100)
        .optional(),
    })
    .optional(),
});
export type LitigationInput = z.infer<typeof litigationInputSchema>;

export interface LitigationExhibit {
  /** "A-1", "A-2"... in the order the findings appear in the document. */
  exhibit: string;
  transactionIds: string[];
  rule: string;
}

export interface LitigationResult {
  caseId: string;
  /** ISO timestamp of when the document was prepared. */
  generatedAt: string;
  /** The case summary in Markdown. */
  document: string;
  exhibits: LitigationExhibit[];
  findingCount: number;
}
