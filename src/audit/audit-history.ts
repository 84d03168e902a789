/**
 * The audit records as a run's history holds them: the chain head the run started from (its input), each update
 * append's result (its update-completed events) and each signalled batch's sealed records (the markers of the
 * local activity that sealed them), in history order. What `npm run audit:verify` and closed runs'
 * reads of GET /v1/audit use: the history, not the workflow's answer, is the record.
 */
import type { LoadedDataConverter } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { temporal } from '@temporalio/proto';
import { genesisHash, sealAuditEntriesActivity, type AuditChainHead, type AuditLogInput, type AuditRecord } from '../contracts/audit-log';

/** The marker the SDK records for a local activity's result. */
const localActivityMarker = 'core_local_activity';

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
      const marker = event.markerRecordedEventAttributes;
      if (marker?.markerName === localActivityMarker && activityTypeOf(marker.details?.data?.payloads) === sealAuditEntriesActivity) {
        records.push(...(await decodeFromPayloadsAtIndex<AuditRecord[]>(converter, 0, marker.details?.result?.payloads)));
      }
    } catch (error) {
      unreadable.push({ eventId, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { startHead, records, unreadable };
}

/** The activity type a local activity marker names: its `data` detail is plain JSON written by the SDK's core. */
function activityTypeOf(payloads: temporal.api.common.v1.IPayload[] | null | undefined): string | undefined {
  const data = payloads?.[0]?.data;
  if (!data) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: unknown };
    return typeof parsed.activity_type === 'string' ? parsed.activity_type : undefined;
  } catch {
    return undefined;
  }
}
