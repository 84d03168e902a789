import type { AuditRecord, SealAuditEntryInput } from '../src/contracts/audit-log';
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
  };
}

export type AuditActivities = ReturnType<typeof createAuditActivities>;
