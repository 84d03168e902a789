import { startedIn, startedOrClosedIn } from '../../../src/analytics/bucket-figures';
import { VisibilityQuery } from '../../../src/temporal/visibility-query';

const jobs = VisibilityQuery.all().equals('WorkflowType', 'jobWorkflow');
const from = new Date('2026-12-02T05:00:00.000Z');
const to = new Date('2026-12-02T06:00:00.000Z');

describe('the count queries of a bucket and of a stretch of buckets', () => {
  it('bounds the jobs started in a bucket by CloseTime >= its start, which every such job meets, for the close-time index', () => {
    expect(startedIn(jobs, from, to).toString()).toBe(
      'WorkflowType = "jobWorkflow" AND CloseTime >= "2026-12-02T05:00:00.000Z" AND StartTime >= "2026-12-02T05:00:00.000Z" ' +
        'AND StartTime < "2026-12-02T06:00:00.000Z"',
    );
  });

  it('asks for the jobs started or closed in a stretch in one query, with OR in parentheses', () => {
    expect(startedOrClosedIn(jobs, from, to).toString()).toBe(
      'WorkflowType = "jobWorkflow" AND CloseTime >= "2026-12-02T05:00:00.000Z" AND ' +
        '((StartTime >= "2026-12-02T05:00:00.000Z" AND StartTime < "2026-12-02T06:00:00.000Z") ' +
        'OR (CloseTime < "2026-12-02T06:00:00.000Z"))',
    );
  });

  it('refuses an OR with an alternative that has no clause (it would match every run)', () => {
    expect(() => jobs.anyOf([VisibilityQuery.all()])).toThrow(/at least one clause/);
    expect(() => jobs.anyOf([])).toThrow(/at least one clause/);
  });
});
