import { severities } from '../shared/common-schema';
import { litigationInputSchema, type LitigationInput, type LitigationResult } from './schema';
import { logActivitySummary } from '../activity-log';
import { caseDocument, type OrderedFinding } from './case-document';
import { parseJobData } from '../parse-job-data';
import { settle } from '../sync-activity';

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

export interface LitigationDeps {
  /** The document's date; injected so tests and replays get a known one. */
  now?: () => Date;
}

export function createLitigationActivities(deps: LitigationDeps = {}) {
  const now = deps.now ?? (() => new Date());
  return {
    prepareCaseSummary(data: unknown): Promise<LitigationResult> {
      return settle(() => {
        const result = prepareSummary(parseJobData(litigationInputSchema, data), now());
        logActivitySummary('Case summary prepared', {
          findings: result.findingCount,
          exhibits: result.exhibits.length,
          documentChars: result.document.length,
        });
        return result;
      });
    },
  };
}
