/** Input and result of the compliance agent (job type COMPLIANCE_MONITORING). Pure module. */
import { z } from 'zod';
import { maxListLength, nameSchema, transactionShape, uniqueIds } from '../shared/common-schema';

export const transactionTypes = ['CASH', 'WIRE', 'CARD', 'OTHER'] as const;

const complianceTransactionSchema = z.strictObject({
  ...transactionShape,
  /** Only CASH transactions count towards currency transaction reports; absent = OTHER. */
  type: z.enum(transactionTypes).optional(),
  /** Country of the counterparty or of the transaction, e.g. ISO 3166 alpha-2; carried into the reports. */
  country: z.string().trim().min(1).max(100).optional(),
});
export type ComplianceTransaction = z.infer<typeof complianceTransactionSchema>;

/** Screening compares every counterparty with every listed name, so the names are bounded as a whole too. */
export const maxWatchListNames = 20_000;
/**
 * Most name comparisons (distinct counterparties × listed names and aliases) in one job: about a second of work
 * for typical names and well under a minute for the most adversarial ones. Larger screenings are split by the
 * caller into several jobs of fewer transactions.
 */
export const maxScreeningComparisons = 10_000_000;

const watchListEntrySchema = z.strictObject({
  name: nameSchema,
  /** Which list the name comes from, e.g. "OFAC SDN", "UK HMT", an internal list. */
  listName: z.string().trim().min(1).max(200).optional(),
  aliases: z.array(nameSchema).max(50).optional(),
});

export const complianceOptionsSchema = z.strictObject({
  /** Cash amount from which a currency transaction report is due. */
  cashReportThreshold: z.number().positive().max(1e9).default(10_000),
  /** Cash transactions of one counterparty within this many calendar days are added up (1 = the same day). */
  aggregationWindowDays: z.number().int().min(1).max(366).default(1),
  /** Least name similarity (0..1) reported as a watch-list hit. */
  nameMatchThreshold: z.number().min(0.5).max(1).default(0.88),
});
export type ComplianceOptions = z.infer<typeof complianceOptionsSchema>;

const listedNameCount = (entries: readonly z.infer<typeof watchListEntrySchema>[]): number =>
  entries.reduce((sum, entry) => sum + 1 + (entry.aliases?.length ?? 0), 0);

export const complianceInputSchema = z
  .strictObject({
    transactions: z.array(complianceTransactionSchema).max(maxListLength).superRefine(uniqueIds),
    watchList: z
      .array(watchListEntrySchema)
      .max(maxWatchListNames)
      .superRefine((entries, ctx) => {
        const names = listedNameCount(entries);
        if (names > maxWatchListNames) {
          const message = `at most ${maxWatchListNames} names and aliases in all (got ${names})`;
          ctx.addIssue({ code: 'custom', message });
        }
      })
      .optional(),
    options: complianceOptionsSchema.prefault({}),
  })
  .superRefine((input, ctx) => {
    if (!input.watchList) return;
    const counterparties = new Set(input.transactions.map((t) => t.counterparty.toUpperCase())).size;
    const names = listedNameCount(input.watchList);
    const comparisons = counterparties * names;
    if (comparisons > maxScreeningComparisons) {
      ctx.addIssue({
        code: 'custom',
        path: ['watchList'],
        message:
          `screening ${counterparties} counterparties against ${names} listed names is ${comparisons} comparisons, ` +
          `more than the ${maxScreeningComparisons} one job may do: split the transactions into several jobs`,
      });
    }
  });
export type ComplianceInput = z.infer<typeof complianceInputSchema>;

export interface ThresholdReport {
  /** CTR: one cash transaction at or above the threshold. AGGREGATED_CTR: smaller ones that reach it together. */
  reportType: 'CTR' | 'AGGREGATED_CTR';
  counterparty: string;
  transactionIds: string[];
  /** Sum of the amounts' magnitudes, to the cent. */
  total: number;
  startDate: string;
  endDate: string;
  countries: string[];
}

export interface WatchListHit {
  /** As written in the (first) transaction with this counterparty. */
  counterparty: string;
  /** The listed entry's primary name. */
  watchListName: string;
  /** The name or alias that matched best. */
  matchedName: string;
  listName?: string;
  /** 0..1, four decimals. */
  score: number;
  transactionIds: string[];
}

export interface ComplianceResult {
  thresholdReports: ThresholdReport[];
  watchListHits: WatchListHit[];
  /** Distinct counterparties screened (after name normalisation). */
  screenedCounterparties: number;
  summary: {
    transactionCount: number;
    cashTransactionCount: number;
    ctrCount: number;
    aggregatedCtrCount: number;
    watchListHitCount: number;
    /** Hits found beyond the 1,000 reported (lowest scores); their transactions are still in flaggedTransactionIds. */
    watchListHitsOmitted: number;
    /** Transactions in any report or hit, in input order. */
    flaggedTransactionIds: string[];
  };
}
