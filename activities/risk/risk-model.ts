/**
 * The risk model: additive points per factor, capped at 100. Weights reflect how directly a factor exposes the
 * firm: a sanctions hit can make a relationship unlawful, a PEP or a risky jurisdiction raises the odds of
 * corruption proceeds, and fraud findings are evidence from the entity's own transactions.
 */
import type { RiskLevel } from './schema';

export const riskWeights = {
  /** Alone enough for CRITICAL. */
  sanctionsHit: 75,
  pepExposure: 20,
  highRiskJurisdiction: 15,
  adverseMediaPerReport: 5,
  adverseMediaMax: 15,
  highRiskIndustry: 10,
  /** Under one year in business; under three years scores `youngBusiness`. */
  newBusiness: 10,
  youngBusiness: 5,
  findingPoints: { HIGH: 12, MEDIUM: 6, LOW: 2 },
  findingsMax: 40,
} as const;

/** Lower bounds of each level, highest first. */
export const riskLevelThresholds: readonly { level: RiskLevel; from: number }[] = [
  { level: 'CRITICAL', from: 75 },
  { level: 'HIGH', from: 50 },
  { level: 'MEDIUM', from: 25 },
  { level: 'LOW', from: 0 },
];

export function riskLevel(score: number): RiskLevel {
  return riskLevelThresholds.find((threshold) => score >= threshold.from)?.level ?? 'LOW';
}

/**
 * Cash-intensive or value-transfer businesses that AML guidance (FATF, FinCEN) singles out. Matched as whole
 * words of the folded industry text.
 */
export const highRiskIndustryKeywords: readonly string[] = [
  'casino',
  'gambling',
  'betting',
  'crypto',
  'cryptocurrency',
  'virtual asset',
  'virtual assets',
  'money services',
  'money service',
  'msb',
  'remittance',
  'money transfer',
  'currency exchange',
  'bureau de change',
  'precious metals',
  'jewellery',
  'jewelry',
  'gold',
  'diamonds',
  'arms',
  'weapons',
  'pawn',
  'pawnbroker',
];
