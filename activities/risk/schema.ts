/** Input and result of the risk agent (job type RISK_ASSESSMENT). Pure module. */
import { z } from 'zod';
import { idSchema, maxListLength, nameSchema, transactionSchema, uniqueIds } from '../shared/common-schema';
import { findingSchema } from '../fraud/schema';

export const riskInputSchema = z.strictObject({
  entity: z.strictObject({
    id: idSchema,
    name: nameSchema,
    /** Country or territory, e.g. an ISO 3166 code; reported, not scored: say so with factors.highRiskJurisdiction. */
    jurisdiction: z.string().trim().min(1).max(100).optional(),
    industry: z.string().trim().min(1).max(200).optional(),
    yearsInBusiness: z.number().min(0).max(1_000).optional(),
  }),
  /** Screened with the fraud agent's rules (default options); their findings score like given findings. */
  transactions: z.array(transactionSchema).max(maxListLength).superRefine(uniqueIds).optional(),
  /** Findings already made, e.g. the result of a FRAUD_DETECTION job. */
  findings: z.array(findingSchema).max(10_000).optional(),
  factors: z
    .strictObject({
      pepExposure: z.boolean().optional(),
      sanctionsHit: z.boolean().optional(),
      /** Number of adverse media reports about the entity. */
      adverseMedia: z.number().int().min(0).max(100_000).optional(),
      highRiskJurisdiction: z.boolean().optional(),
    })
    .optional(),
});
export type RiskInput = z.infer<typeof riskInputSchema>;

export const riskLevels = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskLevel = (typeof riskLevels)[number];

export interface RiskDriver {
  factor: string;
  /** Points added to the score (before the score is capped at 100). */
  contribution: number;
  explanation: string;
}

export interface RiskResult {
  entityId: string;
  /** 0..100 */
  score: number;
  level: RiskLevel;
  /** Largest contribution first. Only factors that added points are listed. */
  drivers: RiskDriver[];
}
