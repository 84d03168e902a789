import { samplePrefix } from '../../../src/analytics/bucket-sample';
import { VisibilityQuery } from '../../../src/temporal/visibility-query';

describe('the sample page of a bucket', () => {
  it('lists the whole bucket when it fits in a page, else a slice of job ids small enough to fit', () => {
    expect(samplePrefix(800, 1_000, 7)).toBeUndefined();
    // 10,000 jobs: one hex digit leaves about 625, a random draw from the whole bucket.
    expect(samplePrefix(10_000, 1_000, 0x2a)).toBe('job-a');
    expect(samplePrefix(1_000_000, 1_000, 0x2a)).toBe('job-02a');
  });

  it('asks for the slice with STARTS_WITH, the prefix quoted', () => {
    expect(VisibilityQuery.all().equals('WorkflowType', 'jobWorkflow').startsWith('WorkflowId', 'job-a').toString()).toBe(
      'WorkflowType = "jobWorkflow" AND WorkflowId STARTS_WITH "job-a"',
    );
  });
});
