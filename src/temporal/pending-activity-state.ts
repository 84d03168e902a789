import { temporal } from '@temporalio/proto';

/** The pending activity's state as a word ('SCHEDULED', 'STARTED', ...), not the protobuf enum number. */
export function pendingActivityStateName(state: temporal.api.enums.v1.PendingActivityState | null | undefined): string {
  const name = state === null || state === undefined ? undefined : temporal.api.enums.v1.PendingActivityState[state];
  return (name ?? 'UNSPECIFIED').replace('PENDING_ACTIVITY_STATE_', '');
}
