/**
 * Cursors: where a message stands in time. A cursor holds the time of the history event behind the message, the
 * event's id and a short tag of its run, so that a reconnect with `since=<cursor>` asks Temporal for the runs that
 * closed since then, and skips the very terminal status the cursor came from. Opaque to clients.
 */
import { InvalidInputError } from '../errors/domain-errors';

export interface CursorPosition {
  atMs: number;
  /** The run whose event made the message ('' for messages not from a run: agent health). */
  runTag: string;
  eventId: number;
}

/** First 12 hexadecimal digits of the run id: enough to tell runs that closed in the same millisecond apart. */
export const runTagOf = (runId: string): string => runId.replace(/[^0-9a-fA-F]/g, '').slice(0, 12);

export function encodeCursor(position: CursorPosition): string {
  return `${position.atMs.toString(36)}_${position.runTag || '0'}_${position.eventId.toString(36)}`;
}

/** The position a cursor holds; InvalidInputError naming `field` when it is not one of ours or is past its window. */
export function decodeCursor(cursor: string, field: string, replayWindowMs: number, now = Date.now()): CursorPosition {
  const match = /^([0-9a-z]{1,11})_([0-9a-f]{1,12})_([0-9a-z]{1,11})$/.exec(cursor);
  const atMs = match?.[1] === undefined ? NaN : parseInt(match[1], 36);
  if (!match || !Number.isFinite(atMs) || atMs > now + 60_000) {
    throw new InvalidInputError([{ path: field, message: 'expected the cursor of a message received earlier' }]);
  }
  if (now - atMs > replayWindowMs) {
    throw new InvalidInputError([
      {
        path: field,
        message: `the cursor is older than the replay window (events.replayWindow, ${replayWindowMs} ms): subscribe without it`,
      },
    ]);
  }
  return { atMs, runTag: match[2] === '0' ? '' : (match[2] ?? ''), eventId: parseInt(match[3] ?? '0', 36) };
}
