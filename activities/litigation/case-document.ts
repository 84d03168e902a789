import type { Severity } from '../shared/common-schema';
import type { FindingLike } from '../fraud/schema';
import type { LitigationInput } from './schema';
import { formatCents, plural } from '../shared/format';
import { toCents } from '../shared/money';
import { escapeMarkdown, humanizeRule, table } from './markdown';

/** Transactions listed in the text of one exhibit; the full list is in the result's `exhibits`. */
const maxIdsInText = 100;

export interface OrderedFinding {
  exhibit: string;
  finding: FindingLike;
}

const limitations =
  'This summary was prepared automatically from the data and findings supplied with the request. The findings ' +
  'come from rules that identify patterns warranting review: they are not conclusions that fraud or any other ' +
  'wrongdoing occurred, and each must be verified against the source documents by a qualified examiner before it ' +
  'is relied upon. Amounts are as supplied, in the currency of the source records. Matters outside the data ' +
  'supplied are not covered. This document is not legal advice.';

type ReconciliationTotals = NonNullable<LitigationInput['reconciliation']>;

const reconciliationRows: readonly { key: keyof ReconciliationTotals; label: string; money: boolean }[] = [
  { key: 'statementCount', label: 'Statement lines', money: false },
  { key: 'ledgerCount', label: 'Ledger lines', money: false },
  { key: 'matchedCount', label: 'Matched pairs', money: false },
  { key: 'statementTotal', label: 'Statement total', money: true },
  { key: 'ledgerTotal', label: 'Ledger total', money: true },
  { key: 'matchedTotal', label: 'Matched total', money: true },
  { key: 'unmatchedStatementTotal', label: 'Unmatched statement total', money: true },
  { key: 'unmatchedLedgerTotal', label: 'Unmatched ledger total', money: true },
  { key: 'difference', label: 'Difference (statement - ledger)', money: true },
];

export function caseDocument(input: LitigationInput, ordered: readonly OrderedFinding[], generatedAt: string): string {
  const lines: string[] = [
    `# ${escapeMarkdown(input.title ?? `Case summary: ${input.caseId}`)}`,
    '',
    `**Case:** ${escapeMarkdown(input.caseId)}  `,
    `**Prepared:** ${generatedAt}`,
    '',
    '## Parties',
    '',
    ...(input.parties?.length ? input.parties.map((party) => `- ${escapeMarkdown(party)}`) : ['No parties were named.']),
    '',
    '## Executive summary',
    '',
    executiveSummary(input),
    '',
    '## Findings',
    '',
  ];
  if (ordered.length === 0) lines.push('No findings were presented.', '');
  for (const { exhibit, finding } of ordered) {
    const shown = finding.transactionIds.slice(0, maxIdsInText).map(escapeMarkdown);
    const more = finding.transactionIds.length - shown.length;
    lines.push(
      `### ${exhibit}. ${escapeMarkdown(humanizeRule(finding.rule))} (${finding.severity})`,
      '',
      escapeMarkdown(finding.explanation),
      '',
      `Exhibit ${exhibit}: ${shown.length === 0 ? 'no transactions named' : `transactions ${shown.join(', ')}`}` +
        `${more > 0 ? ` and ${more} more (see the exhibit list)` : ''}.`,
      '',
    );
  }
  if (input.reconciliation) lines.push(...reconciliationSection(input.reconciliation));
  if (input.risk) lines.push(...riskSection(input.risk));
  lines.push('## Limitations', '', limitations, '');
  return lines.join('\n');
}

function executiveSummary(input: LitigationInput): string {
  const counts: Record<Severity, number> = { HIGH: 0, MEDIUM: 0, LOW: 0 };
  const transactions = new Set<string>();
  for (const finding of input.findings) {
    counts[finding.severity] += 1;
    for (const id of finding.transactionIds) transactions.add(id);
  }
  const sentences = [
    `The analysis presents ${plural(input.findings.length, 'finding')}: ${counts.HIGH} of high, ` +
      `${counts.MEDIUM} of medium and ${counts.LOW} of low severity, concerning ` +
      `${plural(transactions.size, 'distinct transaction')}.`,
  ];
  const rec = input.reconciliation;
  if (rec?.difference !== undefined) {
    sentences.push(
      `The bank statement and the ledger differ by ${formatCents(toCents(rec.difference))}` +
        (rec.matchedCount !== undefined ? ` after ${plural(rec.matchedCount, 'matched pair')}.` : '.'),
    );
  }
  if (input.risk) {
    sentences.push(`The risk assessment scores the entity ${input.risk.score}/100 (${input.risk.level}).`);
  }
  return sentences.join(' ');
}

function reconciliationSection(rec: ReconciliationTotals): string[] {
  const rows = reconciliationRows.flatMap(({ key, label, money }) => {
    const value = rec[key];
    if (value === undefined) return [];
    return [[label, money ? formatCents(toCents(value)) : String(value)]];
  });
  return ['## Reconciliation', '', ...table(['Measure', 'Value'], rows), ''];
}

function riskSection(risk: NonNullable<LitigationInput['risk']>): string[] {
  const subject = risk.entityId ? ` of ${escapeMarkdown(risk.entityId)}` : '';
  const lines = ['## Risk assessment', '', `The risk score${subject} is **${risk.score}/100**, level **${risk.level}**.`, ''];
  if (risk.drivers?.length) {
    const rows = risk.drivers.map((d) => [escapeMarkdown(d.factor), String(d.contribution), escapeMarkdown(d.explanation)]);
    lines.push(...table(['Driver', 'Points', 'Explanation'], rows), '');
  }
  return lines;
}
