import { fraudOptionsSchema, type FindingLike } from '../fraud/schema';
import { riskInputSchema, type RiskDriver, type RiskInput, type RiskResult } from './schema';
import { defineAgentAction } from '../agent-action';
import { detect } from '../fraud';
import { highRiskIndustryKeywords, riskLevel, riskWeights } from './risk-model';
import { plural } from '../shared/format';
import { tokenize } from '../shared/text';

/** Scores an entity with the additive model of activities/risk/risk-model.ts; see docs/job-types.md. */
export function assess(input: RiskInput): RiskResult {
  const { entity } = input;
  const factors = input.factors ?? {};
  const drivers: RiskDriver[] = [];
  const add = (factor: string, contribution: number, explanation: string): void => {
    if (contribution > 0) drivers.push({ factor, contribution, explanation });
  };

  if (factors.sanctionsHit) {
    add('SANCTIONS_HIT', riskWeights.sanctionsHit, 'The entity matched a sanctions list: dealings may be prohibited.');
  }
  if (factors.pepExposure) {
    add('PEP_EXPOSURE', riskWeights.pepExposure, 'The entity is or is linked to a politically exposed person.');
  }
  if (factors.highRiskJurisdiction) {
    const where = entity.jurisdiction ? ` (${entity.jurisdiction})` : '';
    add('HIGH_RISK_JURISDICTION', riskWeights.highRiskJurisdiction, `The entity's jurisdiction${where} is high-risk.`);
  }
  const adverseMedia = factors.adverseMedia ?? 0;
  add(
    'ADVERSE_MEDIA',
    Math.min(adverseMedia * riskWeights.adverseMediaPerReport, riskWeights.adverseMediaMax),
    `${plural(adverseMedia, 'adverse media report')} (${riskWeights.adverseMediaPerReport} points each, ` +
      `at most ${riskWeights.adverseMediaMax}).`,
  );
  const industryKeyword = entity.industry ? matchHighRiskIndustry(entity.industry) : undefined;
  if (industryKeyword) {
    const explanation = `The industry "${entity.industry}" is a high-risk sector (${industryKeyword}).`;
    add('HIGH_RISK_INDUSTRY', riskWeights.highRiskIndustry, explanation);
  }
  if (entity.yearsInBusiness !== undefined && entity.yearsInBusiness < 3) {
    const isNew = entity.yearsInBusiness < 1;
    add(
      'NEW_BUSINESS',
      isNew ? riskWeights.newBusiness : riskWeights.youngBusiness,
      `In business for ${entity.yearsInBusiness} year${entity.yearsInBusiness === 1 ? '' : 's'}: ` +
        `${isNew ? 'under one year' : 'under three years'}, with little history to judge by.`,
    );
  }
  addFindingsDriver(collectFindings(input), add);

  drivers.sort((a, b) => b.contribution - a.contribution);
  const score = Math.min(
    100,
    drivers.reduce((sum, driver) => sum + driver.contribution, 0),
  );
  return { entityId: entity.id, score, level: riskLevel(score), drivers };
}

/** Given findings plus those of the transactions; the same finding passed both ways counts once. */
function collectFindings(input: RiskInput): FindingLike[] {
  const computed = input.transactions ? detect({ transactions: input.transactions, options: fraudOptionsSchema.parse({}) }).findings : [];
  const unique = new Map<string, FindingLike>();
  for (const finding of [...(input.findings ?? []), ...computed]) {
    const key = `${finding.rule}\u0000${[...finding.transactionIds].sort().join('\u0000')}`;
    if (!unique.has(key)) unique.set(key, finding);
  }
  return [...unique.values()];
}

function addFindingsDriver(findings: readonly FindingLike[], add: (f: string, c: number, e: string) => void): void {
  const counts = { HIGH: 0, MEDIUM: 0, LOW: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  const points =
    counts.HIGH * riskWeights.findingPoints.HIGH +
    counts.MEDIUM * riskWeights.findingPoints.MEDIUM +
    counts.LOW * riskWeights.findingPoints.LOW;
  const rules = [...new Set(findings.map((finding) => finding.rule))].sort();
  add(
    'FRAUD_FINDINGS',
    Math.min(points, riskWeights.findingsMax),
    `${plural(findings.length, 'fraud finding')} (${counts.HIGH} HIGH, ${counts.MEDIUM} MEDIUM, ${counts.LOW} LOW; ` +
      `rules: ${rules.join(', ')}): ${riskWeights.findingPoints.HIGH}, ${riskWeights.findingPoints.MEDIUM} and ` +
      `${riskWeights.findingPoints.LOW} points per HIGH, MEDIUM and LOW finding, at most ${riskWeights.findingsMax}.`,
  );
}

function matchHighRiskIndustry(industry: string): string | undefined {
  const text = ` ${tokenize(industry).join(' ')} `;
  return highRiskIndustryKeywords.find((keyword) => text.includes(` ${keyword} `));
}

export const riskActions = [
  defineAgentAction({
    agent: 'risk',
    name: 'assessRisk',
    description: 'Scores an entity 0-100 from its risk factors and fraud findings, and explains the score.',
    input: riskInputSchema,
    run: (input) => assess(input),
    summarize: (result) => ({ message: 'Risk assessed', counts: { score: result.score, drivers: result.drivers.length } }),
  }),
] as const;
