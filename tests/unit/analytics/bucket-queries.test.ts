import { startedIn } from '../../../src/analytics/bucket-figures';
import { anyJobsIn } from '../../../src/analytics/stretch-activity';
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

  it('asks whether a stretch holds jobs with two plain counts: closed in it, then (none closed) started in it', async () => {
    const asked: string[] = [];
    const answering =
      (answers: number[]) =>
      (query: VisibilityQuery): Promise<number> => {
        asked.push(query.toString());
        return Promise.resolve(answers[asked.length - 1] ?? 0);
      };
    expect(await anyJobsIn(jobs, from, to, answering([3]))).toBe(true);
    expect(asked).toEqual([
      'WorkflowType = "jobWorkflow" AND CloseTime >= "2026-12-02T05:00:00.000Z" AND CloseTime < "2026-12-02T06:00:00.000Z"',
    ]);
    asked.length = 0;
    expect(await anyJobsIn(jobs, from, to, answering([0, 1]))).toBe(true);
    expect(asked[1]).toBe(
      'WorkflowType = "jobWorkflow" AND CloseTime >= "2026-12-02T06:00:00.000Z" AND StartTime >= "2026-12-02T05:00:00.000Z" ' +
        'AND StartTime < "2026-12-02T06:00:00.000Z"',
    );
    asked.length = 0;
    expect(await anyJobsIn(jobs, from, to, answering([0, 0]))).toBe(false);
    expect(asked).toHaveLength(2);
  });

  it('refuses an OR with an alternative that has no clause (it would match every run)', () => {
    expect(() => jobs.anyOf([VisibilityQuery.all()])).toThrow(/at least one clause/);
    expect(() => jobs.anyOf([])).toThrow(/at least one clause/);
  });
});
