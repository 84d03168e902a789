import { reconciliationInputSchema, type ReconciliationInput, type ReconciliationMatch, type ReconciliationResult } from './schema';
import { defineAgentAction } from '../agent-action';
import { CandidateIndex } from './candidate-index';
import { prepareLines, type PreparedLine } from './prepared-line';
import { textSimilarity } from './similarity';
import { fromCents, toCents } from '../shared/money';
import { compareStrings } from '../shared/text';

/** Weights of the pairing score; text counts most because equal amounts on nearby dates are common. */
const scoreWeights = { similarity: 0.5, date: 0.3, amount: 0.2 } as const;

interface CandidatePair {
  statement: PreparedLine;
  ledger: PreparedLine;
  similarity: number;
  score: number;
  dateDifferenceDays: number;
  amountDifferenceCents: number;
}

/**
 * Matches statement lines to ledger lines one-to-one. Every admissible pair (amount within tolerance, date within
 * tolerance, text similar enough when both lines have text) is scored, then pairs are taken greedily from the best
 * score down, skipping lines already matched. Ties go to the closer date, the closer amount, then the smaller ids,
 * so the same input always gives the same pairs.
 */
export function reconcile(input: ReconciliationInput): ReconciliationResult {
  const { dateToleranceDays, amountTolerance, minDescriptionSimilarity } = input.options;
  const toleranceCents = toCents(amountTolerance);
  const statement = prepareLines(input.statement);
  const ledger = prepareLines(input.ledger);
  const index = new CandidateIndex(ledger, toleranceCents, dateToleranceDays);

  const rankInCell = new Map<string, number>();
  const pairs: CandidatePair[] = [];
  for (const line of [...statement].sort((a, b) => compareStrings(a.id, b.id))) {
    const cell = index.cellOf(line);
    const rank = rankInCell.get(cell) ?? 0;
    rankInCell.set(cell, rank + 1);
    for (const candidate of index.candidatesFor(line, rank)) {
      const text = textSimilarity(line, candidate);
      if (text.comparable && text.similarity < minDescriptionSimilarity) continue;
      const dateDifferenceDays = Math.abs(line.day - candidate.day);
      const amountDifferenceCents = Math.abs(line.cents - candidate.cents);
      const dateScore = 1 - dateDifferenceDays / (dateToleranceDays + 1);
      const amountScore = 1 - amountDifferenceCents / (toleranceCents + 1);
      const score = scoreWeights.similarity * text.similarity + scoreWeights.date * dateScore + scoreWeights.amount * amountScore;
      pairs.push({
        statement: line,
        ledger: candidate,
        similarity: text.similarity,
        score,
        dateDifferenceDays,
        amountDifferenceCents,
      });
    }
  }
  pairs.sort(comparePairs);

  const statementMatched = new Array<boolean>(statement.length).fill(false);
  const ledgerMatched = new Array<boolean>(ledger.length).fill(false);
  const chosen: CandidatePair[] = [];
  for (const pair of pairs) {
    if (statementMatched[pair.statement.index] || ledgerMatched[pair.ledger.index]) continue;
    statementMatched[pair.statement.index] = true;
    ledgerMatched[pair.ledger.index] = true;
    chosen.push(pair);
  }
  chosen.sort((a, b) => a.statement.index - b.statement.index);

  const unmatchedStatement = statement.filter((line) => !statementMatched[line.index]);
  const unmatchedLedger = ledger.filter((line) => !ledgerMatched[line.index]);
  const statementCents = sumCents(statement);
  const ledgerCents = sumCents(ledger);
  return {
    matched: chosen.map(toMatch),
    unmatchedStatement: unmatchedStatement.map((line) => line.id),
    unmatchedLedger: unmatchedLedger.map((line) => line.id),
    totals: {
      statementCount: statement.length,
      ledgerCount: ledger.length,
      matchedCount: chosen.length,
      statementTotal: fromCents(statementCents),
      ledgerTotal: fromCents(ledgerCents),
      matchedTotal: fromCents(sumCents(chosen.map((pair) => pair.statement))),
      unmatchedStatementTotal: fromCents(sumCents(unmatchedStatement)),
      unmatchedLedgerTotal: fromCents(sumCents(unmatchedLedger)),
      difference: fromCents(statementCents - ledgerCents),
    },
  };
}

function comparePairs(a: CandidatePair, b: CandidatePair): number {
  return (
    b.score - a.score ||
    a.dateDifferenceDays - b.dateDifferenceDays ||
    a.amountDifferenceCents - b.amountDifferenceCents ||
    compareStrings(a.statement.id, b.statement.id) ||
    compareStrings(a.ledger.id, b.ledger.id)
  );
}

function toMatch(pair: CandidatePair): ReconciliationMatch {
  return {
    statementId: pair.statement.id,
    ledgerId: pair.ledger.id,
    amount: fromCents(pair.statement.cents),
    dateDifferenceDays: pair.dateDifferenceDays,
    similarity: round4(pair.similarity),
    score: round4(pair.score),
  };
}

function sumCents(lines: readonly PreparedLine[]): number {
  let total = 0;
  for (const line of lines) total += line.cents;
  return total;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export const reconciliationActions = [
  defineAgentAction({
    agent: 'reconciliation',
    name: 'reconcileStatement',
    description: 'Matches bank statement lines to ledger lines one-to-one by amount, date and description.',
    input: reconciliationInputSchema,
    run: (input) => reconcile(input),
    summarize: (result) => ({
      message: 'Statement reconciled',
      counts: {
        statementLines: result.totals.statementCount,
        ledgerLines: result.totals.ledgerCount,
        matched: result.totals.matchedCount,
        unmatchedStatement: result.unmatchedStatement.length,
        unmatchedLedger: result.unmatchedLedger.length,
      },
    }),
  }),
] as const;
