import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { parseJobData } from '../../../activities/parse-job-data';
import { describeJobDataIssues, formatIssuePath, maxReportedIssues } from '../../../activities/shared/job-data-issues';
import { FailureType } from '../../../src/errors/failure-types';

const schema = z.strictObject({
  items: z.array(z.strictObject({ amount: z.number() })),
  name: z.string().default('x'),
});

describe('parseJobData', () => {
  it('returns the parsed data with defaults applied', () => {
    expect(parseJobData(schema, { items: [{ amount: 1 }] })).toEqual({ items: [{ amount: 1 }], name: 'x' });
  });

  it('throws a non-retryable InvalidJobData failure naming the fields, with the issues as details', () => {
    const error = (() => {
      try {
        parseJobData(schema, { items: [{ amount: 'one' }, { amount: 2, extra: true }] });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ApplicationFailure);
    const failure = error as ApplicationFailure;
    expect(failure.type).toBe(FailureType.InvalidJobData);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/^Invalid job data: items\[0\]\.amount: .+; items\[1\]: .+extra/);
    expect(failure.details).toEqual([
      { path: 'items[0].amount', message: expect.any(String) },
      { path: 'items[1]', message: expect.stringContaining('extra') },
    ]);
  });

  it('keeps the message and the details short when hostile input fails everywhere', () => {
    const items = Array.from({ length: 10_000 }, () => ({ amount: 'x' }));
    try {
      parseJobData(schema, { items });
      throw new Error('should have failed');
    } catch (e) {
      const failure = e as ApplicationFailure;
      expect(failure.details).toHaveLength(maxReportedIssues);
      expect(failure.message).toContain('(and 9995 more issues)');
      expect(failure.message.length).toBeLessThan(1_000);
    }
  });

  it('formats paths', () => {
    expect(formatIssuePath([])).toBe('(root)');
    expect(formatIssuePath(['a', 0, 'b', 12])).toBe('a[0].b[12]');
    expect(describeJobDataIssues([{ path: 'a', message: 'bad' }])).toBe('Invalid job data: a: bad');
  });
});
