/**
 * The audit records as a run's history holds them: the chain head the run started from (its input) and each
 * append's result (its update-completed events), in history order. What `npm run audit:verify` and closed runs'
 * reads of GET /v1/audit use: the history, not the workflow's answer, is the record.
 */
import type { LoadedDataConverter } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { temporal } from '@temporalio/proto';
import { genesisHash, type AuditChainHead, type AuditLogInput, type AuditRecord } from '../contracts/audit-log';

export interface RunRecords {
  startHead: AuditChainHead;
  records: AuditRecord[];
  /** Events that should hold a record but could not be read (a payload that fails decryption was tampered with). */
  unreadable: Array<{ eventId: string; reason: string }>;
}

export async function recordsOfHistory(history: temporal.api.history.v1.IHistory, converter: LoadedDataConverter): Promise<RunRecords> {
  let startHead: AuditChainHead = { seq: 0, hash: genesisHash };
  const records: AuditRecord[] = [];
  const unreadable: RunRecords['unreadable'] = [];
  for (const event of history.events ?? []) {
    const eventId = String(event.eventId ?? '?');
    try {
      const started = event.workflowExecutionStartedEventAttributes;
      if (started) {
        const input = await decodeFromPayloadsAtIndex<AuditLogInput | undefined>(converter, 0, started.input?.payloads);
        if (input?.head) startHead = input.head;
      }
      const payloads = event.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads;
      if (payloads) records.push(await decodeFromPayloadsAtIndex<AuditRecord>(converter, 0, payloads));
    } catch (error) {
      unreadable.push({ eventId, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { startHead, records, unreadable };
}
