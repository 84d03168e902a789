/**
 * The audit log's hash chain: each record holds the SHA-256 of the record before it, so a record changed, removed,
 * inserted or moved breaks the chain at that record. Used by the activity that seals entries (the one writer) and by
 * `npm run audit:verify` (the checker); both hash the same canonical JSON.
 */
import { createHash } from 'node:crypto';
import type { AuditChainHead, AuditEntry, AuditRecord } from '../contracts/audit-log';

/** Keeps a hash of this scheme from ever matching a hash of anything else. */
const domain = 'taskmaster-audit-v1\n';

/** JSON with object keys sorted at every level and no whitespace: the same record always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** The hash a record must carry: SHA-256 (hex) of its canonical JSON without `hash`. */
export function recordHash(record: Omit<AuditRecord, 'hash'> | AuditRecord): string {
  const { hash: _hash, ...rest } = record as AuditRecord;
  return createHash('sha256').update(domain).update(canonicalJson(rest)).digest('hex');
}

/** The next record of the chain: numbered after the head and chained to it. */
export function sealRecord(head: AuditChainHead, entry: AuditEntry, recordedAt: string): AuditRecord {
  const unsealed = { ...entry, seq: head.seq + 1, recordedAt, prevHash: head.hash };
  return { ...unsealed, hash: recordHash(unsealed) };
}

export const headOf = (record: AuditRecord): AuditChainHead => ({ seq: record.seq, hash: record.hash });

export type ChainVerdict =
  | { ok: true; head: AuditChainHead; count: number }
  | {
      ok: false;
      /** The seq of the first record that was changed, or that a removed record should have had. */
      seq: number;
      /** The record found there (absent when the chain ends early). */
      record?: AuditRecord;
      reason: string;
    };

/**
 * Checks records (oldest first) against the head they continue from: every seq one more than the last, every prevHash
 * the last hash, every hash its record's. Reports the first record that breaks the chain and why.
 */
export function verifyChain(records: readonly AuditRecord[], start: AuditChainHead): ChainVerdict {
  let head = start;
  for (const record of records) {
    const expected = head.seq + 1;
    if (record.seq !== expected) {
      const reason =
        record.seq > expected
          ? `record ${expected} is missing (removed): the next one found is ${record.seq}`
          : `record ${record.seq} is out of order (moved or duplicated): record ${expected} was expected here`;
      return { ok: false, seq: expected, record, reason };
    }
    if (record.hash !== recordHash(record)) {
      return { ok: false, seq: record.seq, record, reason: `record ${record.seq} was changed: its content does not match its hash` };
    }
    if (record.prevHash !== head.hash) {
      const reason =
        `record ${record.seq} does not chain to the record before it: record ${head.seq} was changed (and its hash recomputed) ` +
        'or replaced';
      return { ok: false, seq: Math.max(head.seq, 1), record, reason };
    }
    head = headOf(record);
  }
  return { ok: true, head, count: records.length };
}
