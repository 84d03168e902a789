import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { FailureType } from '../src/errors/failure-types';
import { describeJobDataIssues, toJobDataIssues } from './shared/job-data-issues';

/**
 * Validates a job's data against its agent's schema. Invalid data can never succeed on a retry, so it fails the
 * activity with a non-retryable `InvalidJobData` failure whose message names the failing fields and whose details
 * carry the issues as `{ path, message }` objects.
 */
export function parseJobData<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = toJobDataIssues(result.error);
  throw ApplicationFailure.create({
    type: FailureType.InvalidJobData,
    nonRetryable: true,
    message: describeJobDataIssues(issues, result.error.issues.length),
    details: issues,
  });
}
