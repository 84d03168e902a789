import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../../src/errors/failure-types';
import { defineAgentAction } from '../agent-action';
import { explain } from './explain';
import { helpInputSchema } from './schema';

export { explain } from './explain';

export const helpActions = [
  defineAgentAction({
    agent: 'help',
    name: 'explainJob',
    description: "Explains another job's state in plain words, with what the reader can do next.",
    input: helpInputSchema,
    // deps.describeJob reads the job's state from Temporal (describe + history); undefined when there is no such job.
    run: async ({ jobId }, deps) => {
      const snapshot = await deps.describeJob(jobId);
      if (!snapshot) {
        throw ApplicationFailure.create({
          type: FailureType.NotFound,
          nonRetryable: true,
          message: `No job with id "${jobId}" exists: check the id (GET /v1/jobs lists the jobs).`,
        });
      }
      return explain(snapshot);
    },
    summarize: (result) => ({
      message: 'Job explained',
      counts: { sentences: result.explanation.length, suggestedActions: result.suggestedActions.length },
    }),
  }),
] as const;
