/**
 * Building blocks shared by the agents' input schemas. Pure module (zod only): imported by workflow code and by
 * the HTTP layer as well as by activities.
 *
 * The bounds are deliberate: job data arrives in HTTP bodies of at most 512 KB, so anything larger than these
 * limits is a mistake or an attack, and rejecting it in the schema keeps the agents' work bounded.
 */
import { z } from 'zod';

/** Most items in any one list of a job (transactions, statement lines, evidence items...). */
export const maxListLength = 50_000;
/** Absolute bound of one money amount. 50,000 amounts of this size still sum exactly in integer cents. */
export const maxAbsoluteAmount = 100_000_000_000;

export const idSchema = z.string().trim().min(1, 'must not be empty').max(200);
export const nameSchema = z.string().trim().min(1, 'must not be empty').max(500);
export const freeTextSchema = z.string().max(2_000);
/** Calendar date as ISO `YYYY-MM-DD`; impossible dates (2026-02-30) are rejected. */
export const isoDateSchema = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });
export const amountSchema = z
  .number({ error: 'must be a finite number' })
  .min(-maxAbsoluteAmount, `must be at least ${-maxAbsoluteAmount}`)
  .max(maxAbsoluteAmount, `must be at most ${maxAbsoluteAmount}`);

export const severitySchema = z.enum(['LOW', 'MEDIUM', 'HIGH']);
export type Severity = z.infer<typeof severitySchema>;
/** Highest first: the order findings are reported in. */
export const severities: readonly Severity[] = ['HIGH', 'MEDIUM', 'LOW'];

/**
 * Adds an issue for every repeated `id` in a list, at the repeated element's path. Results refer to items by id,
 * so duplicate ids would make them ambiguous.
 */
export function uniqueIds<T extends { id: string }>(items: readonly T[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate id "${item.id}"` });
    }
    seen.add(item.id);
  });
}

/** A money transaction as the fraud, risk and compliance agents receive it. */
export const transactionShape = {
  id: idSchema,
  date: isoDateSchema,
  /** Sign gives the direction (negative = outgoing) in exports that use it; the rules look at the magnitude. */
  amount: amountSchema,
  counterparty: nameSchema,
  description: freeTextSchema.optional(),
  reference: z.string().trim().max(200).optional(),
};
export const transactionSchema = z.strictObject(transactionShape);
export type Transaction = z.infer<typeof transactionSchema>;
