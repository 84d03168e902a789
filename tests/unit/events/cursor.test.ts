import { decodeCursor, encodeCursor, runTagOf } from '../../../src/events/cursor';
import { InvalidInputError } from '../../../src/errors/domain-errors';
import { quantile } from '../../../src/estimates/completion-estimator';

describe('event cursors', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');

  it('round-trips a position, and is URL-safe', () => {
    const position = { atMs: now - 5_000, runTag: runTagOf('01a2304b-0f8b-782a-8a23-bdbdc8868457'), eventId: 42 };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'since', 3_600_000, now)).toEqual(position);
    expect(decodeCursor(encodeCursor({ atMs: now, runTag: '', eventId: 0 }), 'since', 1, now)).toEqual({
      atMs: now,
      runTag: '',
      eventId: 0,
    });
  });

  it('refuses a foreign cursor and one past the window, naming the field', () => {
    for (const bad of ['zzzz', 'abc_xyz_1', '', `${(now + 3_600_000).toString(36)}_0_0`]) {
      expect(() => decodeCursor(bad, 'since', 3_600_000, now)).toThrow(InvalidInputError);
    }
    const old = encodeCursor({ atMs: now - 7_200_000, runTag: '0', eventId: 1 });
    expect(() => decodeCursor(old, 'since', 3_600_000, now)).toThrow(/since: the cursor is older than the replay window/);
  });
});

describe('quantile', () => {
  it('takes the nearest rank', () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.1)).toBe(10);
    expect(quantile([7], 0.9)).toBe(7);
  });
});
