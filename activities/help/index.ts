import { ApplicationFailure } from '@temporalio/common';
import { helpInputSchema, type HelpResult } from './schema';
import type { JobSnapshot } from './snapshot';
import { FailureType } from '../../src/errors/failure-types';
import { logActivitySummary } from '../activity-log';
import { explain } from './explain';
import { parseJobData } from '../parse-job-data';

export { explain } from './explain';

export interface HelpDeps {
  /** Reads a job's state from Temporal (describe + history); undefined when there is no such job. */
  describeJob: (jobId: string) => Promise<JobSnapshot | undefined>;
}

export function createHelpActivities(deps: HelpDeps) {
  return {
    async explainJob(data: unknown): Promise<HelpResult> {
      const { jobId } = parseJobData(helpInputSchema, data);
      const snapshot = await deps.describeJob(jobId);
      if (!snapshot) {
        throw ApplicationFailure.create({
          type: FailureType.NotFound,
          nonRetryable: true,
          message: `No job with id "${jobId}" exists: check the id (GET /v1/jobs lists the jobs).`,
        });
      }
      const result = explain(snapshot);
      logActivitySummary('Job explained', {
        sentences: result.explanation.length,
        suggestedActions: result.suggestedActions.length,
      });
      return result;
    },
  };
}
