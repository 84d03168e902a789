/** Input and result of the fraud agent (job type FRAUD_DETECTION). Pure module. */
import { z } from 'zod';
import { maxListLength, severitySchema, transactionSchema, uniqueIds, type Severity } from '../shared/common-schema';

export const fraudRules = ['DUPLICATE_PAYMENT', 'ROUND_AMOUNT', 'JUST_UNDER_THRESHOLD', 'BENFORD_DEVIATION', 'VELOCITY'] as const;
export type FraudRule = (typeof fraudRules)[number];

export const fraudOptionsSchema = z.strictObject({
  /** The reporting threshold that structuring tries to stay under. */
  reportingThreshold: z.number().positive().max(1e9).default(10_000),
  /** Smallest amount the round-amount rule looks at. */
  roundAmountMinimum: z.number().positive().max(1e9).default(1_000),
  /** Fraction below the threshold that counts as "just under": 0.1 = from 90% of the threshold up to it. */
  justUnderMargin: z.number().gt(0).lt(1).default(0.1),
  /** Length of the velocity window in calendar days (1 = the same day). */
  velocityWindowDays: z.number().int().min(1).max(366).default(1),
  /** More transactions than this to one counterparty inside the window is a velocity finding. */
  velocityMaxCount: z.number().int().min(1).max(10_000).default(5),
  /** Benford's law says nothing about small samples: below this many non-zero amounts the test is skipped. */
  benfordMinSample: z.number().int().min(50).max(maxListLength).default(100),
});
export type FraudOptions = z.infer<typeof fraudOptionsSchema>;

export const fraudInputSchema = z.strictObject({
  transactions: z.array(transactionSchema).max(maxListLength).superRefine(uniqueIds),
  options: fraudOptionsSchema.prefault({}),
});
export type FraudInput = z.infer<typeof fraudInputSchema>;

export interface FraudFinding {
  rule: FraudRule;
  severity: Severity;
  transactionIds: string[];
  explanation: string;
}

/**
 * A finding as other agents accept it (risk, litigation): the rule is any name, so findings of custom agents or
 * of an older version of this one are accepted too.
 */
export const findingSchema = z.strictObject({
  rule: z.string().trim().min(1).max(100),
  severity: severitySchema,
  transactionIds: z.array(z.string().min(1).max(200)).max(maxListLength),
  explanation: z.string().max(10_000),
});
export type FindingLike = z.infer<typeof findingSchema>;

export interface FraudResult {
  transactionCount: number;
  /** Highest severity first, then by rule, then by the first transaction's position in the input. */
  findings: FraudFinding[];
  summary: {
    byRule: Record<FraudRule, number>;
    bySeverity: Record<Severity, number>;
    /** Every transaction named by a finding, once, in input order. */
    flaggedTransactionIds: string[];
  };
}
