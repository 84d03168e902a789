import type { AuditRecord, SealAuditEntriesInput, SealAuditEntryInput } from '../src/contracts/audit-log';
import { sealRecord } from '../src/audit/audit-chain';

/**
 * The audit log's one activity, run as a local activity by the audit log workflow (the single writer): SHA-256 needs
 * node:crypto, which workflow code may not use. Its result is recorded in the history, so a replay never rehashes.
 */
export function createAuditActivities() {
  return {
    sealAuditEntry(input: SealAuditEntryInput): Promise<AuditRecord> {
      return Promise.resolve(sealRecord(input.head, input.entry, input.recordedAt));
    },
    /** A signalled batch, chained in order: one activity (one marker in the history) for many entries. */
    sealAuditEntries(input: SealAuditEntriesInput): Promise<AuditRecord[]> {
      let head = input.head;
      const records = input.entries.map((entry) => {
        const record = sealRecord(head, entry, input.recordedAt);
        head = { seq: record.seq, hash: record.hash };
        return record;
      });
      return Promise.resolve(records);
    },
  };
}

export type AuditActivities = ReturnType<typeof createAuditActivities>;
