import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

/** The id of the patch a marker event records, from its `patch-data` payload ({"id": ..., "deprecated": ...}). */
function markerPatchId(event: temporal.api.history.v1.IHistoryEvent): string | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_patch') return undefined;
  const payload = marker.details?.['patch-data']?.payloads?.[0];
  if (!payload?.data) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(payload.data).toString('utf8')) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Temporal names the patch, not the event, when a history holds a patch marker the code no longer (or not yet)
 * reaches: this finds that marker's event so that the report says where replay diverged.
 */
export function patchMarkerEvent(history: History, errorMessage: string): string | undefined {
  const patchId = /patch marker encountered for change ([\w.-]+)/.exec(errorMessage)?.[1];
  if (!patchId) return undefined;
  const event = history.events?.find((candidate) => markerPatchId(candidate) === patchId);
  return event ? `event ${String(event.eventId)} (MarkerRecorded, patch ${patchId})` : undefined;
}
