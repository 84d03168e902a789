import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The journal the test agent (tests/fixtures/agents/journal-agent.ts) appends each effect to, so a test can count
 * what really ran: a fresh file per suite, and the fault file whose presence makes the agent fail on purpose.
 */
export function journalFixture(prefix: string) {
  const journalFile = path.join(mkdtempSync(path.join(os.tmpdir(), `taskmaster-${prefix}-`)), 'journal.log');
  return {
    journalFile,
    /** The journal agent's entry in temporal.yaml's agents. */
    agent: { taskQueue: 'agent-journal', module: path.resolve(__dirname, '../../fixtures/agents/journal-agent.ts') },
    /** Points the journal agent at this suite's file, emptied. Call before its workers start. */
    begin: (): void => {
      process.env.JOURNAL_FILE = journalFile;
      writeFileSync(journalFile, '');
    },
    faultFile: `${journalFile}.fault`,
    /** The "<action> <entryId>" of each line whose entry contains the marker. */
    journal: (marker: string): string[] =>
      readFileSync(journalFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes(` ${marker}`))
        .map((line) => line.split(' ').slice(0, 2).join(' ')),
  };
}
