import { investigationIdSchema } from '../../../contracts/investigation-workflow';
import { jobIdSchema } from '../../../contracts/job-workflow';
import { startInvestigationRequestSchema } from '../../../investigations/service/investigation-request';
import { submitJobRequestSchema } from '../../../jobs/job-request';
import { rerunRequestSchema } from '../../../replay/rerun-request';
import { pathIdOf } from '../../parse';
import type { MutationResolvers } from '../generated/resolvers-types';
import type { GraphQLServices } from '../graphql-services';
import { parseArguments } from './arguments';
import { rerunOf } from './views';

/** The mutations: each one the service call its REST route makes, with the same body schema (named under `input`). */
export function mutationResolvers(services: GraphQLServices): Required<MutationResolvers> {
  const { jobs, investigations } = services;
  return {
    submitJob: async (_parent, { input }, { principal }) => {
      const job = await jobs.submit(parseArguments(submitJobRequestSchema, input, ['input']), principal);
      return {
        success: true,
        jobId: job.jobId,
        workflowId: job.workflowId,
        runId: job.runId,
        status: job.status,
        created: job.created,
        estimatedTime: job.estimatedTime,
        message: job.created ? 'job submitted' : 'a job already existed for this idempotencyKey: this is it',
      };
    },
    cancelJob: async (_parent, { jobId }, { principal }) => {
      const canceled = await jobs.cancel(pathIdOf(jobIdSchema, jobId, 'job'), principal);
      return { id: canceled.jobId, status: canceled.status };
    },
    // Through the service, as REST: the rerun is requested with the principal's client (its identity names them).
    replayJob: async (_parent, { jobId, input }, { principal }) => {
      const id = pathIdOf(jobIdSchema, jobId, 'job');
      const request = parseArguments(rerunRequestSchema, input ?? {}, ['input']);
      return rerunOf(id, await jobs.replay(id, request, principal));
    },
    startInvestigation: async (_parent, { input }, { principal }) => {
      const started = await investigations.start(parseArguments(startInvestigationRequestSchema, input, ['input']), principal);
      return { ...started, status: 'RUNNING' };
    },
    cancelInvestigation: async (_parent, { investigationId }, { principal }) => {
      const canceled = await investigations.cancel(pathIdOf(investigationIdSchema, investigationId, 'investigation'), principal);
      return { id: canceled.investigationId, status: canceled.status };
    },
    replayInvestigation: async (_parent, { investigationId, input }, { principal }) => {
      const id = pathIdOf(investigationIdSchema, investigationId, 'investigation');
      const request = parseArguments(rerunRequestSchema, input ?? {}, ['input']);
      return rerunOf(id, await investigations.replay(id, request, principal));
    },
  };
}
