/**
 * Verifies a run's step record: the sealed chain must be intact (each entry's hash over its content, each prevHash
 * the entry before), and each entry must say what the history says (recomputed from the events and the content
 * store), and the head must be the one in the result and in visibility. Reports the first entry that does not hold.
 */
import { recordGenesisHash, type StepRecordEntry } from '../contracts/step-record';
import { chainEntries, entryHash, headOfChain } from './record-chain';
import type { HistoryRecord, RecomputedEntry } from './record-from-history';

export type RecordVerdict =
  | {
      ok: true;
      /** False for a run that sealed no record (it predates the record, or is still running): the chain is recomputed. */
      sealed: boolean;
      head: string;
      entries: number;
    }
  | {
      ok: false;
      /** The entry (0 is the submission) where the record first fails, its step and the history event concerned. */
      seq: number;
      step?: string;
      eventId?: string;
      reason: string;
    };

const comparedFields = [
  'step',
  'role',
  'agent',
  'action',
  'attempt',
  'outcome',
  'inputSha256',
  'outputSha256',
  'agentVersion',
  'eventId',
] as const;

export function verifyRecord(record: HistoryRecord, visibilityHead?: string): RecordVerdict {
  const recomputed = record.entries;
  if (record.sealProblem) return { ok: false, seq: recomputed.length, step: '(sealed record)', reason: record.sealProblem };
  const sealed = record.sealed;
  if (!sealed) {
    const broken = recomputed.find((entry) => entry.problem);
    if (broken) return failAt(broken, `step ${broken.step}: ${broken.problem}`);
    const chain = chainEntries(recomputed.map(withoutProblem));
    return { ok: true, sealed: false, head: headOfChain(chain), entries: chain.length };
  }
  let prevHash = recordGenesisHash;
  for (let seq = 0; seq < Math.max(sealed.chain.length, recomputed.length); seq++) {
    const entry = sealed.chain[seq];
    const expected = recomputed[seq];
    if (!entry) {
      return failAt(expected, `step ${expected?.step} (event ${expected?.eventId}) is in the history but not in the sealed record`);
    }
    const label = `entry ${seq} (step ${entry.step}${entry.role === 'primary' || entry.role === 'submission' ? '' : `, ${entry.role}`})`;
    if (entry.seq !== seq) return failAt(entry, `${label} is out of place: entry ${seq} was expected here (one was removed or moved)`);
    if (entry.hash !== entryHash(entry)) return failAt(entry, `${label} was changed: its content does not match its hash`);
    if (entry.prevHash !== prevHash)
      return failAt(entry, `${label} does not chain to entry ${seq - 1}: that entry was changed or replaced`);
    if (!expected) return failAt(entry, `${label} has no step in the history: the history lost it, or the entry was added`);
    if (expected.problem) return failAt(expected, `step ${expected.step}: ${expected.problem}`);
    for (const field of comparedFields) {
      if (entry[field] !== expected[field]) {
        return failAt(
          expected,
          `${label}: the history (event ${shown(expected.eventId)}) gives ${field} ${shown(expected[field])}, ` +
            `the record says ${shown(entry[field])}`,
        );
      }
    }
    prevHash = entry.hash;
  }
  const last = sealed.chain.at(-1);
  if (sealed.head !== prevHash || sealed.entries !== sealed.chain.length) {
    return {
      ok: false,
      seq: sealed.chain.length,
      reason: `the sealed head ${sealed.head} is not the hash of the last entry (${prevHash})`,
    };
  }
  if (record.resultHead !== undefined && record.resultHead !== sealed.head) {
    return {
      ok: false,
      seq: sealed.chain.length,
      ...(last ? { step: last.step } : {}),
      reason: `the result's head ${record.resultHead} is not the sealed head ${sealed.head}`,
    };
  }
  if (visibilityHead !== undefined && visibilityHead !== sealed.head) {
    return {
      ok: false,
      seq: sealed.chain.length,
      reason: `the head in visibility (${visibilityHead}) is not the sealed head ${sealed.head}`,
    };
  }
  return { ok: true, sealed: true, head: sealed.head, entries: sealed.chain.length };
}

const withoutProblem = ({ problem: _problem, ...entry }: RecomputedEntry): Omit<RecomputedEntry, 'problem'> => entry;

function failAt(entry: StepRecordEntry | RecomputedEntry | undefined, reason: string): RecordVerdict {
  return { ok: false, seq: entry?.seq ?? -1, ...(entry ? { step: entry.step, eventId: entry.eventId } : {}), reason };
}

/** A value of a history event or an entry as people read it: a field a tampered file lost shows as "(none)". */
const shown = (value: string | number | boolean | undefined): string => (value === undefined || value === '' ? '(none)' : String(value));

/** Where a failed verdict is, unless its reason already starts by naming the entry. */
export function verdictPlace(verdict: Extract<RecordVerdict, { ok: false }>): string {
  const place = `entry ${verdict.seq}${verdict.step ? ` (step ${verdict.step})` : ''}`;
  return verdict.reason.startsWith(`entry ${verdict.seq} `) ? verdict.reason : `${place}: ${verdict.reason}`;
}

/** One line for people: OK with the head, or where and why it fails. */
export function describeRecordVerdict(name: string, verdict: RecordVerdict): string {
  if (!verdict.ok) return `FAIL  ${name}: ${verdictPlace(verdict)}`;
  const note = verdict.sealed ? '' : ' (recomputed; the run sealed no record)';
  return `OK    ${name}: ${verdict.entries} entries, head ${verdict.head}${note}`;
}
