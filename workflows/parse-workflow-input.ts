import { ApplicationFailure } from '@temporalio/workflow';
import { z } from '../src/contracts/zod-mini';
import { FailureType } from '../src/errors/failure-types';

/** Validates a workflow's input: bad input fails the workflow at once, unretried, naming every failing field. */
export function parseWorkflowInput<S extends z.core.$ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const parsed = z.safeParse(schema, raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`);
  throw ApplicationFailure.create({
    type: FailureType.InvalidWorkflowInput,
    message: `invalid ${what}: ${problems.join('; ')}`,
    nonRetryable: true,
    details: problems,
  });
}
