import Long from 'long';
import { pauseOfConfig } from '../../../src/pause/queue-pause';
import { parsePauseReason, pauseReasonText, pauseRequestSchema } from '../../../src/pause/pause-reason';

describe('pause reasons and configs', () => {
  it('writes the scope into the reason Temporal shows, and reads it back; other tools’ reasons are external', () => {
    expect(pauseReasonText('system', 'migration')).toBe('taskmaster system pause: migration');
    expect(parsePauseReason(pauseReasonText('queue', 'vendor down'))).toEqual({ scope: 'queue', reason: 'vendor down' });
    expect(parsePauseReason('set by hand')).toEqual({ scope: 'external', reason: 'set by hand' });
  });

  it('reads a pause from a rate limit of 0 only, with who and when', () => {
    const metadata = {
      reason: 'taskmaster system pause: x',
      updateIdentity: 'ann@firm',
      updateTime: { seconds: Long.fromNumber(1796103832), nanos: 786000000 },
    };
    expect(pauseOfConfig({ queueRateLimit: { rateLimit: {}, metadata } })).toEqual({
      scope: 'system',
      reason: 'x',
      pausedBy: 'ann@firm',
      pausedAt: '2026-12-01T05:43:52.786Z',
    });
    expect(pauseOfConfig({ queueRateLimit: { rateLimit: { requestsPerSecond: 5 }, metadata } })).toBeUndefined();
    expect(pauseOfConfig({ queueRateLimit: { metadata } })).toBeUndefined();
    expect(pauseOfConfig(undefined)).toBeUndefined();
  });

  it('requires a reason', () => {
    expect(pauseRequestSchema.safeParse({}).success).toBe(false);
    expect(pauseRequestSchema.safeParse({ reason: '   ' }).success).toBe(false);
    expect(pauseRequestSchema.safeParse({ reason: 'x', extra: 1 }).success).toBe(false);
  });
});
