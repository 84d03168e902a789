import { severities } from '../shared/common-schema';
import { litigationInputSchema, type LitigationInput, type LitigationResult } from './schema';
import { defineAgentAction } from '../agent-action';
import { caseDocument, type OrderedFinding } from './case-document';

/**
 * Writes the case summary: findings ordered by severity (HIGH first, input order within a severity), each given
 * an exhibit label ... whose transactions are listed in `exhibits`.
 */
export function prepareSummary(input: LitigationInput, generatedAt: Date): LitigationResult {
  const ordered: OrderedFinding[] = input.findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => severities.indexOf(a.finding.severity) - severities.indexOf(b.finding.severity) || a.index - b.index)
    .map(({ finding }, position) => ({ exhibit: `A-${position + 1}`, finding }));
  const timestamp = generatedAt.toISOString();
  return {
    caseId: input.caseId,
    generatedAt: timestamp,
    document: caseDocument(input, ordered, timestamp),
    exhibits: ordered.map(({ exhibit, finding }) => ({
      exhibit,
      transactionIds: finding.transactionIds,
      rule: finding.rule,
    })),
    findingCount: input.findings.length,
  };
}

export const litigationActions = [
  defineAgentAction({
    agent: 'litigation',
    name: 'prepareCaseSummary',
    description: 'Writes a Markdown case summary of the findings, with exhibits listing their transactions.',
    input: litigationInputSchema,
    // The document's date is the workflow's (deps.now, from the step context), so a rerun writes the same document.
    run: (input, deps) => prepareSummary(input, deps.now?.() ?? new Date()),
    summarize: (result) => ({
      message: 'Case summary prepared',
      counts: { findings: result.findingCount, exhibits: result.exhibits.length, documentChars: result.document.length },
    }),
  }),
] as const;
